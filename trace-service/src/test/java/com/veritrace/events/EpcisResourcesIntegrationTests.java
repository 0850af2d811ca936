package com.veritrace.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.VeritraceProperties;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The GS1 REST binding's top-level resources, discovery and version headers on MariaDB,
 * over the events {@link EpcisQueryIntegrationTests} stores for a fresh brand (its
 * set-up, reused): every list paged to its end holds exactly the values of the events the
 * caller may see; another brand sees none of them and gets 404 for them; each
 * {@code /{id}/events} answers what {@code GET /events} answers with the matching filter,
 * page by page, as schema-valid query documents; {@code OPTIONS} answers 204 with the GS1
 * headers; a version range without 2.0 is a 406.
 */
@MariaDbIntegrationTest
class EpcisResourcesIntegrationTests {

	static final String BASE = "/api/v1/epcis/";

	@Autowired
	MockMvc mvc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VeritraceProperties properties;

	/** The query tests' fixture: GS1's examples stored for {@code events.brand}. */
	EpcisQueryIntegrationTests events;

	Tenant brand;

	@BeforeEach
	void setUp() throws Exception {
		this.events = new EpcisQueryIntegrationTests();
		this.events.mvc = this.mvc;
		this.events.recorder = this.recorder;
		this.events.jdbc = this.jdbc;
		this.events.setUp();
		this.brand = this.events.brand;
	}

