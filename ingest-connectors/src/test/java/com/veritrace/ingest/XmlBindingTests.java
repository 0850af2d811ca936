package com.veritrace.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The XML binding: GS1's XML examples against their JSON-LD twins (the CBV 2.0 hash is
 * binding independent), EPCIS 1.2 XML, hostile documents, the XML query answers
 * ({@link EpcisXmlWriter}) validated against GS1's XSDs and read back to the same hashes,
 * and the hash tool's warnings.
 */
class XmlBindingTests {

	private static final String XML = "samples/epcis-gs1-xml/";

	private static final String JSON = "samples/epcis-gs1/";

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	private static ServerSocket listener;

	private static final AtomicInteger HITS = new AtomicInteger();

	/**
	 * A loopback port that counts every connection: a parser that fetched an external
	 * entity, DTD or XInclude would show here.
	 */
	@BeforeAll
	static void listen() throws IOException {
		listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread accept = new Thread(() -> {
			while (!listener.isClosed()) {
				try (Socket s = listener.accept()) {
					HITS.incrementAndGet();
				}
				catch (IOException closed) {
					return;
				}
			}
		}, "xxe-listener");
		accept.setDaemon(true);
		accept.start();
	}

	@AfterAll
	static void close() throws IOException {
		listener.close();
	}

	/**
	 * GS1's XML examples whose JSON-LD twins hold the same event: XML file and event
	 * index, JSON-LD file and event index. GS1's other "twins" are not the same events
	 * and hash differently for that reason (checked by hand from the pre-hash strings):
	 * the {@code WithFullCombinationOfFields} XML files lack {@code certificationInfo}
	 * and differ in action or sensor {@code component};
	 * {@code Example-PersistentDisposition.xml} has AggregationEvents where the JSON-LD
	 * has ObjectEvents; {@code ErrorDeclarationAndCorrectiveEvent.xml} has a nil quantity
	 * and another read point; the second rail event of
	 * {@code Example-TransactionEvent-2020_07_03y.xml} has an empty
	 * {@code rail:vehicleMasterGIAI} the JSON-LD leaves out; sensor examples 4 and 6 to
	 * 17 differ in sensor report types.
	 */
	static Stream<Arguments> twins() {
		List<Arguments> out = new ArrayList<>();
		String[] association = { "a", "b", "c", "d", "e", "f", "g", "h" };
		for (int i = 0; i < association.length; i++) {
			out.add(Arguments.of("AssociationEvent/AssociationEventExamples.xml", i,
					"AssociationEvent/AssociationEvent-" + association[i] + ".jsonld", 0));
		}
		for (int i : new int[] { 1, 2, 3, 5 }) {
			out.add(Arguments.of("WithSensorData/SensorDataExamples.xml", i - 1,
					"WithSensorData/SensorDataExample" + i + ".jsonld", 0));
		}
		out.add(Arguments.of("Example-TransactionEvent-2020_07_03y.xml", 0,
				"Example-TransactionEvents-2020_07_03y.jsonld", 0));
		out.add(Arguments.of("Example_9.6.1-ObjectEvent-2020_06_18a.xml", 0, "Example_9.6.1-ObjectEvent.jsonld", 0));
		return out.stream();
	}

	@ParameterizedTest(name = "{0}#{1} = {2}#{3}")
	@MethodSource("twins")
	void xmlAndJsonLdTwinsHashIdentically(String xml, int xmlIndex, String json, int jsonIndex) throws IOException {
		// SensorDataExamples.xml misspells a bizStep in two events: read for hashing
		EpcisEvent fromXml = this.parser.parseForHashing(bytes(XML + xml), true).document().events().get(xmlIndex);
		EpcisEvent fromJson = this.parser.parse(bytes(JSON + json)).events().get(jsonIndex);
		assertThat(this.hasher.preHash(fromXml)).isEqualTo(this.hasher.preHash(fromJson));
		assertThat(this.hasher.hash(fromXml)).isEqualTo(this.hasher.hash(fromJson));
	}

