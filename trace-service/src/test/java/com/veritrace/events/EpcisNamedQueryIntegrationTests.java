package com.veritrace.events;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * EPCIS named queries ({@code /api/v1/epcis/queries}) on MariaDB: create, read, list
 * (paged), run ({@code /queries/{name}/events}, validated against GS1's JSON Schema,
 * paged, in XML) and delete; every problem of a bad query listed; names per organisation
 * (another organisation's query is 404, its name free to take); scopes.
 */
@MariaDbIntegrationTest
class EpcisNamedQueryIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Tenant brand;

	Tenant other;

	Tenant reader;

	String gtin;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("NamedQueryBrand"), "BRAND", "read", "events:write");
		this.other = this.api.tenant(ApiClient.unique("NamedQueryOther"), "BRAND", "read", "events:write");
		this.gtin = ApiClient.randomGtin();
		// 3 receiving and 2 shipping events of the brand
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			events.add(objectEvent(this.gtin, "S" + i, i < 3 ? "receiving" : "shipping", "2024-03-0" + (i + 1)));
		}
		EpcisCapture.record(this.recorder, this.brand.id(), EpcisCapture.document(events));
		// the other brand's, with the same business step
		EpcisCapture.record(this.recorder, this.other.id(),
				EpcisCapture.document(List.of(objectEvent(ApiClient.randomGtin(), "X1", "receiving", "2024-03-01"))));
	}

	@Test
	void aNamedQueryIsCreatedReadListedRunAndDeleted() throws Exception {
		String body = "{\"name\":\"received\",\"query\":{\"eventType\":[\"ObjectEvent\"],"
				+ "\"EQ_bizStep\":[\"receiving\"],\"GE_eventTime\":\"2024-01-01T00:00:00Z\",\"orderBy\":\"eventTime\","
				+ "\"orderDirection\":\"ASC\",\"eventCountLimit\":100," + "\"EXISTS_errorDeclaration\":false}}";
		MvcResult created = this.mvc
			.perform(post("/api/v1/epcis/queries").header("Authorization", this.brand.bearer())
				.contentType("application/json")
				.content(body))
			.andExpect(status().isCreated())
			.andReturn();
		assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/epcis/queries/received");
		assertThat(JSON.readTree(created.getResponse().getContentAsString())).isEqualTo(JSON.readTree(body));
		assertThat(this.api.call(get("/api/v1/epcis/queries/received"), this.brand.key(), "", 200))
			.isEqualTo(JSON.readTree(body));
		JsonNode list = this.api.call(get("/api/v1/epcis/queries"), this.brand.key(), "", 200);
		assertThat(list).hasSize(1);
		assertThat(list.get(0).get("name").asString()).isEqualTo("received");

		// its events: the brand's three receiving events, as GET /events with the same
		// parameters gives them
		JsonNode doc = events(this.brand, "/api/v1/epcis/queries/received/events", 200);
		assertThat(doc.at("/epcisBody/queryResults/queryName").asString()).isEqualTo("received");
		assertThat(epcs(doc)).containsExactly(epc(this.gtin, "S0"), epc(this.gtin, "S1"), epc(this.gtin, "S2"));
		JsonNode direct = events(this.brand,
				"/api/v1/epcis/events?eventType=ObjectEvent&EQ_bizStep=receiving"
						+ "&GE_eventTime=2024-01-01T00:00:00Z&orderBy=eventTime&orderDirection=ASC&eventCountLimit=100"
						+ "&EXISTS_errorDeclaration=false",
				200);
		assertThat(epcs(direct)).isEqualTo(epcs(doc));

		// paged: one a page, the next in the Link header
		MvcResult first = this.mvc
			.perform(get("/api/v1/epcis/queries/received/events").queryParam("perPage", "2")
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn();
		JsonNode firstDoc = JSON.readTree(first.getResponse().getContentAsString());
		assertThat(EpcisSchema.problems(firstDoc)).isEmpty();
		assertThat(epcs(firstDoc)).containsExactly(epc(this.gtin, "S0"), epc(this.gtin, "S1"));
		String link = first.getResponse().getHeader("Link");
		assertThat(link).contains("/api/v1/epcis/queries/received/events").contains("rel=\"next\"");
		String token = link.replaceAll(".*nextPageToken=([^&>]*).*", "$1");
		JsonNode second = JSON.readTree(this.mvc
			.perform(get("/api/v1/epcis/queries/received/events").queryParam("perPage", "2")
				.queryParam("nextPageToken", token)
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(epcs(second)).containsExactly(epc(this.gtin, "S2"));
		// other parameters are the query's, not the caller's
		problem(this.mvc
			.perform(get("/api/v1/epcis/queries/received/events").queryParam("EQ_bizStep", "shipping")
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isBadRequest())
			.andReturn(), "epcisException:QueryParameterException");
		// XML on Accept: application/xml
		String xml = this.mvc
			.perform(get("/api/v1/epcis/queries/received/events").header("Accept", "application/xml")
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(xml).contains(epc(this.gtin, "S2")).doesNotContain(epc(this.gtin, "S3"));

		this.mvc.perform(delete("/api/v1/epcis/queries/received").header("Authorization", this.brand.bearer()))
			.andExpect(status().isNoContent());
		problem(this.mvc.perform(get("/api/v1/epcis/queries/received").header("Authorization", this.brand.bearer()))
			.andExpect(status().isNotFound())
			.andReturn(), "epcisException:NoSuchNameException");
		this.mvc.perform(delete("/api/v1/epcis/queries/received").header("Authorization", this.brand.bearer()))
			.andExpect(status().isNotFound());
		assertThat(this.api.call(get("/api/v1/epcis/queries"), this.brand.key(), "", 200)).isEmpty();
	}

	@Test
	void namesAreUniquePerOrganisationAndAnotherOrganisationsQueryIsNotFound() throws Exception {
		String body = "{\"name\":\"mine\",\"query\":{\"EQ_bizStep\":\"receiving\"}}";
		this.api.call(post("/api/v1/epcis/queries"), this.brand.key(), body, 201);
		JsonNode conflict = this.api.call(post("/api/v1/epcis/queries"), this.brand.key(), body, 409);
		assertThat(conflict.get("type").asString()).isEqualTo("epcisException:ResourceAlreadyExistsException");
		// the other organisation sees nothing of it, and may use the name
		for (String uri : List.of("/api/v1/epcis/queries/mine", "/api/v1/epcis/queries/mine/events")) {
			JsonNode missing = this.api.call(get(uri), this.other.key(), "", 404);
			assertThat(missing.get("type").asString()).isEqualTo("epcisException:NoSuchNameException");
		}
		this.api.call(delete("/api/v1/epcis/queries/mine"), this.other.key(), "", 404);
		assertThat(this.api.call(get("/api/v1/epcis/queries"), this.other.key(), "", 200)).isEmpty();
		this.api.call(post("/api/v1/epcis/queries"), this.other.key(), body, 201);
		// each runs as its owner: the other brand's query finds only its own event
		assertThat(epcs(events(this.other, "/api/v1/epcis/queries/mine/events", 200))).hasSize(1);
		assertThat(epcs(events(this.brand, "/api/v1/epcis/queries/mine/events", 200))).hasSize(3);
		// still the brand's after the other's delete
		this.api.call(delete("/api/v1/epcis/queries/mine"), this.other.key(), "", 204);
		this.api.call(get("/api/v1/epcis/queries/mine"), this.brand.key(), "", 200);
	}

	@Test
	void aBadQueryIsRefusedWithEveryProblem() throws Exception {
		JsonNode problem = this.api
			.call(post("/api/v1/epcis/queries"), this.brand.key(),
					"{\"name\":\"../bad name\",\"query\":{\"EQ_bizStep\":\"receiving\",\"GE_eventTime\":\"yesterday\","
							+ "\"NO_suchParameter\":[\"x\"],\"eventType\":{\"nested\":1},\"perPage\":5},\"extra\":1}",
					400);
		assertThat(problem.get("type").asString()).isEqualTo("epcisException:QueryParameterException");
		List<String> fields = new ArrayList<>();
		problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).contains("name", "extra", "query.GE_eventTime", "query.NO_suchParameter", "query.eventType",
				"query.perPage");
		assertThat(this.api.call(post("/api/v1/epcis/queries"), this.brand.key(), "{\"name\":\"q\"}", 400)
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("query");
		assertThat(this.api.call(get("/api/v1/epcis/queries"), this.brand.key(), "", 200)).isEmpty();
	}

	@Test
	void readingNeedsReadAndChangingNeedsEventsWrite() throws Exception {
		this.reader = this.api.tenant(ApiClient.unique("NamedQueryReader"), "BRAND", "read");
		Tenant writerOnly = this.api.tenant(ApiClient.unique("NamedQueryWriter"), "BRAND", "events:write");
		String body = "{\"name\":\"q\",\"query\":{}}";
		this.api.call(post("/api/v1/epcis/queries"), this.reader.key(), body, 403);
		this.api.call(post("/api/v1/epcis/queries"), writerOnly.key(), body, 201);
		this.api.call(get("/api/v1/epcis/queries/q"), writerOnly.key(), "", 403);
		this.api.call(get("/api/v1/epcis/queries"), writerOnly.key(), "", 403);
		// the reader (another organisation) cannot delete it either
		this.api.call(delete("/api/v1/epcis/queries/q"), this.reader.key(), "", 403);
		this.api.call(delete("/api/v1/epcis/queries/q"), writerOnly.key(), "", 204);
	}

	@Test
	void theListIsPagedByName() throws Exception {
		for (String name : List.of("c", "a", "b")) {
			this.api.call(post("/api/v1/epcis/queries"), this.brand.key(),
					"{\"name\":\"" + name + "\",\"query\":{\"eventType\":\"ObjectEvent\"}}", 201);
		}
		MvcResult first = this.mvc
			.perform(get("/api/v1/epcis/queries").queryParam("perPage", "2")
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn();
		JsonNode page = JSON.readTree(first.getResponse().getContentAsString());
		assertThat(List.of(page.get(0).get("name").asString(), page.get(1).get("name").asString())).containsExactly("a",
				"b");
		String token = first.getResponse().getHeader("Link").replaceAll(".*nextPageToken=([^&>]*).*", "$1");
		JsonNode rest = JSON.readTree(this.mvc
			.perform(get("/api/v1/epcis/queries").queryParam("perPage", "2")
				.queryParam("nextPageToken", token)
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andExpect(result -> assertThat(result.getResponse().getHeader("Link")).isNull())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(rest).hasSize(1);
		assertThat(rest.get(0).get("name").asString()).isEqualTo("c");
	}

	@Test
	void optionsNamesTheMethodsOfNamedQueriesAndSubscriptions() throws Exception {
		String[][] cases = { { "/api/v1/epcis/queries", "OPTIONS, GET, POST" },
				{ "/api/v1/epcis/queries/any", "OPTIONS, GET, DELETE" },
				{ "/api/v1/epcis/queries/any/events", "OPTIONS, GET" },
				{ "/api/v1/epcis/queries/any/subscriptions", "OPTIONS, GET, POST" },
				{ "/api/v1/epcis/queries/any/subscriptions/x", "OPTIONS, GET, DELETE" } };
		for (String[] c : cases) {
			this.mvc
				.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options(c[0])
					.header("Authorization", this.brand.bearer()))
				.andExpect(status().isNoContent())
				.andExpect(result -> assertThat(result.getResponse().getHeader("Allow")).as(c[0]).isEqualTo(c[1]))
				.andExpect(result -> assertThat(result.getResponse().getHeader("GS1-EPCIS-Max")).isNotNull());
		}
	}

	// ------------------------------------------------------------------ helpers

	JsonNode events(Tenant who, String uri, int expected) throws Exception {
		MvcResult result = this.mvc.perform(get(uri).header("Authorization", who.bearer()))
			.andExpect(status().is(expected))
			.andReturn();
		assertThat(result.getResponse().getContentType()).startsWith("application/ld+json");
		JsonNode doc = JSON.readTree(result.getResponse().getContentAsString());
		assertThat(EpcisSchema.problems(doc)).isEmpty();
		return doc;
	}

	static void problem(MvcResult result, String type) throws Exception {
		assertThat(JSON.readTree(result.getResponse().getContentAsString()).get("type").asString()).isEqualTo(type);
	}

	static List<String> epcs(JsonNode doc) {
		List<String> out = new ArrayList<>();
		doc.at("/epcisBody/queryResults/resultsBody/eventList").forEach(e -> out.add(e.at("/epcList/0").asString()));
		return out;
	}

	static String epc(String gtin, String serial) {
		return "https://id.gs1.org/01/" + gtin + "/21/" + serial;
	}

	static String objectEvent(String gtin, String serial, String bizStep, String day) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + day + "T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\",\"epcList\":[\"" + epc(gtin, serial) + "\"]}";
	}

}
