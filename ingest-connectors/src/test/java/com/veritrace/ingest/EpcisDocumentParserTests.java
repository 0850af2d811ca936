package com.veritrace.ingest;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class EpcisDocumentParserTests {

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private static String document(String... events) {
		return """
				{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
				              {"ex": "https://ns.example.com/epcis/"}],
				 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T10:00:00Z",
				 "epcisBody": {"eventList": [%s]}}
				""".formatted(String.join(",", events));
	}

	private static final String SHIPPING = """
			{"type": "ObjectEvent", "eventTime": "2024-05-01T12:00:00.1234+08:00", "eventTimeZoneOffset": "+08:00",
			 "eventID": "urn:uuid:9f8a1f0e-1111-4c4c-9c9c-0123456789ab",
			 "epcList": ["urn:epc:id:sgtin:0614141.107346.2017", "https://example.com/01/09506000134352/10/L7/21/S%2F1"],
			 "action": "OBSERVE", "bizStep": "shipping", "disposition": "urn:epcglobal:cbv:disp:in_transit",
			 "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
			 "bizLocation": {"id": "https://id.gs1.org/414/0614141073467"},
			 "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epc:id:gdti:0614141.00001.1618034"}],
			 "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:0614141.00000"}],
			 "destinationList": [{"type": "https://ref.gs1.org/cbv/SDT-location", "destination": "urn:epc:id:sgln:4012345.00225.0"}],
			 "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 200.50, "uom": "KGM"}],
			 "ilmd": {"cbvmda:lotNumber": "LOT-9"},
			 "ex:temperatureLog": {"ex:max": 8}}
			""";

	@Test
	void anEventExposesWhatTheEventStoreIndexes() {
		EpcisDocument document = this.parser.parse(document(SHIPPING));

		assertThat(document.kind()).isEqualTo(EpcisDocument.Kind.EPCIS_DOCUMENT);
		EpcisEvent event = document.events().get(0);
		assertThat(event.type()).isEqualTo(EventType.ObjectEvent);
		assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-05-01T04:00:00.1234Z"));
		assertThat(event.eventTimeZoneOffset()).isEqualTo("+08:00");
		assertThat(event.zoneOffset()).isEqualTo(ZoneOffset.ofHours(8));
		assertThat(event.eventId()).isEqualTo("urn:uuid:9f8a1f0e-1111-4c4c-9c9c-0123456789ab");
		assertThat(event.action()).isEqualTo(Action.OBSERVE);
		assertThat(event.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(event.disposition()).isEqualTo("https://ref.gs1.org/cbv/Disp-in_transit");
		assertThat(event.readPointId()).isEqualTo("https://id.gs1.org/414/0614141073467/254/1234");
		assertThat(event.bizLocationId()).isEqualTo("https://id.gs1.org/414/0614141073467");
		assertThat(event.bizTransactions()).containsExactly(
				new BizTransaction("https://ref.gs1.org/cbv/BTT-po", "https://id.gs1.org/253/06141410000121618034"));
		assertThat(event.sources()).containsExactly(new SourceDestination("https://ref.gs1.org/cbv/SDT-owning_party",
				"https://id.gs1.org/417/0614141000005"));
		assertThat(event.destinations()).containsExactly(
				new SourceDestination("https://ref.gs1.org/cbv/SDT-location", "https://id.gs1.org/414/4012345002256"));
		assertThat(event.quantityList()).containsExactly(
				new QuantityElement("urn:epc:class:lgtin:4012345.012345.998877", new BigDecimal("200.50"), "KGM"));
		assertThat(event.epcList()).hasSize(2);

		EventIdentifiers ids = event.identifiers();
		assertThat(ids.items()).containsExactly(new ItemId("10614141073464", "2017"),
				new ItemId("09506000134352", "S/1"));
		assertThat(ids.lots()).containsExactly(new LotId("09506000134352", "L7"), new LotId("04012345123456", "998877"),
				new LotId("10614141073464", "LOT-9"), new LotId("09506000134352", "LOT-9"),
				new LotId("04012345123456", "LOT-9"));
		assertThat(ids.parentIds()).isEmpty();
		assertThat(ids.ssccs()).isEmpty();

		// nothing is lost: extensions and ilmd are in the original JSON, which callers
		// cannot change
		assertThat(event.json().path("ex:temperatureLog").path("ex:max").asInt()).isEqualTo(8);
		event.json().put("action", "DELETE");
		assertThat(event.json().path("action").asString()).isEqualTo("OBSERVE");
		assertThat(event.jsonText()).contains("\"cbvmda:lotNumber\":\"LOT-9\"");
	}

	@Test
	void aggregationsNameTheirParentAndSsccs() {
		String aggregation = """
				{"type": "AggregationEvent", "eventTime": "2024-05-01T12:00:00Z", "eventTimeZoneOffset": "+00:00",
				 "parentID": "urn:epc:id:sscc:0614141.1234567890", "action": "ADD", "bizStep": "packing",
				 "childEPCs": ["https://id.gs1.org/00/106141412345678908", "urn:epc:id:sgtin:0614141.107346.9"]}
				""";
		EpcisEvent event = this.parser.parse(document(aggregation)).events().get(0);
		assertThat(event.parentId()).isEqualTo("urn:epc:id:sscc:0614141.1234567890");
		assertThat(event.identifiers().parentIds()).containsExactly("https://id.gs1.org/00/106141412345678908");
		assertThat(event.identifiers().ssccs()).containsExactly("106141412345678908");
		assertThat(event.identifiers().items()).containsExactly(new ItemId("10614141073464", "9"));
		assertThat(event.childEpcs()).hasSize(2);
	}

	@Test
	void aTransformationsLotNumberBelongsToItsOutputs() {
		String transformation = """
				{"type": "TransformationEvent", "eventTime": "2024-05-01T12:00:00Z", "eventTimeZoneOffset": "+00:00",
				 "inputQuantityList": [{"epcClass": "https://id.gs1.org/01/09506000134352/10/RAW1", "quantity": 3, "uom": "KGM"}],
				 "outputEPCList": ["https://id.gs1.org/01/04012345123456/21/A1"],
				 "ilmd": {"cbvmda:lotNumber": "B42"}}
				""";
		EventIdentifiers ids = this.parser.parse(document(transformation)).events().get(0).identifiers();
		assertThat(ids.lots()).containsExactly(new LotId("09506000134352", "RAW1"), new LotId("04012345123456", "B42"));
		assertThat(ids.items()).containsExactly(new ItemId("04012345123456", "A1"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "shipping", "urn:epcglobal:cbv:bizstep:shipping",
			"https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping" })
	void everyCbvFormMeansTheSameStepAndHash(String bizStep) {
		EpcisEvent event = this.parser.parse(document(SHIPPING.replace("\"shipping\"", "\"" + bizStep + "\"")))
			.events()
			.get(0);
		EpcisEvent reference = this.parser.parse(document(SHIPPING)).events().get(0);
		assertThat(event.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(new EventHasher().hash(event)).isEqualTo(new EventHasher().hash(reference));
	}

	@Test
	void userVocabularyUrisAreAccepted() {
		EpcisEvent event = this.parser
			.parse(document(SHIPPING.replace("\"shipping\"", "\"https://vocab.example.com/bizstep/quality_gate\"")))
			.events()
			.get(0);
		assertThat(event.bizStep()).isEqualTo("https://vocab.example.com/bizstep/quality_gate");
	}

	@Test
	void everyViolationIsReportedWithItsLocation() {
		String broken = """
				{"type": "TransactionEvent", "eventTime": "2024-05-01 12:00", "eventTimeZoneOffset": "+8:00",
				 "action": "SHIPPED", "bizStep": "teleporting", "disposition": "urn:epcglobal:cbv:bizstep:shipping",
				 "epcList": ["urn:epc:id:sgtin:0614141.1073461.1", "https://id.gs1.org/01/09506000134353/21/1", "ABC"],
				 "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.1", "quantity": "12"}],
				 "readPoint": {"id": "not a uri"}}
				""";
		assertThatThrownBy(() -> this.parser.parse(document(SHIPPING, broken))).isInstanceOfSatisfying(
				InvalidEventException.class,
				ex -> assertThat(ex.violations()).extracting(Violation::pointer)
					.containsExactly("/epcisBody/eventList/1/eventTime", "/epcisBody/eventList/1/eventTimeZoneOffset",
							"/epcisBody/eventList/1/action", "/epcisBody/eventList/1/bizStep",
							"/epcisBody/eventList/1/disposition", "/epcisBody/eventList/1/readPoint/id",
							"/epcisBody/eventList/1/epcList/0", "/epcisBody/eventList/1/epcList/1",
							"/epcisBody/eventList/1/epcList/2", "/epcisBody/eventList/1/quantityList/0/quantity",
							"/epcisBody/eventList/1/bizTransactionList"));
		assertThatThrownBy(() -> this.parser.parse(document(broken)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.filteredOn(v -> v.pointer().endsWith("/epcList/1") || v.pointer().endsWith("/bizStep"))
				.extracting(Violation::reason)
				.containsExactly("unknown CBV value 'teleporting' (expected one of https://ref.gs1.org/cbv/BizStep-*)",
						"wrong GS1 check digit in 'https://id.gs1.org/01/09506000134353/21/1'"));
	}

	@Test
	void requiredFieldsDependOnTheEventType() {
		String[] events = { """
				{"type": "AggregationEvent", "eventTime": "2024-05-01T12:00:00Z", "eventTimeZoneOffset": "+00:00",
				 "action": "ADD", "childEPCs": []}""", """
				{"type": "TransformationEvent", "eventTime": "2024-05-01T12:00:00Z", "eventTimeZoneOffset": "+00:00",
				 "action": "ADD"}""", """
				{"type": "AssociationEvent", "eventTime": "2024-05-01T12:00:00Z", "eventTimeZoneOffset": "+00:00"}""",
				"""
						{"type": "FooEvent"}""" };
		assertThatThrownBy(() -> this.parser.parse(document(events)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.extracting(Violation::pointer, Violation::reason)
				.containsExactly(
						tuple("/epcisBody/eventList/0/parentID", "parentID is required when action is ADD or DELETE"),
						tuple("/epcisBody/eventList/1/action", "a TransformationEvent has no action"),
						tuple("/epcisBody/eventList/1/inputEPCList",
								"a TransformationEvent needs inputs or outputs (or a transformationID)"),
						tuple("/epcisBody/eventList/2/action", "required action is missing (ADD, OBSERVE or DELETE)"),
						tuple("/epcisBody/eventList/3/type", "unknown event type 'FooEvent'"),
						tuple("/epcisBody/eventList/3/eventTime", "required eventTime is missing"),
						tuple("/epcisBody/eventList/3/eventTimeZoneOffset",
								"required eventTimeZoneOffset is missing")));
	}

	@Test
	void aMisspelledMemberIsNotMistakenForAnExtension() {
		String typo = SHIPPING.replace("\"bizStep\"", "\"bizstep\"");
		assertThatThrownBy(() -> this.parser.parse(typo)).isInstanceOfSatisfying(InvalidEventException.class,
				ex -> assertThat(ex.violations()).containsExactly(new Violation("/bizstep",
						"'bizstep' is not an EPCIS 2.0 event member; extensions need a namespace prefix")));
	}

	@Test
	void theJsonLdIdServesAsEventIdAndIsNotHashed() {
		String withId = SHIPPING.replace("\"eventID\": \"urn:uuid:9f8a1f0e-1111-4c4c-9c9c-0123456789ab\",",
				"\"id\": \"ni:///sha-256;00?ver=CBV2.0\",");
		EpcisEvent event = this.parser.parse(withId).events().get(0);
		assertThat(event.eventId()).isEqualTo("ni:///sha-256;00?ver=CBV2.0");
		assertThat(new EventHasher().hash(event))
			.isEqualTo(new EventHasher().hash(this.parser.parse(SHIPPING).events().get(0)));
	}

	@Test
	void aSingleEventAndAQueryDocumentAreAccepted() {
		EpcisDocument single = this.parser.parse(SHIPPING);
		assertThat(single.kind()).isEqualTo(EpcisDocument.Kind.SINGLE_EVENT);
		assertThat(single.events()).hasSize(1);

		EpcisDocument query = this.parser.parse(TestData.read("samples/epcis-gs1/EPCISQueryDocument.jsonld"));
		assertThat(query.kind()).isEqualTo(EpcisDocument.Kind.EPCIS_QUERY_DOCUMENT);
		assertThat(query.events()).isNotEmpty();
	}

	@Test
	void theContextIsNeverFetched() {
		// an unreachable context URL would fail (or hang) if the parser tried to load it
		String json = document(SHIPPING).replace("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
				"http://127.0.0.1:9/epcis-context.jsonld");
		assertThat(this.parser.parse(json).events()).hasSize(1);
	}

	@Test
	void malformedJsonIsAViolation() {
		assertThatThrownBy(() -> this.parser.parse("{\"type\": \"EPCISDocument\", ")).isInstanceOfSatisfying(
				InvalidEventException.class, ex -> assertThat(ex.violations()).singleElement().satisfies(v -> {
					assertThat(v.pointer()).isEmpty();
					assertThat(v.reason()).startsWith("malformed JSON");
				}));
		assertThatThrownBy(() -> this.parser.parse("[1, 2]")).isInstanceOf(InvalidEventException.class);
	}

	@Test
	void absurdInputIsRefusedByTheCallersLimits() {
		EpcisDocumentParser small = new EpcisDocumentParser(new ParserLimits(4096, 8, 2, 256, 100));
		assertThatThrownBy(() -> small.parse(document(SHIPPING, SHIPPING, SHIPPING)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.containsExactly(new Violation("/epcisBody/eventList", "more than 2 events (3)")));
		String deep = document(SHIPPING.replace("{\"ex:max\": 8}", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"));
		assertThatThrownBy(() -> small.parse(deep)).isInstanceOfSatisfying(InvalidEventException.class,
				ex -> assertThat(ex.violations().get(0).reason()).startsWith("document exceeds parser limits")
					.contains("nesting depth"));
		byte[] big = document(SHIPPING.repeat(1).replace("LOT-9", "L".repeat(5000))).getBytes();
		assertThatThrownBy(() -> small.parse(new ByteArrayInputStream(big)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.containsExactly(new Violation("", "document is larger than 4096 bytes")));
		String deepXml = "<a>".repeat(20) + "</a>".repeat(20);
		assertThatThrownBy(() -> small.parseXml(deepXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidEventException.class,
					ex -> assertThat(ex.violations().get(0).reason()).startsWith("document exceeds parser limits")
						.contains("deeper than 8"));
		assertThatThrownBy(() -> new ParserLimits(0, 8, 1, 256, 1)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void xmlWithADoctypeIsRefusedSoNoEntityIsEverResolved() {
		String xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"
				    creationDate="2024-05-01T10:00:00Z"><EPCISBody><EventList><ObjectEvent>
				  <eventTime>2024-05-01T12:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
				  <epcList><epc>&xxe;</epc></epcList><action>OBSERVE</action>
				</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>
				""";
		assertThatThrownBy(() -> this.parser.parseXml(xxe.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.containsExactly(new Violation("", "XML DOCTYPE declarations are refused")));
	}

	@Test
	void xmlIsValidatedWithJsonLdPointers() {
		String xml = """
				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/epcis/"
				    schemaVersion="2.0" creationDate="2024-05-01T10:00:00Z"><EPCISBody><EventList>
				<ObjectEvent>
				  <eventTime>2024-05-01T12:00:00+08:00</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
				  <epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList><action>OBSERVE</action>
				  <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
				  <readPoint><id>urn:epc:id:sgln:0614141.07346.1234</id></readPoint>
				  <ex:note>hashed</ex:note>
				</ObjectEvent>
				<ObjectEvent><eventTime>yesterday</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
				  <action>OBSERVE</action></ObjectEvent>
				</EventList></EPCISBody></epcis:EPCISDocument>
				""";
		assertThatThrownBy(() -> this.parser.parseXml(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidEventException.class,
					ex -> assertThat(ex.violations()).extracting(Violation::pointer)
						.containsExactly("/epcisBody/eventList/1/eventTime"));
		String valid = xml.substring(0, xml.indexOf("<ObjectEvent><eventTime>yesterday"))
				+ "</EventList></EPCISBody></epcis:EPCISDocument>";
		EpcisEvent fromXml = this.parser.parseXml(valid.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.events()
			.get(0);
		EpcisEvent fromJson = this.parser
			.parse("""
					{"@context": [{"ex": "https://ns.example.com/epcis/"}], "type": "ObjectEvent",
					 "eventTime": "2024-05-01T04:00:00Z", "eventTimeZoneOffset": "+08:00",
					 "epcList": ["https://id.gs1.org/01/10614141073464/21/2017"], "action": "OBSERVE", "bizStep": "shipping",
					 "readPoint": {"id": "https://id.gs1.org/414/0614141073467/254/1234"}, "ex:note": "hashed"}
					""")
			.events()
			.get(0);
		assertThat(new EventHasher().hash(fromXml)).isEqualTo(new EventHasher().hash(fromJson));
		assertThat(fromXml.identifiers().items()).containsExactly(new ItemId("10614141073464", "2017"));
	}

	@Test
	void duplicateMemberNamesAreRefusedBecauseTheHashWouldBeAmbiguous() {
		String twice = SHIPPING.replace("\"action\": \"OBSERVE\"", "\"action\": \"OBSERVE\", \"action\": \"DELETE\"");
		assertThatThrownBy(() -> this.parser.parse(document(twice))).isInstanceOfSatisfying(InvalidEventException.class,
				ex -> assertThat(ex.violations()).containsExactly(new Violation("/epcisBody/eventList/0/action",
						"member \"action\" appears more than once; it is part of the event hash, so which value "
								+ "counts would be ambiguous")));
		// "id" is outside the hash only on the event itself; inside readPoint it is the
		// hashed location
		String readPointTwice = SHIPPING.replace("{\"id\": \"urn:epc:id:sgln:0614141.07346.1234\"}",
				"{\"id\": \"urn:epc:id:sgln:0614141.07346.1234\", \"id\": \"urn:epc:id:sgln:0614141.07346.9\"}");
		assertThatThrownBy(() -> this.parser.parse(readPointTwice)).isInstanceOfSatisfying(InvalidEventException.class,
				ex -> assertThat(ex.violations()).extracting(Violation::pointer).containsExactly("/readPoint/id"));
	}

	@Test
	void repeatedMembersOutsideTheHashAreAcceptedAndTheLastValueWins() {
		String twice = SHIPPING.replace("\"eventID\": \"urn:uuid:9f8a1f0e-1111-4c4c-9c9c-0123456789ab\",",
				"\"eventID\": \"urn:uuid:9f8a1f0e-1111-4c4c-9c9c-0123456789ab\", \"id\": \"_:first\", "
						+ "\"eventID\": \"urn:uuid:00000000-2222-4c4c-9c9c-0123456789ab\", \"id\": \"_:second\",");
		EpcisEvent event = this.parser.parse(document(twice)).events().get(0);
		assertThat(event.eventId()).isEqualTo("urn:uuid:00000000-2222-4c4c-9c9c-0123456789ab");
		assertThat(event.json().get("id").stringValue()).isEqualTo("_:second");
		assertThat(new EventHasher().hash(event))
			.isEqualTo(new EventHasher().hash(this.parser.parse(document(SHIPPING)).events().get(0)));
		// the same holds for a bare event at the root
		assertThat(this.parser.parse(twice).events().get(0).eventId())
			.isEqualTo("urn:uuid:00000000-2222-4c4c-9c9c-0123456789ab");
	}

	@Test
	void documentHeaderMembersAreOptionalButMustBeRightWhenPresent() {
		String plain = document(SHIPPING);
		String withoutHeader = plain.replace("\"schemaVersion\": \"2.0\", \"creationDate\": \"2024-05-01T10:00:00Z\",",
				"");
		assertThat(withoutHeader).doesNotContain("schemaVersion");
		assertThat(this.parser.parse(withoutHeader).events()).hasSize(1);
		assertThat(this.parser.parse(plain.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": 2.0")).events())
			.hasSize(1);
		assertThatThrownBy(
				() -> this.parser.parse(plain.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": \"1.2\"")
					.replace("\"creationDate\": \"2024-05-01T10:00:00Z\"", "\"creationDate\": \"yesterday\"")))
			.isInstanceOfSatisfying(InvalidEventException.class,
					ex -> assertThat(ex.violations()).extracting(Violation::pointer)
						.containsExactly("/schemaVersion", "/creationDate"));
		assertThatThrownBy(
				() -> this.parser.parse(plain.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": 1.2")))
			.isInstanceOf(InvalidEventException.class);
	}

	@Test
	void malformedJsonAndTrailingContentAreRefused() {
		assertThatThrownBy(() -> this.parser.parse("{\"type\": \"ObjectEvent\",")).isInstanceOfSatisfying(
				InvalidEventException.class,
				ex -> assertThat(ex.violations().get(0).reason()).startsWith("malformed JSON"));
		assertThatThrownBy(() -> this.parser.parse(document(SHIPPING) + " {}")).isInstanceOfSatisfying(
				InvalidEventException.class,
				ex -> assertThat(ex.violations().get(0).reason()).startsWith("malformed JSON"));
		assertThatThrownBy(() -> this.parser.parse("")).isInstanceOf(InvalidEventException.class);
	}

	/**
	 * Found by EpcisJsonFuzzTests: such a number escaped as a NumberFormatException (an
	 * HTTP 500, not a 400).
	 */
	@Test
	void aNumberBeyondBigDecimalIsAViolationNotACrash() {
		assertThatThrownBy(() -> this.parser.parse(document(SHIPPING.replace("{\"ex:max\": 8}", "1.0E111111111111"))))
			.isInstanceOfSatisfying(InvalidEventException.class,
					ex -> assertThat(ex.violations()).singleElement()
						.satisfies(v -> assertThat(v.pointer()).isEmpty())
						.satisfies(v -> assertThat(v.reason()).startsWith("document exceeds parser limits")));
	}

	@Test
	void outcomesCarryAReasonExactlyWhenRejected() {
		EventHash hash = new EventHasher().hashPreHash("x");
		assertThat(EventSink.Outcome.rejected(hash, "unknown GTIN").reason()).isEqualTo("unknown GTIN");
		assertThat(EventSink.Outcome.duplicate(hash).status()).isEqualTo(EventSink.Status.DUPLICATE);
		assertThatThrownBy(() -> new EventSink.Outcome(hash, EventSink.Status.STORED, "why"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(List.of(EventSink.Status.values())).containsExactly(EventSink.Status.STORED,
				EventSink.Status.DUPLICATE, EventSink.Status.REJECTED);
	}

}