	/**
	 * The reference generator's examples given in both bindings (conformance/epcis-hash,
	 * manifest.json): XML and JSON-LD hash alike, and as the reference does.
	 */
	static Stream<Arguments> referencePairs() {
		tools.jackson.databind.JsonNode manifest = tools.jackson.databind.json.JsonMapper.shared()
			.readTree(TestData.read("conformance/epcis-hash/manifest.json"));
		java.util.Map<String, tools.jackson.databind.JsonNode> byInput = new java.util.TreeMap<>();
		manifest.get("explicit").values().forEach(e -> byInput.put(e.get("input").asString(), e));
		List<Arguments> out = new ArrayList<>();
		byInput.forEach((input, entry) -> {
			String json = input.replaceAll("\\.xml$", ".jsonld");
			if (input.endsWith(".xml") && byInput.containsKey(json)
					&& !entry.get("uses_nonstandard_ignoreFields").asBoolean()) {
				out.add(Arguments.of(input, json,
						entry.get("expected_hashes").values().stream().map(h -> h.asString()).toList()));
			}
		});
		assertThat(out).hasSizeGreaterThanOrEqualTo(5);
		return out.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("referencePairs")
	void referenceExamplesHashAlikeInBothBindings(String xml, String json, List<String> expected) {
		String base = "conformance/epcis-hash/";
		List<String> fromXml = this.parser.parseXml(bytes(base + xml))
			.events()
			.stream()
			.map(e -> this.hasher.hash(e).ni())
			.toList();
		List<String> fromJson = this.parser.parse(bytes(base + json))
			.events()
			.stream()
			.map(e -> this.hasher.hash(e).ni())
			.toList();
		assertThat(fromXml).isEqualTo(fromJson).isEqualTo(expected);
	}

	static Stream<String> xmlSamples() throws IOException {
		try (Stream<Path> files = Files.walk(TestData.path(XML))) {
			return files.filter(p -> p.toString().endsWith(".xml"))
				.map(p -> TestData.path(XML).relativize(p).toString().replace('\\', '/'))
				.filter(p -> !p.equals("CBV/CBV-11.4-2020-06-16a.xml")) // master data
				.sorted()
				.toList()
				.stream();
		}
	}

	/**
	 * Every GS1 XML event example hashes (the bare {@code <!DOCTYPE project>} of the
	 * WithFullCombinationOfFields files included); the ones that break the standard say
	 * how, as the hash tool's warnings.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("xmlSamples")
	void everyGs1XmlExampleHashes(String sample) throws IOException {
		EpcisDocumentParser.Hashable read = this.parser.parseForHashing(bytes(XML + sample), true);
		assertThat(read.document().events()).isNotEmpty();
		switch (sample) {
			case "WithSensorData/SensorDataExamples.xml" -> assertThat(read.warnings()).extracting(Violation::reason)
				.containsOnly("'https://ref.gs1.org/cbv/Bizstep-sensor_reporting' is a CBV value of another "
						+ "vocabulary, expected https://ref.gs1.org/cbv/BizStep-*")
				.hasSize(2);
			case "CBV/CBV-11.2-2020-06-16a.xml" -> assertThat(read.warnings()).hasSize(2);
			default -> {
				assertThat(read.warnings()).isEmpty();
				assertThat(this.parser.parseXml(bytes(XML + sample)).events()).hasSameSizeAs(read.document().events());
			}
		}
	}

	@Test
	void epcis12XmlHashesAsItsEpcis20JsonLdTwin() {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" xmlns:example="https://ns.example.com/epcis/"
				    schemaVersion="1.2" creationDate="2019-10-21T14:59:02.099+02:00">
				  <EPCISBody><EventList>
				    <ObjectEvent>
				      <eventTime>2019-10-21T11:00:30.000+01:00</eventTime>
				      <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
				      <baseExtension><eventID>urn:uuid:6f0b8e8a-5c1e-4f0e-9d2c-1a2b3c4d5e6f</eventID></baseExtension>
				      <epcList><epc>urn:epc:id:sgtin:4012345.011111.9876</epc></epcList>
				      <action>OBSERVE</action>
				      <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
				      <disposition>urn:epcglobal:cbv:disp:in_transit</disposition>
				      <readPoint><id>urn:epc:id:sgln:4012345.00001.0</id></readPoint>
				      <extension>
				        <quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.011111.4444</epcClass>
				          <quantity>10</quantity><uom>KGM</uom></quantityElement></quantityList>
				        <sourceList><source type="urn:epcglobal:cbv:sdt:location">urn:epc:id:sgln:4012345.00001.0</source></sourceList>
				      </extension>
				      <example:myField>abc</example:myField>
				    </ObjectEvent>
				    <extension><TransformationEvent>
				      <eventTime>2019-10-21T12:00:00.000+01:00</eventTime>
				      <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
				      <inputEPCList><epc>urn:epc:id:sgtin:4012345.011111.9876</epc></inputEPCList>
				      <outputEPCList><epc>urn:epc:id:sgtin:4012345.022222.1</epc></outputEPCList>
				      <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
				    </TransformationEvent></extension>
				  </EventList></EPCISBody>
				</epcis:EPCISDocument>""";
		String json = """
				{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
				   {"example": "https://ns.example.com/epcis/"}],
				 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2019-10-21T14:59:02.099+02:00",
				 "epcisBody": {"eventList": [
				  {"type": "ObjectEvent", "eventTime": "2019-10-21T11:00:30.000+01:00", "eventTimeZoneOffset": "+01:00",
				   "eventID": "urn:uuid:6f0b8e8a-5c1e-4f0e-9d2c-1a2b3c4d5e6f",
				   "epcList": ["urn:epc:id:sgtin:4012345.011111.9876"], "action": "OBSERVE", "bizStep": "shipping",
				   "disposition": "in_transit", "readPoint": {"id": "urn:epc:id:sgln:4012345.00001.0"},
				   "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.011111.4444", "quantity": 10, "uom": "KGM"}],
				   "sourceList": [{"type": "location", "source": "urn:epc:id:sgln:4012345.00001.0"}],
				   "example:myField": "abc"},
				  {"type": "TransformationEvent", "eventTime": "2019-10-21T12:00:00.000+01:00",
				   "eventTimeZoneOffset": "+01:00", "inputEPCList": ["urn:epc:id:sgtin:4012345.011111.9876"],
				   "outputEPCList": ["urn:epc:id:sgtin:4012345.022222.1"], "bizStep": "commissioning"}]}}""";
		List<EventHash> fromXml = this.parser.parseXml(xml.getBytes(StandardCharsets.UTF_8))
			.events()
			.stream()
			.map(this.hasher::hash)
			.toList();
		List<EventHash> fromJson = this.parser.parse(json).events().stream().map(this.hasher::hash).toList();
		assertThat(fromXml).hasSize(2).isEqualTo(fromJson);
		assertThat(this.parser.xmlToJsonLd(xml.getBytes(StandardCharsets.UTF_8)).has("schemaVersion")).isFalse();
	}

	static Stream<Arguments> hostile() {
		String port = String.valueOf(listener.getLocalPort());
		String deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
		String manyElements = "<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\"><EPCISBody><EventList>"
				+ "<ObjectEvent><epcList>" + "<epc>x</epc>".repeat(20_001)
				+ "</epcList></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>";
		return Stream.of(Arguments.of("billion laughs", """
				<?xml version="1.0"?>
				<!DOCTYPE lolz [<!ENTITY lol "lol">
				 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
				 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
				 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
				 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
				<lolz>&lol9;</lolz>""", "XML DOCTYPE declarations are refused"),
				Arguments.of("XXE file", """
						<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
						<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">&xxe;</epcis:EPCISDocument>""",
						"XML DOCTYPE declarations are refused"),
				Arguments.of("XXE http entity",
						"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"http://127.0.0.1:" + port
								+ "/xxe\">]><x>&xxe;</x>",
						"XML DOCTYPE declarations are refused"),
				Arguments.of("external DTD over http",
						"<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:" + port + "/x.dtd\"><x/>",
						"XML DOCTYPE declarations are refused"),
				Arguments.of("parameter entity over http",
						"<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://127.0.0.1:" + port + "/p\"> %p;]><x/>",
						"XML DOCTYPE declarations are refused"),
				Arguments.of("XInclude over http",
						"<x xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"http://127.0.0.1:" + port
								+ "/inc\" parse=\"text\"/></x>",
						"unknown type 'x'"),
				Arguments.of("deeply nested elements", deep,
						"document exceeds parser limits: XML elements nested deeper than 32 levels"),
				Arguments.of("huge attribute",
						"<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\" creationDate=\""
								+ "A".repeat(1_000_000) + "\"/>",
						"document exceeds parser limits: attribute creationDate of <epcis:EPCISDocument> is longer "
								+ "than 65536 characters"),
				Arguments.of("huge text", "<x>" + "A".repeat(1_000_000) + "</x>",
						"document exceeds parser limits: XML text longer than 65536 characters"),
				Arguments.of("too many elements", manyElements,
						"document exceeds parser limits: more than 20000 XML elements"),
				Arguments.of("not XML", "<x", "malformed XML"));
	}

	/**
	 * Each hostile document is refused quickly with a violation saying why, and nothing
	 * is ever fetched.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("hostile")
	void hostileDocumentsAreRefusedWithAReasonAndFetchNothing(String name, String xml, String reason) {
		EpcisDocumentParser small = new EpcisDocumentParser(
				new ParserLimits(16L * 1024 * 1024, 32, 100, 64 * 1024, 100));
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> small.parseXml(xml.getBytes(StandardCharsets.UTF_8)))
					.isInstanceOfSatisfying(InvalidEventException.class,
							ex -> assertThat(ex.violations()).singleElement()
								.extracting(Violation::reason)
								.asString()
								.contains(reason)));
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> small.parseForHashing(xml.getBytes(StandardCharsets.UTF_8), true))
					.isInstanceOf(InvalidEventException.class));
		assertThat(HITS).as("connections to the loopback listener").hasValue(0);
	}

	/**
	 * Every GS1 example, JSON-LD and XML, written as an XML query answer: valid against
	 * GS1's XSDs, and read back to events with the same hashes.
	 */
	static Stream<String> allSamples() throws IOException {
		try (Stream<Path> files = Files.walk(TestData.path("samples"))) {
			return files.filter(p -> p.toString().endsWith(".jsonld") || p.toString().endsWith(".xml"))
				.map(p -> TestData.path("samples").relativize(p).toString().replace('\\', '/'))
				.filter(p -> !p.endsWith("CBV-11.4-2020-06-16a.xml"))
				.sorted()
				.toList()
				.stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("allSamples")
	void queryAnswersInXmlValidateAndReadBackToTheSameHashes(String sample) throws Exception {
		byte[] input = bytes("samples/" + sample);
		List<EpcisEvent> events = this.parser.parseForHashing(input, sample.endsWith(".xml")).document().events();
		List<String> stored = events.stream().map(XmlBindingTests::selfContained).toList();

		// every GS1-CBV-XML-Format form: CBV values as web URIs, URNs or as captured
		for (Cbv.XmlForm form : Cbv.XmlForm.values()) {
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			new EpcisXmlWriter().write(stored, "SimpleEventQuery", Instant.parse("2026-12-07T12:00:00Z"), out, form);
			byte[] xml = out.toByteArray();

			validator().validate(new StreamSource(new ByteArrayInputStream(xml)));
			EpcisDocument back = this.parser.parseForHashing(xml, true).document();
			assertThat(back.kind()).isEqualTo(EpcisDocument.Kind.EPCIS_QUERY_DOCUMENT);
			assertThat(back.events().stream().map(this.hasher::preHash).toList()).as(form.name())
				.isEqualTo(events.stream().map(this.hasher::preHash).toList());
			assertThat(back.events().stream().map(this.hasher::hash).toList())
				.isEqualTo(events.stream().map(this.hasher::hash).toList());
			String text = new String(xml, StandardCharsets.UTF_8);
			// no standard value left in the other form (GS1's sensor example writes
			// "Bizstep-sensor_reporting", no CBV value: kept as it is)
			List<String> other = form == Cbv.XmlForm.URN
					? List.of("<bizStep>https://ref.gs1.org/cbv/BizStep-", "<disposition>https://ref.gs1.org/cbv/Disp-",
							"<set>https://ref.gs1.org/cbv/Disp-", "<unset>https://ref.gs1.org/cbv/Disp-",
							"<reason>https://ref.gs1.org/cbv/ER-", "type=\"https://ref.gs1.org/cbv/BTT-",
							"type=\"https://ref.gs1.org/cbv/SDT-")
					: form == Cbv.XmlForm.WEB_URI ? List.of("<bizStep>urn:epcglobal:cbv:bizstep:",
							"<disposition>urn:epcglobal:cbv:disp:", "<set>urn:epcglobal:cbv:disp:",
							"<unset>urn:epcglobal:cbv:disp:", "<reason>urn:epcglobal:cbv:er:",
							"type=\"urn:epcglobal:cbv:btt:", "type=\"urn:epcglobal:cbv:sdt:") : List.of();
			for (String forbidden : other) {
				assertThat(text).as(sample + " " + form).doesNotContain(forbidden);
			}
		}
	}

	@Test
	void cbvValuesTakeTheXmlFormAsked() {
		for (String value : List.of("shipping", "urn:epcglobal:cbv:bizstep:shipping",
				"https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping")) {
			assertThat(Cbv.BIZ_STEP.xml(value, Cbv.XmlForm.WEB_URI))
				.isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
			assertThat(Cbv.BIZ_STEP.xml(value, Cbv.XmlForm.URN)).isEqualTo("urn:epcglobal:cbv:bizstep:shipping");
		}
		assertThat(Cbv.BIZ_STEP.xml("shipping", Cbv.XmlForm.AS_CAPTURED))
			.isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(Cbv.BIZ_STEP.xml("cbv:BizStep-shipping", Cbv.XmlForm.AS_CAPTURED))
			.isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(Cbv.BIZ_STEP.xml("urn:epcglobal:cbv:bizstep:shipping", Cbv.XmlForm.AS_CAPTURED))
			.isEqualTo("urn:epcglobal:cbv:bizstep:shipping");
		assertThat(Cbv.ERROR_REASON.xml("did_not_occur", Cbv.XmlForm.URN))
			.isEqualTo("urn:epcglobal:cbv:er:did_not_occur");
		assertThat(Cbv.SOURCE_DESTINATION_TYPE.xml("https://ref.gs1.org/cbv/SDT-location", Cbv.XmlForm.URN))
			.isEqualTo("urn:epcglobal:cbv:sdt:location");
		assertThat(Cbv.BIZ_TRANSACTION_TYPE.xml("urn:epcglobal:cbv:btt:po", Cbv.XmlForm.WEB_URI))
			.isEqualTo("https://ref.gs1.org/cbv/BTT-po");
		// user vocabularies, another vocabulary's value and an unknown word stay as they
		// are
		for (Cbv.XmlForm form : Cbv.XmlForm.values()) {
			assertThat(Cbv.BIZ_STEP.xml("https://example.com/bizstep/polishing", form))
				.isEqualTo("https://example.com/bizstep/polishing");
			assertThat(Cbv.BIZ_STEP.xml("urn:epcglobal:cbv:disp:in_transit", form))
				.isEqualTo("urn:epcglobal:cbv:disp:in_transit");
			assertThat(Cbv.DISPOSITION.xml("https://ref.gs1.org/cbv/Disp-no_such_word", form))
				.isEqualTo("https://ref.gs1.org/cbv/Disp-no_such_word");
		}
	}

	@Test
	void theHashToolHashesAnEpcClassInsideEpcListAndWarns() {
		byte[] json = bytes("conformance/epcis-hash/ralphtro/examples/epclist_normalisation.jsonld");
		assertThatThrownBy(() -> this.parser.parse(json)).isInstanceOf(InvalidEventException.class);

		EpcisDocumentParser.Hashable read = this.parser.parseForHashing(json, false);

		// the reference generator's hash for this file
		// (conformance/epcis-hash/manifest.json)
		assertThat(read.document().events()).singleElement()
			.extracting(e -> this.hasher.hash(e).ni())
			.isEqualTo("ni:///sha-256;4689c31cebcad30d58b175246cd49cbd8d02fa15a4099602e8f638127b4fca79?ver=CBV2.0");
		assertThat(read.warnings()).containsExactly(new Violation("/epcisBody/eventList/0/epcList/20",
				"an EPC must be an urn:epc:id:… URN or a GS1 Digital Link, was 'urn:epc:class:lgtin:4012345.012345.Lot987'"));
	}

	@Test
	void theHashToolStillRefusesWhatCannotBeHashed() {
		byte[] noTime = "{\"type\": \"EPCISDocument\", \"epcisBody\": {\"eventList\": [{\"type\": \"ObjectEvent\"}]}}"
			.getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> this.parser.parseForHashing(noTime, false)).isInstanceOf(InvalidEventException.class);
		assertThatThrownBy(() -> this.parser.parseForHashing("{not json".getBytes(StandardCharsets.UTF_8), false))
			.isInstanceOf(InvalidEventException.class);
	}

	@Test
	void xmlIsRecognisedByItsFirstCharacter() {
		assertThat(EpcisDocumentParser.looksLikeXml("\uFEFF \n<x/>".getBytes(StandardCharsets.UTF_8))).isTrue();
		assertThat(EpcisDocumentParser.looksLikeXml(" {\"a\": \"<\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
		assertThat(EpcisDocumentParser.looksLikeXml(new byte[0])).isFalse();
		assertThat(EpcisDocumentParser.looksLikeXml(" <x/>".getBytes(StandardCharsets.UTF_16))).isTrue();
		assertThat(EpcisDocumentParser.looksLikeXml(" <x/>".getBytes(StandardCharsets.UTF_16LE))).isTrue();
		assertThat(EpcisDocumentParser.looksLikeXml("\uFEFF<x/>".getBytes(StandardCharsets.UTF_16LE))).isTrue();
		assertThat(EpcisDocumentParser.looksLikeXml("<x/>".getBytes(StandardCharsets.UTF_16BE))).isTrue();
		assertThat(EpcisDocumentParser.looksLikeXml(" {\"a\": 1}".getBytes(StandardCharsets.UTF_16))).isFalse();
	}

	@Test
	void aUtf16DocumentReadsAndHashesAsItsUtf8Twin() {
		String utf8 = new String(bytes(XML + "Example_9.6.1-ObjectEvent-2020_06_18a.xml"), StandardCharsets.UTF_8);
		String declared = utf8.replaceFirst("encoding=\"(?i:utf-8)\"", "encoding=\"UTF-16\"");
		for (byte[] body : List.of(declared.getBytes(StandardCharsets.UTF_16),
				declared.getBytes(StandardCharsets.UTF_16LE))) {
			assertThat(EpcisDocumentParser.looksLikeXml(body)).isTrue();
			assertThat(this.parser.parseXml(body).events().stream().map(e -> this.hasher.hash(e).ni()).toList())
				.isEqualTo(this.parser.parseXml(utf8.getBytes(StandardCharsets.UTF_8))
					.events()
					.stream()
					.map(e -> this.hasher.hash(e).ni())
					.toList())
				.isNotEmpty();
		}
	}

	/**
	 * As the event store keeps an event: its JSON with the prefixes in its own context.
	 */
	static String selfContained(EpcisEvent event) {
		ObjectNode json = event.json();
		ObjectNode prefixes = json.objectNode();
		event.namespaces().forEach(prefixes::put);
		ArrayNode context = json.arrayNode();
		context.add(prefixes);
		json.set("@context", context);
		return json.toString();
	}

	private static Validator validator() throws Exception {
		SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file"); // the local
																			// imports
		Schema schema = factory
			.newSchema(TestData.path("standards/epcis-xsd/EPCglobal-epcis-query-2_0.xsd").toAbsolutePath().toFile());
		Validator validator = schema.newValidator();
		validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
		return validator;
	}

	private static byte[] bytes(String relative) {
		try {
			return Files.readAllBytes(TestData.path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
