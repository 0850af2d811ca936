package com.veritrace.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The XML binding over REST on MariaDB: XML capture (2.0 and 1.2, application/xml and
 * text/xml) stores what its JSON-LD twin stores, queries answer an EPCISQueryDocument on
 * {@code Accept: application/xml} that reads back to the same hashes, hostile XML is a
 * 400 problem, and the hash tool warns instead of refusing.
 */
@MariaDbIntegrationTest
class EpcisXmlIntegrationTests {

	static final Path XML = Path
		.of("src/test/resources/samples/epcis-gs1-xml/Example_9.6.1-ObjectEvent-2020_06_18a.xml");

	static final Path JSON = Path.of("src/test/resources/samples/epcis-gs1/Example_9.6.1-ObjectEvent.jsonld");

	@Autowired
	MockMvc mvc;

	ApiClient api;

	Tenant brand;

	String gtin;

	/** GS1's example GTIN (SGTIN URN company prefix and indicator + item reference). */
	static final String EXAMPLE_GTIN = "0614141.107346";

	final EpcisDocumentParser parser = new EpcisDocumentParser();

	final EventHasher hasher = new EventHasher();

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
	}

	/** GS1's example with its GTIN replaced by this test's (7-digit company prefix). */
	String sample(Path path) throws IOException {
		String urn = this.gtin.substring(1, 8) + "." + this.gtin.charAt(0) + this.gtin.substring(8, 13);
		return Files.readString(path).replace(EXAMPLE_GTIN, urn);
	}

	@Test
	void xmlCaptureStoresWhatItsJsonLdTwinStoresAndQueriesAnswerXml() throws Exception {
		String xml = sample(XML);
		String json = sample(JSON);
		List<String> xmlHashes = hashes(xml, MediaType.APPLICATION_XML);
		List<String> jsonHashes = hashes(json, MediaType.parseMediaType(EpcisApiController.JSON_LD));
		assertThat(xmlHashes).hasSize(2);
		// the first event of each is the same event: the hash does not depend on the
		// binding
		assertThat(xmlHashes.get(0)).isEqualTo(jsonHashes.get(0));

		JsonNode job = awaitDone(capture(xml, MediaType.TEXT_XML));
		assertThat(job.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(job.get("stored").asInt()).isEqualTo(2);
		// the JSON-LD twin afterwards: its first event is a duplicate of the stored one
		JsonNode twin = awaitDone(capture(json, MediaType.parseMediaType(EpcisApiController.JSON_LD)));
		assertThat(twin.get("duplicates").asInt()).isEqualTo(1);
		assertThat(twin.get("stored").asInt()).isEqualTo(jsonHashes.size() - 1);

		// the stored event, as JSON, is the JSON-LD twin's event: same indexed members,
		// and it re-hashes to its ID
		String hex = hex(xmlHashes.get(0));
		JsonNode stored = this.api.call(get("/api/v1/epcis/events/" + hex), this.brand.key(), "", 200);
		var fromJson = this.parser.parse(json).events().get(0);
		assertThat(stored.get("eventType").asString()).isEqualTo("ObjectEvent");
		assertThat(stored.get("bizStep").asString()).isEqualTo(fromJson.bizStep());
		assertThat(stored.get("disposition").asString()).isEqualTo(fromJson.disposition());
		assertThat(stored.get("readPoint").asString()).isEqualTo(fromJson.readPointId());
		assertThat(this.hasher.hash(this.parser.parse(stored.get("event").toString()).events().get(0)).ni())
			.isEqualTo(xmlHashes.get(0));

		// one event as XML
		MvcResult one = this.mvc
			.perform(get("/api/v1/epcis/events/" + hex).header("Authorization", this.brand.bearer())
				.accept(MediaType.APPLICATION_XML))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
			.andExpect(content().string(containsString("urn:epcglobal:epcis-query:xsd:2")))
			.andReturn();
		EpcisDocument read = this.parser.parseXml(one.getResponse().getContentAsByteArray());
		assertThat(read.kind()).isEqualTo(EpcisDocument.Kind.EPCIS_QUERY_DOCUMENT);
		assertThat(read.events()).extracting(e -> this.hasher.hash(e).ni()).containsExactly(xmlHashes.get(0));

		// a page as XML, the next page in a Link header; the round trip keeps every hash
		MvcResult page = this.mvc
			.perform(get("/api/v1/epcis/events?gtin=" + this.gtin + "&limit=1")
				.header("Authorization", this.brand.bearer())
				.accept(MediaType.APPLICATION_XML))
			.andExpect(status().isOk())
			.andExpect(header().string("Link",
					startsWith("<http://localhost/api/v1/epcis/events?gtin=" + this.gtin + "&limit=1&cursor=")))
			.andExpect(header().string("Link", containsString("rel=\"next\"")))
			.andReturn();
		assertThat(this.parser.parseXml(page.getResponse().getContentAsByteArray()).events()).hasSize(1);
		MvcResult all = this.mvc
			.perform(get("/api/v1/epcis/events").param("gtin", this.gtin)
				.header("Authorization", this.brand.bearer())
				.accept(MediaType.TEXT_XML))
			.andExpect(status().isOk())
			.andReturn();
		List<String> roundTrip = this.parser.parseXml(all.getResponse().getContentAsByteArray())
			.events()
			.stream()
			.map(e -> this.hasher.hash(e).ni())
			.toList();
		assertThat(roundTrip).containsAll(xmlHashes);
		// the standard EPCIS query answers XML too: the same events, paged by
		// nextPageToken in the Link header
		String company = this.gtin.substring(1, 8) + "." + this.gtin.charAt(0) + this.gtin.substring(8, 13);
		MvcResult standard = this.mvc
			.perform(get("/api/v1/epcis/events").param("MATCH_epc", "urn:epc:id:sgtin:" + company + ".*")
				.param("perPage", "1")
				.header("Authorization", this.brand.bearer())
				.accept(MediaType.APPLICATION_XML))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
			.andExpect(header().string("Link", containsString("nextPageToken=")))
			.andReturn();
		var standardEvents = this.parser.parseXml(standard.getResponse().getContentAsByteArray()).events();
		assertThat(standardEvents).hasSize(1);
		assertThat(xmlHashes).contains(this.hasher.hash(standardEvents.get(0)).ni());
		// errors stay problem details, whatever the client asked for
		this.mvc
			.perform(get("/api/v1/epcis/events/" + "0".repeat(64)).header("Authorization", this.brand.bearer())
				.accept(MediaType.APPLICATION_XML))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		// JSON stays the answer when the client takes anything
		this.mvc.perform(get("/api/v1/epcis/events/" + hex).header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
	}

	/**
	 * {@code GS1-CBV-XML-Format}: every CBV value of the standard vocabularies (captured
	 * as bare word, URN, web URI or CURIE) comes back in the form asked, user vocabulary
	 * values as captured; the XML re-hashes to the same IDs whatever the form.
	 */
	@Test
	void xmlAnswersWriteCbvValuesAsGs1CbvXmlFormatAsks() throws Exception {
		String epc = "https://id.gs1.org/01/" + this.gtin + "/21/";
		String standard = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-01T08:00:00Z\","
				+ "\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"" + epc + "C1\"],\"action\":\"OBSERVE\","
				+ "\"bizStep\":\"shipping\",\"disposition\":\"urn:epcglobal:cbv:disp:in_transit\","
				+ "\"bizTransactionList\":[{\"type\":\"urn:epcglobal:cbv:btt:po\","
				+ "\"bizTransaction\":\"https://example.com/po/1\"}],"
				+ "\"sourceList\":[{\"type\":\"possessing_party\",\"source\":\"https://example.com/party/a\"}],"
				+ "\"destinationList\":[{\"type\":\"https://ref.gs1.org/cbv/SDT-owning_party\","
				+ "\"destination\":\"https://example.com/party/b\"}],"
				+ "\"persistentDisposition\":{\"set\":[\"https://ref.gs1.org/cbv/Disp-completeness_verified\"],"
				+ "\"unset\":[\"cbv:Disp-completeness_inferred\"]},"
				+ "\"errorDeclaration\":{\"declarationTime\":\"2026-03-02T08:00:00Z\",\"reason\":\"incorrect_data\"}}";
		String user = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-01T09:00:00Z\","
				+ "\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"" + epc + "C2\"],\"action\":\"OBSERVE\","
				+ "\"bizStep\":\"https://example.com/bizstep/polishing\","
				+ "\"bizTransactionList\":[{\"type\":\"https://example.com/btt/contract\","
				+ "\"bizTransaction\":\"https://example.com/contract/7\"}]}";
		String document = EpcisQueryIntegrationTests.document(List.of(standard, user));
		MediaType jsonLd = MediaType.parseMediaType(EpcisApiController.JSON_LD);
		List<String> ids = hashes(document, jsonLd);
		JsonNode job = awaitDone(capture(document, jsonLd));
		assertThat(job.get("stored").asInt()).as(job.toString()).isEqualTo(2);
		String query = "/api/v1/epcis/events?MATCH_epc=" + epc + "*";
		List<String> web = List.of("<bizStep>https://ref.gs1.org/cbv/BizStep-shipping</bizStep>",
				"<disposition>https://ref.gs1.org/cbv/Disp-in_transit</disposition>",
				"type=\"https://ref.gs1.org/cbv/BTT-po\"", "type=\"https://ref.gs1.org/cbv/SDT-possessing_party\"",
				"type=\"https://ref.gs1.org/cbv/SDT-owning_party\"",
				"<set>https://ref.gs1.org/cbv/Disp-completeness_verified</set>",
				"<unset>https://ref.gs1.org/cbv/Disp-completeness_inferred</unset>",
				"<reason>https://ref.gs1.org/cbv/ER-incorrect_data</reason>");
		List<String> urn = List.of("<bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>",
				"<disposition>urn:epcglobal:cbv:disp:in_transit</disposition>", "type=\"urn:epcglobal:cbv:btt:po\"",
				"type=\"urn:epcglobal:cbv:sdt:possessing_party\"", "type=\"urn:epcglobal:cbv:sdt:owning_party\"",
				"<set>urn:epcglobal:cbv:disp:completeness_verified</set>",
				"<unset>urn:epcglobal:cbv:disp:completeness_inferred</unset>",
				"<reason>urn:epcglobal:cbv:er:incorrect_data</reason>");
		// as captured: URNs and web URIs kept; a bare word and a CURIE (JSON-LD only) as
		// the web URIs GS1's context makes of them
		List<String> captured = List.of("<bizStep>https://ref.gs1.org/cbv/BizStep-shipping</bizStep>",
				"<disposition>urn:epcglobal:cbv:disp:in_transit</disposition>", "type=\"urn:epcglobal:cbv:btt:po\"",
				"type=\"https://ref.gs1.org/cbv/SDT-possessing_party\"",
				"type=\"https://ref.gs1.org/cbv/SDT-owning_party\"",
				"<set>https://ref.gs1.org/cbv/Disp-completeness_verified</set>",
				"<unset>https://ref.gs1.org/cbv/Disp-completeness_inferred</unset>",
				"<reason>https://ref.gs1.org/cbv/ER-incorrect_data</reason>");
		List<String> userValues = List.of("<bizStep>https://example.com/bizstep/polishing</bizStep>",
				"type=\"https://example.com/btt/contract\"");
		String[][] cases = { { null, "Always_Web_URI" }, { "No_Preference", "Always_Web_URI" },
				{ "Always_Web_URI", "Always_Web_URI" }, { "always_urn", "Always_URN" }, { "Always_URN", "Always_URN" },
				{ "Never_Translates", "Never_Translates" } };
		for (String[] c : cases) {
			var request = get(query).header("Authorization", this.brand.bearer()).accept(MediaType.APPLICATION_XML);
			if (c[0] != null) {
				request.header("GS1-CBV-XML-Format", c[0]);
			}
			MvcResult answer = this.mvc.perform(request)
				.andExpect(status().isOk())
				.andExpect(header().string("GS1-CBV-XML-Format", c[1]))
				.andReturn();
			String xml = answer.getResponse().getContentAsString(StandardCharsets.UTF_8);
			List<String> expected = c[1].equals("Always_URN") ? urn : c[1].equals("Never_Translates") ? captured : web;
			assertThat(xml).as(c[0]).contains(expected).contains(userValues);
			if (c[1].equals("Always_URN")) {
				assertThat(xml).doesNotContain("ref.gs1.org/cbv");
			}
			if (c[1].equals("Always_Web_URI")) {
				assertThat(xml).doesNotContain("urn:epcglobal:cbv");
			}
			// the same events: CBV forms hash alike
			assertThat(this.parser.parseXml(answer.getResponse().getContentAsByteArray()).events())
				.extracting(e -> this.hasher.hash(e).ni())
				.as(c[0])
				.containsExactlyInAnyOrderElementsOf(ids);
		}
		// the single event and a named query's results honour it too
		assertThat(urnXml("/api/v1/epcis/events/" + hex(ids.get(0)))).contains(urn);
		String name = "cbv" + this.gtin;
		this.api.call(post("/api/v1/epcis/queries"), this.brand.key(),
				"{\"name\":\"" + name + "\",\"query\":{\"MATCH_epc\":[\"" + epc + "*\"]}}", 201);
		assertThat(urnXml("/api/v1/epcis/queries/" + name + "/events")).contains(urn).contains(userValues);
		// JSON holds CBV values as captured, whatever is asked, and says so
		this.mvc
			.perform(get(query).header("Authorization", this.brand.bearer())
				.header("GS1-CBV-XML-Format", "Always_URN")
				.accept(MediaType.parseMediaType(EpcisApiController.JSON_LD)))
			.andExpect(status().isOk())
			.andExpect(header().string("GS1-CBV-XML-Format", "Never_Translates"))
			.andExpect(content().string(containsString("\"bizStep\":\"shipping\"")));
		// a value the binding does not define is a 400 naming the header
		for (String bad : List.of("Always_Web", "URN", "No Preference")) {
			this.mvc
				.perform(get(query).header("Authorization", this.brand.bearer())
					.header("GS1-CBV-XML-Format", bad)
					.accept(MediaType.APPLICATION_XML))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.errors[0].field").value("GS1-CBV-XML-Format"));
		}
	}

	/** The XML answer asked {@code GS1-CBV-XML-Format: Always_URN}, which it says. */
	private String urnXml(String uri) throws Exception {
		return this.mvc
			.perform(get(uri).header("Authorization", this.brand.bearer())
				.header("GS1-CBV-XML-Format", "Always_URN")
				.accept(MediaType.APPLICATION_XML))
			.andExpect(status().isOk())
			.andExpect(header().string("GS1-CBV-XML-Format", "Always_URN"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void epcis12XmlIsCapturedAsEpcis20() throws Exception {
		String xml = """
				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" schemaVersion="1.2"
				    creationDate="2026-01-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent>
				  <eventTime>2026-01-15T10:00:00.250+01:00</eventTime><eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
				  <epcList><epc>https://id.gs1.org/01/%s/21/V12</epc></epcList><action>OBSERVE</action>
				  <bizStep>urn:epcglobal:cbv:bizstep:receiving</bizStep>
				  <extension><quantityList><quantityElement><epcClass>https://id.gs1.org/01/%s/10/L1</epcClass>
				    <quantity>5</quantity></quantityElement></quantityList></extension>
				</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>""".formatted(this.gtin, this.gtin);
		JsonNode job = awaitDone(capture(xml, MediaType.APPLICATION_XML));
		assertThat(job.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(job.get("stored").asInt()).isEqualTo(1);
	}

	@Test
	void hostileXmlIsA400ProblemListingWhyAndFetchesNothing() throws Exception {
		AtomicInteger hits = new AtomicInteger();
		try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread accept = new Thread(() -> {
				while (!listener.isClosed()) {
					try (Socket s = listener.accept()) {
						hits.incrementAndGet();
					}
					catch (IOException closed) {
						return;
					}
				}
			});
			accept.setDaemon(true);
			accept.start();
			String http = "http://127.0.0.1:" + listener.getLocalPort();
			List<String[]> hostile = new ArrayList<>();
			hostile.add(new String[] {
					"""
							<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
							 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
							 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
							 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol9;</lolz>""",
					"XML DOCTYPE declarations are refused" });
			hostile.add(new String[] { "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>",
					"XML DOCTYPE declarations are refused" });
			hostile.add(new String[] { "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"" + http + "/xxe\">]><x>&xxe;</x>",
					"XML DOCTYPE declarations are refused" });
			hostile.add(new String[] { "<a>".repeat(5_000) + "</a>".repeat(5_000),
					"XML elements nested deeper than 32 levels" });
			hostile.add(new String[] {
					"<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\" creationDate=\""
							+ "A".repeat(200_000) + "\"/>",
					"attribute creationDate of <epcis:EPCISDocument> is longer than" });
			for (String[] h : hostile) {
				for (String path : List.of("/api/v1/epcis/capture", "/api/v1/epcis/event-hashes")) {
					assertTimeoutPreemptively(Duration.ofSeconds(20),
							() -> this.mvc
								.perform(post(path).header("Authorization", this.brand.bearer())
									.contentType(MediaType.APPLICATION_XML)
									.content(h[0]))
								.andExpect(status().isBadRequest())
								.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
								.andExpect(jsonPath("$.type").value("/problems/invalid-epcis"))
								.andExpect(jsonPath("$.errors[0].reason").value(containsString(h[1]))));
				}
			}
			Thread.sleep(200);
			assertThat(hits).as("connections to the loopback listener").hasValue(0);
		}
	}

	@Test
	void theHashToolWarnsAboutAnEpcClassInsideEpcListAndCaptureRefusesIt() throws Exception {
		String document = """
				{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
				 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-01T00:00:00Z",
				 "epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2026-01-15T10:00:00.250+01:00",
				  "eventTimeZoneOffset": "+01:00", "action": "OBSERVE",
				  "epcList": ["https://id.gs1.org/01/%s/21/W1", "urn:epc:class:lgtin:4012345.012345.Lot987"]}]}}"""
			.formatted(this.gtin);
		this.mvc.perform(post("/api/v1/epcis/event-hashes").contentType(EpcisApiController.JSON_LD).content(document))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eventHashes[0]").value(startsWith("ni:///sha-256;")))
			.andExpect(jsonPath("$.warnings[0].pointer").value("/epcisBody/eventList/0/epcList/1"))
			.andExpect(jsonPath("$.warnings[0].reason").value(containsString("urn:epc:class:lgtin")));
		this.mvc
			.perform(post("/api/v1/epcis/capture").header("Authorization", this.brand.bearer())
				.contentType(EpcisApiController.JSON_LD)
				.content(document))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("/epcisBody/eventList/0/epcList/1"));
		// a valid document: no warnings
		this.mvc.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_XML).content(sample(XML)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eventHashes.length()").value(2))
			.andExpect(jsonPath("$.warnings").isEmpty());
	}

	private List<String> hashes(String document, MediaType type) throws Exception {
		MvcResult result = this.mvc.perform(post("/api/v1/epcis/event-hashes").contentType(type).content(document))
			.andExpect(status().isOk())
			.andReturn();
		List<String> out = new ArrayList<>();
		tools.jackson.databind.json.JsonMapper.shared()
			.readTree(result.getResponse().getContentAsString())
			.get("eventHashes")
			.forEach(h -> out.add(h.asString()));
		return out;
	}

	private String capture(String document, MediaType type) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/api/v1/epcis/capture").header("Authorization", this.brand.bearer())
				.contentType(type)
				.content(document.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isAccepted())
			.andReturn();
		return tools.jackson.databind.json.JsonMapper.shared()
			.readTree(result.getResponse().getContentAsString())
			.get("captureId")
			.asString();
	}

	private JsonNode awaitDone(String id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = this.api.call(get("/api/v1/epcis/capture/" + id), this.brand.key(), "", 200);
			String status = job.get("status").asString();
			if (!status.equals("PENDING") && !status.equals("RUNNING")) {
				return job;
			}
			assertThat(System.nanoTime()).as("capture " + id + " did not finish").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String hex(String hashId) {
		return hashId.substring("ni:///sha-256;".length(), "ni:///sha-256;".length() + 64);
	}

}
