package com.veritrace.recall;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Recall orders through the API on MariaDB: who may issue, amend and close; what a
 * refused request changes (nothing); the recall's own EPCIS event; the scan page of items
 * in and out of a serial range.
 */
@MariaDbIntegrationTest
class RecallIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	ApiClient api;

	Tenant brand;

	String gtin;

	List<String> serials;

	@BeforeEach
	void aBrandWithTwoLots() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Recall brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write", "recalls:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Jasmine tea 50 g\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"J-1\",\"productionDate\":\"2026-03-01\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"J-2\",\"productionDate\":\"2026-04-15\"}", 201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "J-1", 4,
				4);
		IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "J-2", 3, 3);
	}

	private String request(String scope) {
		return """
				{"gtin":"%s",%s,"recallClass":"I","reasonCode":"CONTAMINATION_CHEMICAL",
				 "reason":"Pesticide residue above the limit",
				 "consumerInstructions":{"en":"Do not drink.","zh-CN":"请勿饮用。"},
				 "partnerInstructions":{"en":"Hold all stock.","zh-CN":"封存全部库存。"}}
				""".formatted(this.gtin, scope);
	}

	private long count(String table) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return n == null ? 0 : n;
	}

	@Test
	void aBrandRecallsALotAsAnAnchoredEventAndTheLotIsRecalled() throws Exception {
		JsonNode recall = this.api.call(post("/api/v1/recalls"), this.brand.key(), request("\"lots\":[\"J-1\"]"), 201);
		String id = recall.get("id").asString();
		assertThat(recall.get("status").asString()).isEqualTo("ISSUED");
		assertThat(recall.get("itemCount").asLong()).isEqualTo(4);
		assertThat(recall.get("mandatory").asBoolean()).isFalse();
		assertThat(recall.get("scope").get(0).get("lotNumber").asString()).isEqualTo("J-1");
		// the recall is itself an EPCIS event: stored with its hash, disposition
		// recalled,
		// on the lot
		String hashId = recall.get("eventHash").asString();
		String hex = hashId.substring("ni:///sha-256;".length(), hashId.indexOf('?'));
		String disposition = this.jdbc.queryForObject("SELECT disposition FROM trace_event WHERE event_hash = UNHEX(?)",
				String.class, hex);
		assertThat(disposition).isEqualTo("https://ref.gs1.org/cbv/Disp-recalled");
		Long lotRows = this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_lot l JOIN trace_event e "
				+ "ON e.id = l.event_row_id WHERE e.event_hash = UNHEX(?) AND l.gtin = ? AND l.lot_number = 'J-1'",
				Long.class, hex, this.gtin);
		assertThat(lotRows).isEqualTo(1);
		this.api.call(get("/api/v1/products/" + this.gtin + "/lots/J-1"), this.brand.key(), "", 200);
		assertThat(this.jdbc.queryForObject("SELECT l.status FROM lot l JOIN product p ON p.id = l.product_id "
				+ "WHERE p.gtin = ? AND l.lot_number = 'J-1'", String.class, this.gtin))
			.isEqualTo("RECALLED");
		assertThat(this.jdbc.queryForObject("SELECT l.status FROM lot l JOIN product p ON p.id = l.product_id "
				+ "WHERE p.gtin = ? AND l.lot_number = 'J-2'", String.class, this.gtin))
			.isEqualTo("ACTIVE");
		// the lot API still refuses to end a recall by status
		this.api.call(patch("/api/v1/products/" + this.gtin + "/lots/J-1"), this.brand.key(), "{\"status\":\"ACTIVE\"}",
				400);
		// read back, listed
		JsonNode read = this.api.call(get("/api/v1/recalls/" + id), this.brand.key(), "", 200);
		assertThat(read.get("history").get(0).get("status").asString()).isEqualTo("ISSUED");
		JsonNode list = this.api.call(get("/api/v1/recalls?gtin=" + this.gtin), this.brand.key(), "", 200);
		assertThat(list.get("items").get(0).get("id").asString()).isEqualTo(id);
	}

	@Test
	void refusalsGetProblemDetailsAndChangeNothing() throws Exception {
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "recalls:write");
		Tenant warehouse = this.api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "read", "recalls:write");
		Tenant noScope = this.api.tenant(ApiClient.unique("Brand without scope"), "BRAND", "read");
		long recalls = count("recall");
		long events = count("trace_event");
		// another brand's lot: the product is not theirs to see
		JsonNode notTheirs = this.api.call(post("/api/v1/recalls"), other.key(), request("\"lots\":[\"J-1\"]"), 404);
		assertThat(notTheirs.get("detail").asString()).contains(this.gtin);
		// a partner does not issue recalls
		this.api.call(post("/api/v1/recalls"), warehouse.key(), request("\"lots\":[\"J-1\"]"), 403);
		this.api.call(post("/api/v1/recalls"), noScope.key(), request("\"lots\":[\"J-1\"]"), 403);
		// an unknown lot, an empty scope, every problem listed
		JsonNode unknown = this.api.call(post("/api/v1/recalls"), this.brand.key(),
				request("\"lots\":[\"J-1\",\"NOPE\"]"), 400);
		assertThat(unknown.get("errors").get(0).get("field").asString()).isEqualTo("lots[1]");
		JsonNode empty = this.api.call(post("/api/v1/recalls"), this.brand.key(), request("\"lots\":[]"), 400);
		assertThat(empty.get("errors").get(0).get("reason").asString()).contains("scope is empty");
		JsonNode several = this.api.call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s","lots":["J-1"],"recallClass":"IV","consumerInstructions":{"en":"x"}}
				""".formatted(this.gtin), 400);
		List<String> fields = several.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
		assertThat(fields).contains("recallClass", "reasonCode", "reason", "consumerInstructions.zh-CN",
				"partnerInstructions");
		assertThat(count("recall")).isEqualTo(recalls);
		assertThat(count("trace_event")).isEqualTo(events);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM lot l JOIN product p ON p.id = l.product_id "
				+ "WHERE p.gtin = ? AND l.status = 'RECALLED'", Long.class, this.gtin))
			.isZero();
	}

	@Test
	void amendmentsAreNewVersionsTheScopeGrowsAndOnlyTheInitiatorOrARegulatorCloses() throws Exception {
		String id = this.api.call(post("/api/v1/recalls"), this.brand.key(), request("\"lots\":[\"J-1\"]"), 201)
			.get("id")
			.asString();
		// an amendment without a note is refused; with one it adds a version and the lot
		this.api.call(post("/api/v1/recalls/" + id + "/versions"), this.brand.key(), "{\"lots\":[\"J-2\"]}", 400);
		JsonNode amended = this.api.call(post("/api/v1/recalls/" + id + "/versions"), this.brand.key(),
				"{\"lots\":[\"J-2\"],\"note\":\"J-2 used the same raw leaf\",\"recallClass\":\"II\","
						+ "\"reasonCode\":\"QUALITY_DEFECT\"}",
				201);
		assertThat(amended.get("version").asInt()).isEqualTo(2);
		assertThat(amended.get("itemCount").asLong()).isEqualTo(7);
		assertThat(amended.get("recallClass").asString()).isEqualTo("II");
		// what version 1 said is kept as it was
		assertThat(amended.get("versions").get(0).get("recallClass").asString()).isEqualTo("I");
		assertThat(amended.get("versions").get(1).get("supersedes").asInt()).isEqualTo(1);
		assertThat(amended.get("versions").get(1).get("reason").asString())
			.isEqualTo("Pesticide residue above the limit");
		assertThat(amended.get("scope").size()).isEqualTo(2);
		// the list says what the latest version says
		JsonNode listed = this.api.call(get("/api/v1/recalls?gtin=" + this.gtin), this.brand.key(), "", 200)
			.get("items")
			.get(0);
		assertThat(listed.get("id").asString()).isEqualTo(id);
		assertThat(listed.get("version").asInt()).isEqualTo(2);
		assertThat(listed.get("reasonCode").asString()).isEqualTo("QUALITY_DEFECT");
		assertThat(amended.get("versions").get(0).get("reasonCode").asString()).isEqualTo("CONTAMINATION_CHEMICAL");
		// another brand cannot read it (404), a regulator can and may close it
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "recalls:write");
		this.api.call(get("/api/v1/recalls/" + id), other.key(), "", 404);
		this.api.call(post("/api/v1/recalls/" + id + "/transitions"), other.key(),
				"{\"status\":\"CLOSED\",\"note\":\"x\"}", 404);
		this.api.call(post("/api/v1/recalls/" + id + "/transitions"), this.brand.key(), "{\"status\":\"CLOSED\"}", 400);
		this.api.call(post("/api/v1/recalls/" + id + "/transitions"), this.brand.key(), "{\"status\":\"IN_PROGRESS\"}",
				200);
		Tenant regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read", "recalls:write");
		JsonNode closed = this.api.call(post("/api/v1/recalls/" + id + "/transitions"), regulator.key(),
				"{\"status\":\"CLOSED\",\"note\":\"All stock accounted for\"}", 200);
		assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
		assertThat(closed.get("history").size()).isEqualTo(3);
		// closed is final
		this.api.call(post("/api/v1/recalls/" + id + "/versions"), this.brand.key(),
				"{\"note\":\"more\",\"reason\":\"changed\"}", 409);
		this.api.call(post("/api/v1/recalls/" + id + "/transitions"), this.brand.key(), "{\"status\":\"IN_PROGRESS\"}",
				409);
	}

	@Test
	void aRegulatorsMandatoryRecallIsChangedOnlyByARegulator() throws Exception {
		Tenant regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read", "recalls:write");
		JsonNode recall = this.api.call(post("/api/v1/recalls"), regulator.key(), request("\"allLots\":true"), 201);
		assertThat(recall.get("mandatory").asBoolean()).isTrue();
		assertThat(recall.get("itemCount").asLong()).isEqualTo(7);
		String id = recall.get("id").asString();
		// the brand sees it but does not weaken it
		this.api.call(get("/api/v1/recalls/" + id), this.brand.key(), "", 200);
		this.api.call(post("/api/v1/recalls/" + id + "/transitions"), this.brand.key(),
				"{\"status\":\"CLOSED\",\"note\":\"done\"}", 403);
		this.api.call(post("/api/v1/recalls/" + id + "/versions"), this.brand.key(),
				"{\"note\":\"downgrade\",\"recallClass\":\"III\"}", 403);
	}

	@Test
	void aSerialRangeRecallsOnlyTheItemsInIt() throws Exception {
		// every code of the GTIN (both lots) in serial order: the range covers the first
		// two
		List<String> sorted = this.jdbc
			.queryForList("SELECT serial FROM issued_code WHERE gtin = ?", String.class, this.gtin)
			.stream()
			.sorted(RecallScope.SERIAL_ORDER)
			.toList();
		JsonNode recall = this.api.call(post("/api/v1/recalls"), this.brand.key(),
				request("\"serialRanges\":[{\"from\":\"%s\",\"to\":\"%s\"}]".formatted(sorted.get(0), sorted.get(1))),
				201);
		assertThat(recall.get("itemCount").asLong()).isEqualTo(2);
		for (int i = 0; i < sorted.size(); i++) {
			JsonNode scan = this.api.call(
					get("/01/" + this.gtin + "/21/" + sorted.get(i)).header("Accept", "application/json"),
					this.brand.key(), "", 200);
			assertThat(scan.get("verdict").asString()).as("serial %d", i).isEqualTo(i < 2 ? "RECALLED" : "GENUINE");
		}
		// the lot itself is not recalled: its page has no recall
		JsonNode lotPage = this.api.call(get("/01/" + this.gtin + "/10/J-1").header("Accept", "application/json"),
				this.brand.key(), "", 200);
		assertThat(lotPage.get("recall") == null || lotPage.get("recall").isNull()).isTrue();
		// an empty range is refused
		this.api.call(post("/api/v1/recalls"), this.brand.key(),
				request("\"serialRanges\":[{\"from\":\"ZZZZZZZZZZZZZZZZZZZ0\",\"to\":\"ZZZZZZZZZZZZZZZZZZZ9\"}]"), 400);
	}

	@Test
	void aProductionDateRangeRecallsTheLotsMadeInIt() throws Exception {
		JsonNode preview = this.api.call(post("/api/v1/recalls/preview"), this.brand.key(),
				request("\"producedFrom\":\"2026-04-01\",\"producedTo\":\"2026-04-30\""), 200);
		assertThat(preview.get("lots").get(0).asString()).isEqualTo("J-2");
		assertThat(preview.get("itemCount").asLong()).isEqualTo(3);
		this.api.call(post("/api/v1/recalls"), this.brand.key(),
				request("\"producedFrom\":\"2025-01-01\",\"producedTo\":\"2025-12-31\""), 400);
	}

}
