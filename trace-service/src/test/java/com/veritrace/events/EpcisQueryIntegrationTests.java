package com.veritrace.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink.HashedEvent;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The EPCIS 2.0 query ({@code GET /api/v1/epcis/events} with the standard parameters) on
 * MariaDB: GS1's example events stored for a fresh brand and queried back, every query
 * parameter with a case that matches and one that does not, visibility between tenants,
 * keyset pages while events keep arriving, and the 400 and 413 problems. Every result
 * document is checked against GS1's EPCIS JSON Schema.
 */
@MariaDbIntegrationTest
class EpcisQueryIntegrationTests {

	static final List<String> SAMPLES = List.of("Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.2-ObjectEvent.jsonld",
			"Example_9.6.3-AggregationEvent.jsonld", "Example_9.6.4-TransformationEvent.jsonld",
			"Example-TransactionEvents-2020_07_03y.jsonld", "PersistentDisposition-example.jsonld",
			"Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld",
			"WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld",
			"AssociationEvent/AssociationEvent-a.jsonld", "WithSensorData/SensorDataExample1.jsonld",
			"WithSensorData/SensorDataExample5.jsonld", "WithSensorData/SensorDataExample9.jsonld");

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** An event of our own with a nested extension field (none of GS1's has one). */
	static final String NESTED = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2022-02-02T10:00:00Z\","
			+ "\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"OBSERVE\","
			+ "\"epcList\":[\"https://id.gs1.org/01/09521234543213/21/NEST1\"],"
			+ "\"example:outer\":{\"example:inner\":\"deep\",\"example:size\":7}}";

	@Autowired
	MockMvc mvc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Tenant brand;

	Tenant other;

	String run;

	int stored;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("QueryBrand"), "BRAND", "read", "events:write");
		this.other = this.api.tenant(ApiClient.unique("OtherBrand"), "BRAND", "read", "events:write");
		this.run = Long.toHexString(System.nanoTime());
		this.stored = 0;
		for (String sample : SAMPLES) {
			this.stored += store(this.brand, Files.readString(Path.of("src/test/resources/samples/epcis-gs1", sample)));
		}
		this.stored += store(this.brand, document(List.of(NESTED)));
	}

	@Test
	void gs1ExamplesComeBackAsAQueryDocumentThatValidatesAgainstGs1sSchema() throws Exception {
		// the validator agrees with GS1's own query document example
		assertThat(EpcisSchema.problems(JSON
			.readTree(Files.readString(Path.of("src/test/resources/samples/epcis-gs1/EPCISQueryDocument.jsonld")))))
			.isEmpty();
		JsonNode doc = query(this.brand, "perPage=100");
		assertThat(doc.get("type").asString()).isEqualTo("EPCISQueryDocument");
		assertThat(doc.get("schemaVersion").asString()).isEqualTo("2.0");
		assertThat(doc.get("@context").get(0).asString())
			.isEqualTo("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
		assertThat(doc.at("/epcisBody/queryResults/queryName").asString()).isEqualTo("SimpleEventQuery");
		assertThat(events(doc)).hasSize(this.stored);
		// without orderBy: event time, oldest first
		List<Instant> times = new ArrayList<>();
		events(doc).forEach(e -> times.add(java.time.OffsetDateTime.parse(e.get("eventTime").asString()).toInstant()));
		assertThat(times).isSorted();
	}

	@Test
	void everyStandardParameterMatchesWhatItShouldAndNothingElse() throws Exception {
		String now = Instant.now().minus(1, ChronoUnit.HOURS).toString();
		// parameter -> (a value that matches some stored events, one that matches none)
		String[][] cases = { { "eventType=AggregationEvent", "eventType=urn:example:NoSuchEventType" },
				{ "GE_eventTime=2020-06-01T00:00:00Z", "GE_eventTime=2030-01-01T00:00:00Z" },
				{ "LT_eventTime=2006-01-01T00:00:00Z", "LT_eventTime=2000-01-01T00:00:00Z" },
				{ "GE_recordTime=" + now, "GE_recordTime=2100-01-01T00:00:00Z" },
				{ "LT_recordTime=2100-01-01T00:00:00Z", "LT_recordTime=2000-01-01T00:00:00Z" },
				{ "EQ_action=ADD", "EQ_action=DELETE" }, { "EQ_bizStep=shipping", "EQ_bizStep=destroying" },
				{ "EQ_bizStep=urn:epcglobal:cbv:bizstep:receiving", "EQ_bizStep=cycle_counting" },
				{ "EQ_disposition=in_transit", "EQ_disposition=stolen" },
				{ "EQ_persistentDisposition_set=completeness_verified", "EQ_persistentDisposition_set=damaged" },
				{ "EQ_persistentDisposition_unset=completeness_inferred",
						"EQ_persistentDisposition_unset=completeness_verified" },
				{ "EQ_readPoint=urn:epc:id:sgln:0614141.07346.1234", "EQ_readPoint=urn:epc:id:sgln:0614141.07346.9" },
				{ "WD_readPoint=urn:epc:id:sgln:0614141.07346.1234", "WD_readPoint=urn:epc:id:sgln:0614141.07346.9" },
				{ "EQ_bizLocation=urn:epc:id:sgln:0012345.11111.0", "EQ_bizLocation=urn:epc:id:sgln:0012345.11111.9" },
				{ "WD_bizLocation=urn:epc:id:sgln:0012345.11111.0", "WD_bizLocation=urn:epc:id:sgln:0012345.11111.9" },
				{ "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018", "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2019" },
				{ "MATCH_epc=https://id.gs1.org/01/10614141073464/21/2018",
						"MATCH_epc=https://id.gs1.org/01/10614141073464/21/2019" },
				{ "MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", "MATCH_epc=urn:epc:idpat:sgtin:0614141.107347.*" },
				{ "MATCH_parentID=urn:epc:id:sscc:0614141.1234567890",
						"MATCH_parentID=urn:epc:id:sscc:0614141.1234567891" },
				{ "MATCH_inputEPC=urn:epc:id:sgtin:4012345.011122.25",
						"MATCH_inputEPC=urn:epc:id:sgtin:4012345.011122.26" },
				{ "MATCH_outputEPC=urn:epc:id:sgtin:4012345.033333.AGHFG",
						"MATCH_outputEPC=urn:epc:id:sgtin:4012345.033333.AGHFX" },
				{ "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890",
						"MATCH_anyEPC=urn:epc:id:sscc:0614141.0000000001" },
				{ "MATCH_epcClass=urn:epc:class:lgtin:4023333.002000.998877",
						"MATCH_epcClass=urn:epc:class:lgtin:4023333.002000.998878" },
				{ "MATCH_inputEPCClass=urn:epc:class:lgtin:4012345.022222.87545GHGH",
						"MATCH_inputEPCClass=urn:epc:class:lgtin:4012345.022222.X" },
				{ "MATCH_outputEPCClass=urn:epc:idpat:sgtin:4012345.044444.*",
						"MATCH_outputEPCClass=urn:epc:idpat:sgtin:4012345.044445.*" },
				{ "MATCH_anyEPCClass=urn:epc:idpat:sgtin:4012345.044444.*",
						"MATCH_anyEPCClass=urn:epc:idpat:sgtin:4012345.055555.*" },
				{ "EQ_quantity=452", "EQ_quantity=453" }, { "GT_quantity=499", "GT_quantity=100000" },
				{ "GE_quantity=500", "GE_quantity=100000" }, { "LT_quantity=5", "LT_quantity=1" },
				{ "LE_quantity=4", "LE_quantity=0.5" }, { "EQ_quantity_KGM=452", "EQ_quantity_LTR=452" },
				{ "EQ_eventID=urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
						"EQ_eventID=urn:uuid:00000000-0000-0000-0000-000000000000" },
				{ "EXISTS_errorDeclaration=true", "EXISTS_errorDeclaration=true&eventType=ObjectEvent" },
				{ "GE_errorDeclarationTime=2020-01-01T00:00:00Z", "GE_errorDeclarationTime=2021-01-01T00:00:00Z" },
				{ "LT_errorDeclarationTime=2021-01-01T00:00:00Z", "LT_errorDeclarationTime=2020-01-01T00:00:00Z" },
				{ "EQ_errorReason=incorrect_data", "EQ_errorReason=did_not_occur" },
				{ "EQ_correctiveEventID=urn:uuid:404d95fc-9457-4a51-bd6a-0bba133845a8",
						"EQ_correctiveEventID=urn:uuid:00000000-0000-0000-0000-000000000000" },
				{ "EQ_bizTransaction_po=http://transaction.acme.com/po/12345678",
						"EQ_bizTransaction_inv=http://transaction.acme.com/po/12345678" },
				{ "EQ_source_possessing_party=urn:epc:id:pgln:4000001.00012",
						"EQ_source_owning_party=urn:epc:id:pgln:4000001.00012" },
				{ "EQ_destination_possessing_party=urn:epc:id:pgln:4012345.00000",
						"EQ_destination_possessing_party=urn:epc:id:pgln:4000001.00012" },
				{ "EQ_type=Temperature", "EQ_type=Radioactivity" }, { "GE_value_CEL=26.5", "GE_value_CEL=100" },
				{ "LT_value_CEL=26.05", "LT_value_CEL=-100" }, { "EQ_value_CEL=26.3", "EQ_value_FAH=26.3" },
				{ "EQ_deviceID=urn:epc:id:giai:4000001.111", "EQ_deviceID=urn:epc:id:giai:4000001.999" },
				{ "GE_time=2019-04-02T14:50:00%2B01:00&EQ_type=Temperature", "GE_time=2030-01-01T00:00:00Z" },
				{ "EQ_uriValue=https://example.com/ErrorCode-A827", "EQ_uriValue=https://example.com/ErrorCode-A828" },
				{ "EQ_booleanValue=true", "EQ_booleanValue=true&EQ_type=Temperature" },
				{ "EXISTS_sensorElementList=true", "EXISTS_sensorElementList=true&eventType=AggregationEvent" },
				{ "EQ_example:myField=Example of a vendor/user extension", "EQ_example:myField=Something else" },
				{ "EXISTS_example:myField", "EXISTS_example:noSuchField" },
				{ "EQ_ERROR_DECLARATION_example:vendorExtension=Test1",
						"EQ_ERROR_DECLARATION_example:vendorExtension=Test2" },
				{ "EQ_INNER_example:inner=deep", "EQ_example:inner=deep" },
				{ "GT_INNER_example:size=6", "GT_INNER_example:size=7" },
				{ "EXISTS_INNER_example:size", "EXISTS_INNER_example:outer" } };
		for (String[] c : cases) {
			assertThat(events(query(this.brand, c[0] + "&perPage=100"))).as(c[0]).isNotEmpty();
			assertThat(events(query(this.brand, c[1] + "&perPage=100"))).as(c[1]).isEmpty();
		}
		// exact answers where the examples pin them
		assertThat(eventIds(query(this.brand, "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018"))).containsExactly(
				"ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0",
				"ni:///sha-256;00e1e6eba3a7cc6125be4793a631f0af50f8322e0ab5f2c0bab994a11cec1d79?ver=CBV2.0",
				"ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0");
		// a location in either form (GS1's 9.6.1 and both error declaration examples
		// name it)
		assertThat(events(query(this.brand, "EQ_readPoint=https://id.gs1.org/414/0614141073467/254/1234"))).hasSize(3);
		assertThat(events(query(this.brand, "MATCH_epc=urn:epc:id:sscc:0614141.1234567890"))).as("parent is no epc")
			.isEmpty();
		assertThat(events(query(this.brand, "EQ_bizStep=shipping|receiving&eventType=ObjectEvent"))).hasSize(4);
		assertThat(events(query(this.brand, "EQ_bizStep=shipping&EQ_bizStep=receiving&eventType=ObjectEvent")))
			.hasSize(4);
		assertThat(events(query(this.brand, "EQ_example:myField=Example of a vendor/user extension"))).hasSize(5);
	}

	@Test
	void orderByOrderDirectionAndEventCountLimit() throws Exception {
		List<Instant> desc = times(query(this.brand, "orderBy=eventTime&orderDirection=DESC&perPage=100"));
		assertThat(desc).hasSize(this.stored).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		// DESC is the default direction
		assertThat(times(query(this.brand, "orderBy=eventTime&perPage=100"))).isEqualTo(desc);
		assertThat(times(query(this.brand, "orderBy=eventTime&orderDirection=ASC&perPage=100"))).isSorted();
		assertThat(events(query(this.brand, "orderBy=recordTime&perPage=100"))).hasSize(this.stored);
		// the latest event: extremal query
		List<Instant> latest = times(query(this.brand, "orderBy=eventTime&orderDirection=DESC&eventCountLimit=1"));
		assertThat(latest).containsExactly(desc.get(0));
		// eventCountLimit across pages: 5 in all, 2 a page
		List<Instant> limited = new ArrayList<>();
		String next = "/api/v1/epcis/events?orderBy=eventTime&orderDirection=DESC&eventCountLimit=5&perPage=2";
		while (next != null) {
			MvcResult page = get(this.brand, next, 200);
			limited.addAll(times(JSON.readTree(page.getResponse().getContentAsString())));
			next = nextLink(page);
		}
		assertThat(limited).isEqualTo(desc.subList(0, 5));
	}

	@Test
	void anotherBrandSeesNoneOfTheseEventsAndARegulatorSeesThemAll() throws Exception {
		assertThat(events(query(this.other, "perPage=100"))).isEmpty();
		assertThat(events(query(this.other, "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018"))).isEmpty();
		assertThat(events(query(this.other, "EQ_vtest:run=" + this.run))).isEmpty();
		Tenant regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read");
		assertThat(events(query(regulator, "EQ_vtest:run=" + this.run + "&perPage=100"))).hasSize(this.stored);
		// a brand sees events others report on its products
		String gtin = ApiClient.randomGtin();
		Tenant owner = this.api.tenant(ApiClient.unique("Owner"), "BRAND", "read", "products:write");
		this.api.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/products"),
				owner.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		store(this.other, document(List.of(objectEvent("https://id.gs1.org/01/" + gtin + "/21/VIS1", "2024-01-01"))));
		assertThat(events(query(owner, "MATCH_epc=https://id.gs1.org/01/" + gtin + "/21/VIS1"))).hasSize(1);
		assertThat(events(query(this.brand, "MATCH_epc=https://id.gs1.org/01/" + gtin + "/21/VIS1"))).isEmpty();
	}

	@Test
	void pagesHaveNoDuplicatesNorGapsWhileEventsKeepArriving() throws Exception {
		String gtin = ApiClient.randomGtin();
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			events.add(objectEvent("https://id.gs1.org/01/" + gtin + "/21/P" + i, "2025-03-" + (10 + i % 9)));
		}
		store(this.brand, document(events));
		// an indexed query (SQL decides) and one Java re-checks row by row
		for (String filter : List.of("MATCH_epc=https://id.gs1.org/01/" + gtin + "/21/*",
				"EQ_vtest:run=" + this.run + "&eventType=ObjectEvent&GE_eventTime=2025-03-01T00:00:00Z")) {
			Set<String> seen = new HashSet<>();
			int pages = 0;
			String next = "/api/v1/epcis/events?" + filter + "&perPage=5";
			while (next != null) {
				MvcResult page = get(this.brand, next, 200);
				JsonNode doc = JSON.readTree(page.getResponse().getContentAsString());
				assertThat(EpcisSchema.problems(doc)).isEmpty();
				for (JsonNode e : events(doc)) {
					assertThat(seen.add(e.get("epcList").get(0).asString())).as("duplicate").isTrue();
				}
				// new events arrive between pages, before and after the cursor's time
				store(this.brand,
						document(List.of(
								objectEvent("https://id.gs1.org/01/" + gtin + "/21/N" + pages + filter.length(),
										"2025-03-09"),
								objectEvent("https://id.gs1.org/01/" + gtin + "/21/M" + pages + filter.length(),
										"2025-03-30"))));
				next = nextLink(page);
				pages++;
			}
			for (int i = 0; i < 23; i++) {
				assertThat(seen).as("gap").contains("https://id.gs1.org/01/" + gtin + "/21/P" + i);
			}
			assertThat(pages).isGreaterThan(4);
		}
	}

	@Test
	void badParametersAreOneQueryParameterExceptionNamingEachAndTooLargeIsA413() throws Exception {
		MvcResult bad = get(this.brand,
				"/api/v1/epcis/events?EQ_colour=red&GE_eventTime=yesterday&EQ_action=JUMP&perPage=0&MATCH_epc=urn:epc:idpat:sgtin:1.*.5",
				400);
		JsonNode problem = JSON.readTree(bad.getResponse().getContentAsString());
		assertThat(problem.get("type").asString()).isEqualTo("epcisException:QueryParameterException");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("EQ_colour", "GE_eventTime", "EQ_action", "perPage", "MATCH_epc");
		for (String q : List.of("eventCountLimit=3", "eventCountLimit=3&maxEventCount=3&orderBy=eventTime",
				"orderBy=quantity", "orderDirection=UP&orderBy=eventTime", "maxEventCount=-1",
				"EXISTS_errorDeclaration=maybe", "GE_value_CEL=warm", "nextPageToken=forged.token")) {
			JsonNode p = JSON
				.readTree(get(this.brand, "/api/v1/epcis/events?" + q, 400).getResponse().getContentAsString());
			assertThat(p.get("type").asString()).as(q).isEqualTo("epcisException:QueryParameterException");
		}
		// a token is bound to its query
		MvcResult first = get(this.brand, "/api/v1/epcis/events?perPage=2", 200);
		String token = nextLink(first).replaceAll(".*nextPageToken=", "");
		get(this.brand, "/api/v1/epcis/events?perPage=2&eventType=ObjectEvent&nextPageToken=" + token, 400);
		get(this.brand, "/api/v1/epcis/events?perPage=2&nextPageToken=" + token, 200);
		// maxEventCount: the whole result or QueryTooLargeException
		JsonNode tooLarge = JSON
			.readTree(get(this.brand, "/api/v1/epcis/events?maxEventCount=2", 413).getResponse().getContentAsString());
		assertThat(tooLarge.get("type").asString()).isEqualTo("epcisException:QueryTooLargeException");
		JsonNode tooLargeJava = JSON
			.readTree(get(this.brand, "/api/v1/epcis/events?maxEventCount=1&EXISTS_example:myField", 413).getResponse()
				.getContentAsString());
		assertThat(tooLargeJava.get("status").asInt()).isEqualTo(413);
		assertThat(events(query(this.brand, "maxEventCount=" + this.stored))).hasSize(Math.min(30, this.stored));
		assertThat(events(query(this.brand, "maxEventCount=5&EXISTS_example:myField"))).hasSize(5);
	}

	@Test
	void newEventsAreIndexedByIdentifierInTheirTransaction() {
		Long rows = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM trace_event_epc k JOIN trace_event e ON e.id = k.event_row_id "
						+ "WHERE e.reporter_id = ? AND k.role = 'P' AND k.epc = ?",
				Long.class, this.brand.id(), "https://id.gs1.org/00/106141412345678908");
		assertThat(rows).isEqualTo(1);
	}

	@Test
	void theV25BackfillIndexesEventsStoredBeforeIt() throws Exception {
		String match = "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890&EQ_vtest:run=" + this.run;
		assertThat(events(query(this.brand, match))).hasSize(1);
		// as if stored before V25: no index rows
		this.jdbc.update("DELETE FROM trace_event_epc WHERE event_row_id IN "
				+ "(SELECT id FROM trace_event WHERE reporter_id = ?)", this.brand.id());
		assertThat(events(query(this.brand, match))).isEmpty();
		try (java.sql.Connection connection = this.jdbc.getDataSource().getConnection()) {
			EpcisQueryIndexMigration.backfill(connection);
		}
		assertThat(events(query(this.brand, match))).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_epc k JOIN trace_event e "
				+ "ON e.id = k.event_row_id WHERE e.reporter_id = ?", Long.class, this.brand.id()))
			.isGreaterThan((long) this.stored);
	}

	// ------------------------------------------------------------------ helpers

	JsonNode query(Tenant who, String queryString) throws Exception {
		MvcResult result = get(who, "/api/v1/epcis/events?" + queryString, 200);
		assertThat(result.getResponse().getContentType()).startsWith("application/ld+json");
		JsonNode doc = JSON.readTree(result.getResponse().getContentAsString());
		assertThat(EpcisSchema.problems(doc)).as(queryString).isEmpty();
		return doc;
	}

	MvcResult get(Tenant who, String uri, int status) throws Exception {
		String[] parts = uri.split("\\?", 2);
		var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(parts[0]);
		if (parts.length > 1) {
			for (String pair : parts[1].split("&")) {
				String[] kv = pair.split("=", 2);
				request.queryParam(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
			}
		}
		return this.mvc.perform(request.header("Authorization", who.bearer()))
			.andExpect(status().is(status))
			.andReturn();
	}

	static String decode(String text) {
		return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
	}

	static String nextLink(MvcResult page) {
		String link = page.getResponse().getHeader("Link");
		if (link == null) {
			return null;
		}
		assertThat(link).endsWith(">; rel=\"next\"");
		String uri = link.substring(1, link.indexOf('>'));
		return java.net.URI.create(uri).getRawPath() + "?" + java.net.URI.create(uri).getRawQuery();
	}

	static List<JsonNode> events(JsonNode doc) {
		List<JsonNode> out = new ArrayList<>();
		doc.at("/epcisBody/queryResults/resultsBody/eventList").forEach(out::add);
		return out;
	}

	static List<String> eventIds(JsonNode doc) {
		return events(doc).stream().map(e -> e.path("eventID").asString("")).toList();
	}

	static List<Instant> times(JsonNode doc) {
		return events(doc).stream()
			.map(e -> java.time.OffsetDateTime.parse(e.get("eventTime").asString()).toInstant())
			.toList();
	}

	static String objectEvent(String epc, String day) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + day + "T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"action\":\"OBSERVE\",\"bizStep\":\"receiving\",\"epcList\":[\"" + epc + "\"]}";
	}

	static String document(List<String> events) {
		return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\","
				+ "{\"example\":\"http://ns.example.com/epcis/\"}],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
				+ "\"creationDate\":\"2026-01-01T00:00:00Z\",\"epcisBody\":{\"eventList\":[" + String.join(",", events)
				+ "]}}";
	}

	/**
	 * Stores a document's events as reported by {@code who}, each with the extension
	 * field {@code vtest:run} naming this test run (new hashes in a shared database).
	 */
	int store(Tenant who, String document) throws Exception {
		ObjectNode doc = (ObjectNode) JSON.readTree(document);
		JsonNode context = doc.get("@context");
		tools.jackson.databind.node.ArrayNode contexts = JSON.createArrayNode();
		if (context.isArray()) {
			context.forEach(contexts::add);
		}
		else {
			contexts.add(context);
		}
		contexts.addObject().put("vtest", "https://veritrace.example/test/");
		doc.set("@context", contexts);
		for (JsonNode event : doc.at("/epcisBody/eventList")) {
			((ObjectNode) event).put("vtest:run", this.run);
		}
		List<HashedEvent> hashed = new ArrayList<>();
		for (EpcisEvent event : new EpcisDocumentParser().parse(JSON.writeValueAsString(doc)).events()) {
			hashed.add(new HashedEvent(event, new EventHasher().hash(event)));
		}
		this.recorder.recordOnBehalf(who.id(), hashed);
		return hashed.size();
	}

}