	@Test
	void eachListHoldsExactlyTheValuesOfTheEventsTheCallerSeesAcrossPages() throws Exception {
		Map<String, String> columns = Map.of("bizSteps", "biz_step", "dispositions", "disposition", "readPoints",
				"read_point", "bizLocations", "biz_location");
		for (Map.Entry<String, String> c : columns.entrySet()) {
			Set<String> expected = new HashSet<>();
			for (String v : this.jdbc.queryForList("SELECT DISTINCT " + c.getValue() + " FROM trace_event WHERE "
					+ "reporter_id = ? AND " + c.getValue() + " IS NOT NULL", String.class, this.brand.id())) {
				expected.add(EpcisResources.member(EpcisResources.Resource.of(c.getKey()), v));
			}
			assertThat(list(this.brand, c.getKey(), 2)).as(c.getKey()).containsExactlyInAnyOrderElementsOf(expected);
		}
		Set<String> epcs = new HashSet<>(
				this.jdbc.queryForList(
						"SELECT DISTINCT k.epc FROM trace_event_epc k JOIN trace_event e ON e.id = k.event_row_id "
								+ "WHERE e.reporter_id = ? AND k.role IN ('E', 'P', 'I', 'O')",
						String.class, this.brand.id()));
		List<String> listed = list(this.brand, "epcs", 7);
		assertThat(listed).containsExactlyInAnyOrderElementsOf(epcs);
		// what GS1's examples pin: CBV terms by bare name, GS1 identifiers as Digital
		// Links
		assertThat(listed).contains("https://id.gs1.org/01/10614141073464/21/2018",
				"https://id.gs1.org/00/106141412345678908");
		assertThat(list(this.brand, "bizSteps", 30)).contains("shipping", "receiving");
		assertThat(list(this.brand, "dispositions", 30)).contains("in_transit");
		assertThat(list(this.brand, "readPoints", 30)).contains("https://id.gs1.org/414/0614141073467/254/1234");
		assertThat(list(this.brand, "eventTypes", 2)).containsExactly("AggregationEvent", "AssociationEvent",
				"ObjectEvent", "TransactionEvent", "TransformationEvent");
		// a regulator sees them too (among everybody's)
		Tenant regulator = new ApiClient(this.mvc).tenant(ApiClient.unique("Regulator"), "REGULATOR", "read");
		String gtin = ApiClient.randomGtin();
		this.events.store(this.brand, EpcisQueryIntegrationTests.document(List
			.of(EpcisQueryIntegrationTests.objectEvent("https://id.gs1.org/01/" + gtin + "/21/R1", "2024-02-02"))));
		get(regulator, BASE + "epcs/" + sgtin(gtin, "R1"), 200);
		assertThat(list(this.brand, "epcs", 1000)).contains("https://id.gs1.org/01/" + gtin + "/21/R1");
		// a Digital Link as the id, its slashes encoded as the binding's examples do
		String encoded = BASE + "epcs/" + java.net.URLEncoder.encode("https://id.gs1.org/01/" + gtin + "/21/R1",
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(encoded).contains("%2F");
		for (Tenant who : List.of(regulator, this.brand)) {
			assertThat(members(this.mvc
				.perform(MockMvcRequestBuilders.get(java.net.URI.create(encoded)).header("Authorization", who.bearer()))
				.andExpect(status().isOk())
				.andReturn())).containsExactly("events");
			JsonNode events = EpcisQueryIntegrationTests.JSON.readTree(this.mvc
				.perform(MockMvcRequestBuilders.get(java.net.URI.create(encoded + "/events"))
					.header("Authorization", who.bearer()))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString());
			assertThat(events.at("/epcisBody/queryResults/resultsBody/eventList/0/epcList/0").asString())
				.isEqualTo("https://id.gs1.org/01/" + gtin + "/21/R1");
		}
		this.mvc
			.perform(MockMvcRequestBuilders.get(java.net.URI.create(encoded))
				.header("Authorization", this.events.other.bearer()))
			.andExpect(status().isNotFound());
	}

	@Test
	void anotherBrandListsNoneOfTheseValuesAndGets404ForThem() throws Exception {
		Tenant other = this.events.other;
		for (String resource : List.of("epcs", "bizSteps", "bizLocations", "readPoints", "dispositions")) {
			MvcResult page = get(other, BASE + resource + "?perPage=5", 200);
			assertThat(members(page)).as(resource).isEmpty();
			assertThat(page.getResponse().getHeader("Link")).isNull();
		}
		String[] ids = { "epcs/urn:epc:id:sgtin:0614141.107346.2018", "bizSteps/shipping",
				"bizSteps/urn:epcglobal:cbv:bizstep:receiving", "dispositions/in_transit",
				"readPoints/urn:epc:id:sgln:0614141.07346.1234", "bizLocations/urn:epc:id:sgln:0012345.11111.0" };
		for (String id : ids) {
			assertThat(members(get(this.brand, BASE + id, 200))).as(id).containsExactly("events");
			get(other, BASE + id, 404);
			get(other, BASE + id + "/events", 404);
		}
		get(this.brand, BASE + "epcs/urn:epc:id:sgtin:0614141.107346.9999", 404);
		get(this.brand, BASE + "bizSteps/destroying", 404);
		assertThat(members(get(other, BASE + "eventTypes/ObjectEvent", 200))).containsExactly("events");
		get(other, BASE + "eventTypes/NoSuchEvent", 404);
		get(this.brand, BASE + "epcs/not-an-epc", 404);
		get(this.brand, BASE + "epcs/urn:epc:idpat:sgtin:0614141.107346.*", 404);
		// a brand sees what others report on its products
		ApiClient api = new ApiClient(this.mvc);
		String gtin = ApiClient.randomGtin();
		Tenant owner = api.tenant(ApiClient.unique("Owner"), "BRAND", "read", "products:write");
		api.call(MockMvcRequestBuilders.post("/api/v1/products"), owner.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		this.events.store(other, EpcisQueryIntegrationTests.document(List
			.of(EpcisQueryIntegrationTests.objectEvent("https://id.gs1.org/01/" + gtin + "/21/VIS1", "2024-01-01"))));
		assertThat(list(owner, "epcs", 30)).containsExactly("https://id.gs1.org/01/" + gtin + "/21/VIS1");
		assertThat(list(owner, "bizSteps", 30)).containsExactly("receiving");
		get(owner, BASE + "epcs/" + sgtin(gtin, "VIS1"), 200);
		get(this.brand, BASE + "epcs/" + sgtin(gtin, "VIS1"), 404);
	}

	@Test
	void eventsOfAValueAreTheStandardQueryWithItsFilterPageByPage() throws Exception {
		String[][] cases = { { "eventTypes/ObjectEvent", "eventType=ObjectEvent" },
				{ "epcs/urn:epc:id:sgtin:0614141.107346.2018", "MATCH_anyEPC=urn:epc:id:sgtin:0614141.107346.2018" },
				{ "epcs/urn:epc:id:sscc:0614141.1234567890", "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890" },
				{ "bizSteps/shipping", "EQ_bizStep=shipping" },
				{ "bizSteps/urn:epcglobal:cbv:bizstep:receiving", "EQ_bizStep=receiving" },
				{ "dispositions/in_transit", "EQ_disposition=in_transit" },
				{ "readPoints/urn:epc:id:sgln:0614141.07346.1234",
						"EQ_readPoint=https://id.gs1.org/414/0614141073467/254/1234" },
				{ "bizLocations/urn:epc:id:sgln:0012345.11111.0", "EQ_bizLocation=urn:epc:id:sgln:0012345.11111.0" } };
		String run = "EQ_vtest:run=" + this.events.run;
		for (String[] c : cases) {
			List<JsonNode> viaResource = pages(BASE + c[0] + "/events?" + run + "&perPage=2");
			List<JsonNode> viaQuery = pages(BASE + "events?" + c[1] + "&" + run + "&perPage=2");
			assertThat(viaResource).as(c[0]).isNotEmpty().isEqualTo(viaQuery);
		}
		// further parameters narrow as they do on /events
		assertThat(pages(BASE + "eventTypes/ObjectEvent/events?" + run + "&EQ_bizStep=shipping&perPage=100"))
			.isEqualTo(pages(BASE + "events?eventType=ObjectEvent&EQ_bizStep=shipping&" + run + "&perPage=100"))
			.isNotEmpty();
		// XML as on /events
		MvcResult xml = this.mvc
			.perform(MockMvcRequestBuilders.get(BASE + "bizSteps/shipping/events")
				.header("Authorization", this.brand.bearer())
				.header("Accept", "application/xml"))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(xml.getResponse().getContentAsString()).contains("EPCISQueryDocument");
		// the path's own parameter is not given twice; a bad one is a
		// QueryParameterException
		JsonNode twice = json(get(this.brand, BASE + "bizSteps/shipping/events?EQ_bizStep=receiving", 400));
		assertThat(twice.get("type").asString()).isEqualTo("epcisException:QueryParameterException");
		assertThat(json(get(this.brand, BASE + "bizSteps/shipping/events?EQ_colour=red", 400)).get("type").asString())
			.isEqualTo("epcisException:QueryParameterException");
	}

	@Test
	void listTokensAreSignedAndBoundToTheirListAndParametersChecked() throws Exception {
		MvcResult first = get(this.brand, BASE + "epcs?perPage=1", 200);
		String token = EpcisQueryIntegrationTests.nextLink(first).replaceAll(".*nextPageToken=", "");
		get(this.brand, BASE + "epcs?perPage=1&nextPageToken=" + token, 200);
		get(this.brand, BASE + "bizLocations?perPage=1&nextPageToken=" + token, 400);
		get(this.events.other, BASE + "epcs?perPage=1&nextPageToken=" + token, 400);
		String forged = "aHR0cHM6Ly9leGFtcGxlLmNvbQ~" + token.substring(token.indexOf('~') + 1);
		JsonNode problem = json(get(this.brand, BASE + "epcs?nextPageToken=" + forged, 400));
		assertThat(problem.get("type").asString()).isEqualTo("epcisException:QueryParameterException");
		get(this.brand, BASE + "epcs?perPage=0", 400);
		get(this.brand, BASE + "epcs?perPage=many", 400);
		get(this.brand, BASE + "epcs?EQ_bizStep=shipping", 400);
	}

	@Test
	void aScanBudgetEndsPagesEarlyWithATokenAndNoValueIsLostOrRepeated() throws Exception {
		// one candidate value examined per page
		EpcisResources budgeted = new EpcisResources(this.jdbc, new QueryProperties(1, 1, 1, null));
		Tenant other = this.events.other;
		String gtin = ApiClient.randomGtin();
		this.events.store(other, EpcisQueryIntegrationTests.document(List
			.of(EpcisQueryIntegrationTests.objectEvent("https://id.gs1.org/01/" + gtin + "/21/ONLY", "2024-03-03"))));
		com.veritrace.tenancy.Caller otherCaller = new com.veritrace.tenancy.Caller(other.id(), "other",
				com.veritrace.tenancy.OrganisationKind.BRAND, other.keyId(),
				java.util.Set.of(com.veritrace.tenancy.Scope.READ));
		com.veritrace.tenancy.Caller brandCaller = new com.veritrace.tenancy.Caller(this.brand.id(), "brand",
				com.veritrace.tenancy.OrganisationKind.BRAND, this.brand.keyId(),
				java.util.Set.of(com.veritrace.tenancy.Scope.READ));
		for (EpcisResources.Resource resource : List.of(EpcisResources.Resource.EPCS, EpcisResources.Resource.BIZ_STEPS,
				EpcisResources.Resource.READ_POINTS)) {
			assertThat(follow(budgeted, brandCaller, resource)).as(resource.path)
				.isEqualTo(list(this.brand, resource.path, 1000));
		}
		// the other brand sees one EPC among many: empty pages that still go on, then it
		List<String> seen = new ArrayList<>();
		int empty = 0;
		String token = null;
		do {
			EpcisResources.ValuePage page = budgeted.list(otherCaller, EpcisResources.Resource.EPCS, 1, token);
			seen.addAll(page.members());
			empty += page.members().isEmpty() && page.nextPageToken() != null ? 1 : 0;
			token = page.nextPageToken();
		}
		while (token != null);
		assertThat(seen).containsExactly("https://id.gs1.org/01/" + gtin + "/21/ONLY");
		assertThat(empty).isPositive();
	}

	static List<String> follow(EpcisResources resources, com.veritrace.tenancy.Caller caller,
			EpcisResources.Resource resource) {
		List<String> out = new ArrayList<>();
		String token = null;
		do {
			EpcisResources.ValuePage page = resources.list(caller, resource, 1, token);
			out.addAll(page.members());
			token = page.nextPageToken();
		}
		while (token != null);
		return out;
	}

	@Test
	void theRootListsTheTopLevelResources() throws Exception {
		MvcResult root = get(this.brand, "/api/v1/epcis", 200);
		assertThat(members(root)).containsExactlyInAnyOrder("events", "eventTypes", "epcs", "bizSteps", "bizLocations",
				"readPoints", "dispositions", "capture", "queries");
		assertThat(json(root).get("type").asString()).isEqualTo("Collection");
		this.mvc.perform(MockMvcRequestBuilders.get("/api/v1/epcis")).andExpect(status().isUnauthorized());
	}

	@Test
	void optionsAnswers204WithTheGs1Headers() throws Exception {
		MvcResult capture = options(BASE + "capture", 204);
		assertThat(capture.getResponse().getHeader("Allow")).isEqualTo("OPTIONS, POST");
		assertThat(capture.getResponse().getHeader("GS1-EPCIS-Capture-Limit"))
			.isEqualTo(String.valueOf(this.properties.capture().maxEvents()));
		assertThat(capture.getResponse().getHeader("GS1-EPCIS-Capture-File-Size-Limit"))
			.isEqualTo(String.valueOf(this.properties.capture().maxDocumentSize().toBytes()));
		assertThat(capture.getResponse().getHeader("GS1-Capture-Error-Behaviour")).isEqualTo("all");
		for (String path : List.of("/api/v1/epcis", BASE + "events", BASE + "events/abc", BASE + "capture/abc",
				BASE + "eventTypes", BASE + "epcs/urn:epc:id:sgtin:0614141.107346.2018/events", BASE + "bizSteps",
				BASE + "readPoints/x")) {
			MvcResult r = options(path, 204);
			assertThat(r.getResponse().getHeader("Allow")).as(path).isEqualTo("OPTIONS, GET");
			assertThat(r.getResponse().getHeader("GS1-EPCIS-Version")).isEqualTo("2.0.0");
			assertThat(r.getResponse().getHeader("GS1-EPCIS-Min")).isEqualTo("2.0.0");
			assertThat(r.getResponse().getHeader("GS1-EPCIS-Max")).isEqualTo("2.0.0");
			assertThat(r.getResponse().getHeader("GS1-CBV-Version")).isEqualTo("2.0.0");
			assertThat(r.getResponse().getHeader("GS1-CBV-Min")).isEqualTo("2.0.0");
			assertThat(r.getResponse().getHeader("GS1-CBV-Max")).isEqualTo("2.0.0");
			// any format may be asked
			assertThat(r.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("No_Preference");
			assertThat(r.getResponse().getHeader("GS1-CBV-XML-Format")).isEqualTo("No_Preference");
			assertThat(r.getResponse().getHeader("GS1-Vendor-Version")).startsWith("veritrace-");
			assertThat(r.getResponse().getHeader("GS1-EPCIS-Capture-Limit")).isNull();
		}
		// OPTIONS needs a key like GET (the binding lists 401 for it); so does a CORS
		// preflight, as on every API path (no CORS is configured)
		this.mvc.perform(MockMvcRequestBuilders.options(BASE + "events")).andExpect(status().isUnauthorized());
		this.mvc
			.perform(MockMvcRequestBuilders.options(BASE + "events")
				.header("Origin", "https://elsewhere.example")
				.header("Access-Control-Request-Method", "GET"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void versionHeadersOnAnswersAndARangeWithout20IsA406() throws Exception {
		MvcResult events = this.mvc
			.perform(MockMvcRequestBuilders.get(BASE + "events")
				.header("Authorization", this.brand.bearer())
				.header("GS1-EPCIS-Min", "1.2")
				.header("GS1-EPCIS-Max", "2.0")
				.header("GS1-CBV-Min", "2.0.0"))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(events.getResponse().getHeader("GS1-EPCIS-Version")).isEqualTo("2.0.0");
		assertThat(events.getResponse().getHeader("GS1-CBV-Version")).isEqualTo("2.0.0");
		assertThat(events.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("Always_GS1_Digital_Link");
		assertThat(events.getResponse().getHeader("GS1-CBV-XML-Format")).isEqualTo("Never_Translates");
		assertThat(get(this.brand, BASE + "epcs", 200).getResponse().getHeader("GS1-EPC-Format"))
			.isEqualTo("Always_GS1_Digital_Link");
		String[][] refused = { { "GS1-EPCIS-Min", "2.1" }, { "GS1-EPCIS-Max", "1.2" }, { "GS1-CBV-Max", "1.2.0" },
				{ "GS1-CBV-Min", "3" } };
		for (String[] h : refused) {
			for (String path : List.of(BASE + "events", BASE + "epcs", BASE + "capture/x")) {
				MvcResult r = this.mvc
					.perform(MockMvcRequestBuilders.get(path)
						.header("Authorization", this.brand.bearer())
						.header(h[0], h[1]))
					.andExpect(status().isNotAcceptable())
					.andReturn();
				JsonNode problem = json(r);
				assertThat(problem.get("type").asString()).isEqualTo("epcisException:NotAcceptableException");
				assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(h[0]);
			}
		}
		this.mvc
			.perform(MockMvcRequestBuilders.get(BASE + "events")
				.header("Authorization", this.brand.bearer())
				.header("GS1-EPCIS-Min", "two"))
			.andExpect(status().isBadRequest());
		// the public hash tool is no EPCIS endpoint: no version negotiation
		this.mvc
			.perform(MockMvcRequestBuilders.post(BASE + "event-hashes")
				.header("GS1-EPCIS-Min", "9")
				.contentType("application/ld+json")
				.content(EpcisQueryIntegrationTests.document(List.of(EpcisQueryIntegrationTests
					.objectEvent("https://id.gs1.org/01/09521234543213/21/H1", "2024-01-01")))))
			.andExpect(status().isOk());
	}

	@Test
	void queryAnswersGiveDigitalLinksUnlessAskedOtherwise() throws Exception {
		String run = "EQ_vtest:run=" + this.events.run;
		String name = "epc" + this.events.run.replaceAll("[^A-Za-z0-9]", "");
		this.mvc.perform(MockMvcRequestBuilders.post(BASE + "queries")
			.header("Authorization", this.brand.bearer())
			.contentType("application/json")
			.content("{\"name\":\"" + name + "\",\"query\":{\"MATCH_epc\":"
					+ "[\"urn:epc:id:sgtin:0614141.107346.2018\"],\"EQ_vtest:run\":[\"" + this.events.run + "\"]}}"))
			.andExpect(status().isCreated());
		for (String path : List.of(BASE + "epcs/urn:epc:id:sgtin:0614141.107346.2018/events?" + run,
				BASE + "events?MATCH_epc=urn:epc:id:sgtin:0614141.107346.2018&" + run,
				BASE + "queries/" + name + "/events")) {
			// as captured: GS1's examples write URNs
			MvcResult captured = answer(path, "Never_Translates", 200);
			assertThat(captured.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("Never_Translates");
			assertThat(captured.getResponse().getContentAsString()).as(path)
				.contains("urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgln:0614141.07346.1234");
			List<String> ids = EpcisQueryIntegrationTests.eventIds(json(captured));
			assertThat(ids).isNotEmpty();
			// the binding's default (no header), no preference and asked: Digital Links
			for (String asked : java.util.Arrays.asList(null, "No_Preference", "Always_GS1_Digital_Link",
					"always_gs1_digital_link")) {
				MvcResult page = answer(path, asked, 200);
				assertThat(page.getResponse().getHeader("GS1-EPC-Format")).as(asked)
					.isEqualTo("Always_GS1_Digital_Link");
				JsonNode doc = json(page);
				assertThat(EpcisSchema.problems(doc)).isEmpty();
				assertThat(doc.toString()).as(path + " " + asked)
					.doesNotContain("urn:epc:id:sgtin:", "urn:epc:id:sgln:")
					.contains("https://id.gs1.org/01/10614141073464/21/2018",
							"https://id.gs1.org/414/0614141073467/254/1234");
				// the same events: their IDs are unchanged
				assertThat(EpcisQueryIntegrationTests.eventIds(doc)).isEqualTo(ids);
			}
		}
		// Always_EPC_URN: identifiers captured as URNs are URNs; a page holding one
		// captured as a Digital Link is refused (no GS1 Company Prefix lengths here)
		String gtin = ApiClient.randomGtin();
		String company = gtin.substring(1, 8) + "." + gtin.charAt(0) + gtin.substring(8, 13);
		this.events.store(this.brand, EpcisQueryIntegrationTests
			.document(List.of(EpcisQueryIntegrationTests.objectEvent(sgtin(gtin, "U1"), "2024-03-01"),
					EpcisQueryIntegrationTests.objectEvent("https://id.gs1.org/01/" + gtin + "/21/D1", "2024-03-02"))));
		MvcResult urns = answer(BASE + "events?MATCH_epc=" + sgtin(gtin, "U1"), "Always_EPC_URN", 200);
		assertThat(urns.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("Always_EPC_URN");
		assertThat(json(urns).at("/epcisBody/queryResults/resultsBody/eventList/0/epcList/0").asString())
			.isEqualTo(sgtin(gtin, "U1"));
		String both = BASE + "events?MATCH_epc=urn:epc:idpat:sgtin:" + company + ".*";
		JsonNode refused = json(answer(both, "Always_EPC_URN", 406));
		assertThat(refused.get("type").asString()).isEqualTo("epcisException:NotAcceptableException");
		assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("GS1-EPC-Format");
		assertThat(refused.get("detail").asString()).contains("https://id.gs1.org/01/" + gtin + "/21/D1");
		assertThat(json(answer(both, "Never_Translates", 200)).toString()).contains(sgtin(gtin, "U1"),
				"https://id.gs1.org/01/" + gtin + "/21/D1");
		assertThat(json(answer(both, null, 200)).toString()).doesNotContain(sgtin(gtin, "U1"))
			.contains("https://id.gs1.org/01/" + gtin + "/21/U1");
		// a value the binding does not define is a 400 naming the header
		for (String bad : List.of("Always_URN", "DigitalLink")) {
			JsonNode problem = json(answer(both, bad, 400));
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("GS1-EPC-Format");
		}
		// Veritrace's own parameters' answer and the single event are never translated,
		// and say so
		for (String asked : java.util.Arrays.asList(null, "Always_GS1_Digital_Link", "Always_EPC_URN")) {
			MvcResult legacy = answer(BASE + "events?limit=1", asked, 200);
			assertThat(legacy.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("Never_Translates");
		}
		String hex = this.jdbc.queryForObject(
				"SELECT LOWER(HEX(e.event_hash)) FROM trace_event e JOIN trace_event_epc k "
						+ "ON k.event_row_id = e.id WHERE e.reporter_id = ? AND k.epc = ?",
				String.class, this.brand.id(), "https://id.gs1.org/01/" + gtin + "/21/U1");
		MvcResult one = answer(BASE + "events/" + hex, null, 200);
		assertThat(one.getResponse().getHeader("GS1-EPC-Format")).isEqualTo("Never_Translates");
		assertThat(json(one).at("/event/epcList/0").asString()).isEqualTo(sgtin(gtin, "U1"));
	}

	/** A JSON-LD answer with {@code GS1-EPC-Format} as given (none on null). */
	MvcResult answer(String uri, String format, int status) throws Exception {
		var request = MockMvcRequestBuilders.get(uri.split("\\?")[0]).header("Authorization", this.brand.bearer());
		if (uri.contains("?")) {
			request.queryParams(params(uri));
		}
		if (format != null) {
			request.header("GS1-EPC-Format", format);
		}
		return this.mvc.perform(request).andExpect(status().is(status)).andReturn();
	}

	static org.springframework.util.MultiValueMap<String, String> params(String uri) {
		org.springframework.util.MultiValueMap<String, String> out = new org.springframework.util.LinkedMultiValueMap<>();
		for (String pair : uri.split("\\?", 2)[1].split("&")) {
			String[] kv = pair.split("=", 2);
			out.add(kv[0], kv[1]);
		}
		return out;
	}

	// ------------------------------------------------------------------ helpers

	/** Every member of a list, following its Link headers; each page a Collection. */
	List<String> list(Tenant who, String resource, int perPage) throws Exception {
		List<String> out = new ArrayList<>();
		String next = BASE + resource + "?perPage=" + perPage;
		int pages = 0;
		while (next != null) {
			MvcResult page = get(who, next, 200);
			assertThat(page.getResponse().getContentType()).startsWith("application/json");
			JsonNode body = json(page);
			assertThat(body.get("@context").asString()).isEqualTo(EpcisQueryDocuments.EPCIS_CONTEXT);
			assertThat(body.get("type").asString()).isEqualTo("Collection");
			List<String> members = members(page);
			assertThat(members.size()).isLessThanOrEqualTo(perPage);
			out.addAll(members);
			next = EpcisQueryIntegrationTests.nextLink(page);
			assertThat(++pages).isLessThan(10_000);
		}
		assertThat(new HashSet<>(out)).as("no duplicates").hasSize(out.size());
		return out;
	}

	/** Every event of a query, following its Link headers; each page schema-valid. */
	List<JsonNode> pages(String uri) throws Exception {
		List<JsonNode> out = new ArrayList<>();
		String next = uri;
		while (next != null) {
			MvcResult page = get(this.brand, next, 200);
			assertThat(page.getResponse().getContentType()).startsWith("application/ld+json");
			JsonNode doc = json(page);
			assertThat(EpcisSchema.problems(doc)).as(next).isEmpty();
			out.addAll(EpcisQueryIntegrationTests.events(doc));
			next = EpcisQueryIntegrationTests.nextLink(page);
		}
		return out;
	}

	MvcResult get(Tenant who, String uri, int status) throws Exception {
		return this.events.get(who, uri, status);
	}

	MvcResult options(String uri, int status) throws Exception {
		return this.mvc.perform(MockMvcRequestBuilders.options(uri).header("Authorization", this.brand.bearer()))
			.andExpect(status().is(status))
			.andReturn();
	}

	static List<String> members(MvcResult result) throws Exception {
		List<String> out = new ArrayList<>();
		json(result).get("member").forEach(m -> out.add(m.asString()));
		return out;
	}

	static JsonNode json(MvcResult result) throws Exception {
		return EpcisQueryIntegrationTests.JSON.readTree(result.getResponse().getContentAsString());
	}

	/** The SGTIN URN of a GTIN-14 with indicator 0 and a 7-digit company prefix. */
	static String sgtin(String gtin, String serial) {
		return "urn:epc:id:sgtin:" + gtin.substring(1, 8) + "." + gtin.charAt(0) + gtin.substring(8, 13) + "." + serial;
	}

}
