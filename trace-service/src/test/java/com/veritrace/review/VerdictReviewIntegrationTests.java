package com.veritrace.review;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Verdicts that evidence supports, on MariaDB with the scan counters in the real Redis:
 * the issue's flood and copies, the flag and its one alert, and the brand's review.
 */
@MariaDbIntegrationTest
class VerdictReviewIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	ReviewSettings settings;

	ApiClient api;

	Tenant brand;

	String gtin;

	List<String> serials;

	@BeforeEach
	void issuedCodes() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Verdict brand"), "BRAND", "read", "products:write",
				"codes:issue", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Baijiu 500 ml\",\"category\":\"spirits\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"BJ-1\"}",
				201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "BJ-1", 3,
				3);
	}

	@Test
	void aFloodOfPlainRequestsFromOneMachineLeavesAGenuineCodeGenuineRepeat() throws Exception {
		Map<String, Object> last = null;
		for (int i = 0; i < 53; i++) {
			last = scan(get(uri(0)));
		}
		assertThat(last).containsEntry("verdict", "GENUINE_REPEAT").containsEntry("reasonKey", "reason.checking");
		assertThat((String) last.get("reason")).contains("we are checking this code").contains("53 times");
		// even when the page's script is played: one client, one network
		for (int i = 0; i < 12; i++) {
			Map<String, Object> page = scan(get(uri(0)).cookie(device("flood-device-" + i)));
			seen((String) page.get("placeToken"), "flood-device-" + i, 200);
		}
		assertThat(scan(get(uri(0)))).containsEntry("verdict", "GENUINE_REPEAT");
		// HEAD requests, prefetches and crawlers are answered, not counted
		long before = ((Number) JsonPath.read(json(get(uri(0))), "$.scans.count")).longValue();
		this.mvc.perform(head(uri(0))).andExpect(status().isOk());
		this.mvc.perform(get(uri(0)).header("Sec-Purpose", "prefetch")).andExpect(status().isOk());
		Map<String, Object> bot = scan(get(uri(0)).header("User-Agent",
				"Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"));
		assertThat(bot).doesNotContainKey("placeToken");
		assertThat(((Number) JsonPath.read(json(get(uri(0))), "$.scans.count")).longValue()).isEqualTo(before + 1);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM code_review WHERE gtin = ?", Integer.class, this.gtin))
			.isZero();
		// every logged scan names its client by an opaque key, never the address
		assertThat(this.jdbc.queryForList("SELECT DISTINCT client FROM scan_log WHERE gtin = ? AND serial = ?",
				String.class, this.gtin, this.serials.get(0)))
			.allSatisfy(client -> assertThat(client).matches("[A-Za-z0-9_-]{22}").doesNotContain("127"));
	}

	@Test
	void copiesScannedByFiveClientsInFourCitiesTurnSuspiciousFlagTheCodeAndAlertOnce() throws Exception {
		String[] cities = { "Hangzhou", "Shanghai", "Beijing", "Chengdu", "Chengdu" };
		Map<String, Object> answer = null;
		for (int i = 0; i < cities.length; i++) {
			answer = copyScan(uri(1), "copy-device-" + i, cities[i]);
			if (i < 3) {
				assertThat(answer.get("verdict")).as("client %d", i).isIn("GENUINE", "GENUINE_REPEAT");
			}
		}
		assertThat(answer).containsEntry("verdict", "SUSPICIOUS").containsEntry("reasonKey", "reason.too-many-places");
		assertThat((String) answer.get("reason")).contains("4 different places (5 people)");
		assertThat(scan(get(uri(1)))).containsEntry("verdict", "SUSPICIOUS");
		// flagged for review, with one alert carrying the evidence and the product
		awaitFlag(1);
		Map<String, Object> review = this.jdbc.queryForMap(
				"SELECT state, reason, clients, places, networks, brand_id FROM code_review WHERE gtin = ? AND serial = ?",
				this.gtin, this.serials.get(1));
		assertThat(review).containsEntry("state", "FLAGGED")
			.containsEntry("reason", "reason.too-many-places")
			.containsEntry("places", 4)
			.containsEntry("brand_id", this.brand.id());
		List<Map<String, Object>> alerts = this.jdbc.queryForList(
				"SELECT kind, subject, group_label, evidence, occurrences FROM alert WHERE organisation_id = ?",
				this.brand.id());
		assertThat(alerts).hasSize(1);
		assertThat(alerts.get(0)).containsEntry("kind", "SUSPICIOUS_CODE")
			.containsEntry("subject", "01/" + this.gtin + "/21/" + this.serials.get(1))
			.containsEntry("group_label", this.gtin);
		assertThat((String) alerts.get(0).get("evidence")).contains("\"distinctPlaces\":4")
			.contains("\"distinctClients\":");
		// more copies the same day: still one alert
		copyScan(uri(1), "copy-device-9", "Wuhan");
		copyScan(uri(1), "copy-device-10", "Xian");
		Thread.sleep(600);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE organisation_id = ?", Integer.class,
				this.brand.id()))
			.isEqualTo(1);
	}

	@Test
	void aBrandOperatorClearsConfirmsAndVoidsOthersAreRefused() throws Exception {
		for (int i = 0; i < 4; i++) {
			copyScan(uri(2), "review-device-" + i, new String[] { "Nanjing", "Suzhou", "Xiamen", "Harbin" }[i]);
		}
		awaitFlag(1);
		String code = "/api/v1/flagged-codes/" + this.gtin + "/" + this.serials.get(2);
		JsonNode list = this.api.call(get("/api/v1/flagged-codes?state=FLAGGED"), this.brand.key(), "", 200);
		assertThat(list.size()).isEqualTo(1);
		assertThat(list.get(0).get("serial").asString()).isEqualTo(this.serials.get(2));
		JsonNode history = this.api.call(get(code), this.brand.key(), "", 200);
		assertThat(history.get("scans").size()).isEqualTo(4);
		assertThat(history.get("code").get("clients").asInt()).isEqualTo(4);
		// another brand: 404 as if unknown; a read-only key (a VIEWER's scopes) and a
		// partner: 403
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "codes:issue");
		this.api.call(get(code), other.key(), "", 404);
		this.api.call(post(code + "/clearing"), other.key(), "", 404);
		assertThat(this.api.call(get("/api/v1/flagged-codes"), other.key(), "", 200).size()).isZero();
		String viewer = this.api
			.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"), MariaDbIntegrationTest.ADMIN_KEY,
					"{\"name\":\"viewer\",\"scopes\":[\"read\"]}", 201)
			.get("key")
			.asString();
		this.api.call(post(code + "/clearing"), viewer, "", 403);
		this.api.call(get(code), viewer, "", 403);
		Tenant partner = this.api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "read");
		this.api.call(get(code), partner.key(), "", 403);
		// cleared: the page goes back to GENUINE_REPEAT on every node within the refresh
		assertThat(this.api.call(post(code + "/clearing"), this.brand.key(), "", 200).get("state").asString())
			.isEqualTo("CLEARED");
		this.settings.refresh();
		assertThat(scan(get(uri(2)))).containsEntry("verdict", "GENUINE_REPEAT")
			.containsEntry("reasonKey", "reason.reviewed");
		// void needs a confirmed copy
		this.api.call(post(code + "/voiding"), this.brand.key(), "", 409);
		// a new place flags it again
		assertThat(copyScan(uri(2), "review-device-9", "Lhasa")).containsEntry("verdict", "SUSPICIOUS");
		awaitState("FLAGGED");
		// confirmed: stays SUSPICIOUS as a confirmed copy
		this.api.call(post(code + "/confirmation"), this.brand.key(), "", 200);
		this.settings.refresh();
		assertThat(scan(get(uri(2)))).containsEntry("verdict", "SUSPICIOUS")
			.containsEntry("reasonKey", "reason.confirmed-copy");
		// voided in the code registry
		assertThat(this.api.call(post(code + "/voiding"), this.brand.key(), "", 200).get("state").asString())
			.isEqualTo("VOIDED");
		assertThat(this.registry.status(this.gtin, this.serials.get(2))).isEqualTo(CodeStatus.VOIDED);
		assertThat(this.jdbc.queryForList("SELECT action FROM audit_entry WHERE organisation_id = ? ORDER BY id",
				String.class, this.brand.id()))
			.contains("code-review.cleared", "code-review.confirmed", "code-review.voided");
		// problem details for a bad state filter
		this.api.call(get("/api/v1/flagged-codes?state=NOPE"), this.brand.key(), "", 400);
	}

	@Test
	void aBrandSetsItsOwnThresholdsPerCategory() throws Exception {
		this.api.call(put("/api/v1/verdict-thresholds"), this.brand.key(),
				"{\"category\":\"spirits\",\"maxDistinctPlaces\":1,\"burstClients\":5,\"burstWindowSeconds\":600,"
						+ "\"maxTotalScans\":50}",
				200);
		JsonNode refused = this.api.call(put("/api/v1/verdict-thresholds"), this.brand.key(),
				"{\"maxDistinctPlaces\":0,\"burstClients\":1,\"burstWindowSeconds\":5,\"maxTotalScans\":0}", 400);
		assertThat(refused.get("errors").size()).isEqualTo(4);
		this.settings.refresh();
		copyScan(uri(0), "thr-0", "Hangzhou");
		assertThat(copyScan(uri(0), "thr-1", "Shanghai")).containsEntry("verdict", "SUSPICIOUS");
		assertThat(this.api.call(get("/api/v1/verdict-thresholds"), this.brand.key(), "", 200).size()).isEqualTo(1);
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.delete("/api/v1/verdict-thresholds?category=spirits")
				.header("Authorization", this.brand.bearer()))
			.andExpect(status().isNoContent());
	}

	private static MockHttpServletRequestBuilder put(String path) {
		return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(path);
	}

	/**
	 * A copy scanned by its own phone in a city: the page (the edge tells the city), then
	 * its script's confirmation with the device cookie; answers the confirmation.
	 */
	private Map<String, Object> copyScan(String path, String device, String city) throws Exception {
		Map<String, Object> page = scan(get(path).header("X-Client-Region", city).cookie(device(device)));
		return seen((String) page.get("placeToken"), device, 200);
	}

	private Map<String, Object> seen(String token, String device, int status) throws Exception {
		String body = this.mvc
			.perform(post("/h5/scans/seen?lang=en").contentType("application/json")
				.cookie(device(device))
				.content("{\"token\":\"" + token + "\"}"))
			.andExpect(status().is(status))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$");
	}

	/**
	 * A device cookie as the page's script sets it: 22 base64url characters (the name's
	 * first 16 bytes: names must differ in them).
	 */
	private static Cookie device(String name) {
		String id = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(java.util.Arrays.copyOf(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), 16));
		return new Cookie("vt_device", id);
	}

	private Map<String, Object> scan(MockHttpServletRequestBuilder request) throws Exception {
		return JsonPath.read(json(request), "$");
	}

	private String json(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(request.header("Accept", "application/json"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
	}

	private void awaitFlag(int count) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			Integer n = this.jdbc.queryForObject("SELECT COUNT(*) FROM code_review WHERE gtin = ?", Integer.class,
					this.gtin);
			if (n != null && n >= count) {
				Thread.sleep(200); // and the alert, raised after the row
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no flag for " + this.gtin);
	}

	private void awaitState(String state) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			if (state.equals(this.jdbc.queryForObject("SELECT state FROM code_review WHERE gtin = ?", String.class,
					this.gtin))) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("not " + state);
	}

	private String uri(int i) {
		return "/01/" + this.gtin + "/10/BJ-1/21/" + this.serials.get(i);
	}

}
