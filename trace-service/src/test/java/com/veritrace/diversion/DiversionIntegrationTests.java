package com.veritrace.diversion;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.codes.Sscc;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Channel diversion end to end on MariaDB: a brand defines a distributor through the API,
 * ships a case to the distributor's location in a real EPCIS capture, and consumers scan
 * the items in and out of the distributor's regions (the edge's region header from an
 * allowed edge, the phone's cell posted by the scan page).
 */
@MariaDbIntegrationTest
class DiversionIntegrationTests {

	private static final String WAREHOUSE = "urn:epc:id:sgln:0614141.00777.0";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	AccountService accounts;

	ApiClient api;

	Tenant brand;

	String gtin;

	List<String> serials;

	@BeforeEach
	void brandWithCodes() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Diversion brand"), "BRAND", "read", "products:write",
				"codes:issue", "events:write", "grants:manage");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Baijiu 500 ml\",\"category\":\"spirits\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"BJ-1\",\"productionDate\":\"2026-05-01\",\"expiryDate\":\"2036-04-30\"}", 201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "BJ-1", 5,
				5);
	}

	@Test
	void aScanOutsideTheDistributorsRegionsRaisesOneAlertWithItsEvidence() throws Exception {
		String name = ApiClient.unique("East China Trading");
		JsonNode distributor = this.api.call(post("/api/v1/distributors"), this.brand.key(),
				"{\"name\":\"" + name + "\",\"regions\":[\"CN-31\",\"cn-js\"],\"locations\":[\"" + WAREHOUSE + "\"]}",
				201);
		long id = distributor.get("id").asLong();
		assertThat(distributor.get("regions").toString()).isEqualTo("[\"CN-31\",\"CN-32\"]");

		// a case of items 0 and 1 and the loose item 2 shipped to the distributor's
		// warehouse
		String sscc = Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
		JsonNode job = new EpcisCapture(this.mvc).captureAndWait(this.brand, EpcisCapture.document(List.of("""
				{"type":"AggregationEvent","eventTime":"2026-06-01T08:00:00Z","eventTimeZoneOffset":"+08:00",
				 "parentID":"https://id.gs1.org/00/%s","childEPCs":["%s","%s"],"action":"ADD","bizStep":"packing"}
				""".formatted(sscc, epc(0), epc(1)), """
				{"type":"ObjectEvent","eventTime":"2026-06-02T08:00:00Z","eventTimeZoneOffset":"+08:00",
				 "epcList":["https://id.gs1.org/00/%s","%s"],"action":"OBSERVE","bizStep":"shipping",
				 "disposition":"in_transit","readPoint":{"id":"urn:epc:id:sgln:0614141.00001.0"},
				 "destinationList":[{"type":"location","destination":"%s"}]}
				""".formatted(sscc, epc(2), WAREHOUSE))));
		assertThat(job.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(this.jdbc.queryForList("SELECT item FROM distributed_item WHERE distributor_id = ? ORDER BY item",
				String.class, id))
			.containsExactlyInAnyOrder(item(0), item(1), item(2));

		// in Shanghai: inside; in Guangdong (the edge says so): a diversion
		scan(0, "CN-31");
		scan(0, "CN-44");
		Map<String, Object> alert = awaitAlert(item(0));
		assertThat(alert).containsEntry("kind", "DIVERSION")
			.containsEntry("group_label", name)
			.containsEntry("subject_link", "/portal/distributors/" + id);
		assertThat((String) alert.get("evidence")).contains("\"region\":\"CN-44\"", "\"regionSource\":\"EDGE\"",
				"\"distributor\":\"" + name + "\"", "\"serial\":\"" + this.serials.get(0) + "\"",
				"\"authorisedRegions\":[\"CN-31\",\"CN-32\"]", "\"shippedAt\":\"2026-06-02T08:00:00Z\"");
		assertThat((String) alert.get("title_en")).contains(name, "CN-44");
		assertThat((String) alert.get("title_zh")).contains("窜货", name);

		// the phone's cell in Guangzhou for item 1 (the place the scan page posts)
		String token = JsonPath.read(this.mvc.perform(get(scanUri(1)).header("Accept", "application/json"))
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.placeToken");
		this.mvc
			.perform(post("/h5/scans/place").contentType("application/json")
				.content("{\"token\":\"" + token + "\",\"cell\":\"23.1,113.3\"}"))
			.andExpect(status().isOk());
		assertThat((String) awaitAlert(item(1)).get("evidence")).contains("\"region\":\"CN-44\"",
				"\"regionSource\":\"CELL\"");

		// again in Guangdong, and in Beijing: the same item, the same window: still one
		// alert, one diversion
		scan(0, "CN-44");
		scan(0, "CN-11");
		// known only to be in China: never held outside Shanghai and Jiangsu
		scan(2, "CN");
		// an item never shipped to a distributor
		scan(3, "CN-44");
		// in another country: a diversion of item 2 (last: the writer handles scans in
		// order)
		scan(2, "DE");
		awaitAlertCount(3);
		assertThat(this.jdbc.queryForObject("SELECT occurrences FROM alert WHERE organisation_id = ? AND subject = ?",
				Integer.class, this.brand.id(), item(0)))
			.isEqualTo(1);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM diversion WHERE distributor_id = ?", Integer.class, id))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForList("SELECT subject FROM alert WHERE organisation_id = ? ORDER BY id",
				String.class, this.brand.id()))
			.containsExactly(item(0), item(1), item(2));

		JsonNode counts = this.api.call(
				get("/api/v1/distributors/diversions?from=2026-01-01T00:00:00Z&to=2100-01-01T00:00:00Z"),
				this.brand.key(), "", 200);
		assertThat(counts.get(0).get("distributor").asString()).isEqualTo(name);
		assertThat(counts.get(0).get("diversions").asLong()).isEqualTo(3);
		assertThat(counts.get(0).get("items").asLong()).isEqualTo(3);
	}

	@Test
	void aReceivingReportedByThePartnerDistributorSendsItsItemsThere() throws Exception {
		Tenant partner = this.api.tenant(ApiClient.unique("Guangdong Wholesale"), "WAREHOUSE", "read", "events:write");
		this.api.call(post("/api/v1/grants"), this.brand.key(),
				"{\"granteeOrganisationId\":" + partner.id() + ",\"right\":\"EVENTS\"}", 201);
		JsonNode distributor = this.api.call(post("/api/v1/distributors"), this.brand.key(),
				"{\"name\":\"South\",\"partnerOrganisationId\":" + partner.id() + ",\"regions\":[\"CN-44\",\"HK\"]}",
				201);
		assertThat(distributor.get("partnerName").asString()).startsWith("Guangdong Wholesale");
		JsonNode job = new EpcisCapture(this.mvc).captureAndWait(partner, EpcisCapture.document(List.of("""
				{"type":"ObjectEvent","eventTime":"2026-06-03T08:00:00Z","eventTimeZoneOffset":"+08:00",
				 "epcList":["%s"],"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress",
				 "readPoint":{"id":"urn:epc:id:sgln:0614141.00888.0"}}
				""".formatted(epc(4)))));
		assertThat(job.get("status").asString()).isEqualTo("SUCCESS");
		scan(4, "CN-44");
		scan(4, "CN-31");
		assertThat((String) awaitAlert(item(4)).get("evidence")).contains("\"region\":\"CN-31\"",
				"\"distributor\":\"South\"");
	}

	@Test
	void distributorsAreCheckedListedAndIsolated() throws Exception {
		JsonNode problem = this.api.call(post("/api/v1/distributors"), this.brand.key(),
				"{\"name\":\"\",\"regions\":[\"CN-31\",\"CN-99\",\"Shanghai\"],\"locations\":[\"warehouse 7\"],"
						+ "\"partnerOrganisationId\":" + this.brand.id() + "}",
				400);
		assertThat(problem.get("type").asString()).endsWith("/validation");
		assertThat(problem.get("errors").toString()).contains("\"name\"", "regions[1]", "regions[2]", "locations[0]",
				"partnerOrganisationId");
		this.api.call(post("/api/v1/distributors"), this.brand.key(), "{\"name\":\"North\",\"regions\":[]}", 400);

		JsonNode created = this.api.call(post("/api/v1/distributors"), this.brand.key(),
				"{\"name\":\"North\",\"regions\":[\"CN-11\"],\"locations\":[\"" + WAREHOUSE + "\"]}", 201);
		long id = created.get("id").asLong();
		// a location names one distributor of a brand; names are unique too
		JsonNode taken = this.api.call(post("/api/v1/distributors"), this.brand.key(),
				"{\"name\":\"North\",\"regions\":[\"CN-12\"],\"locations\":[\"" + WAREHOUSE + "\"]}", 400);
		assertThat(taken.get("errors").toString()).contains("locations[0]", "North");
		JsonNode updated = this.api.call(put("/api/v1/distributors/" + id), this.brand.key(),
				"{\"name\":\"North\",\"regions\":[\"CN-11\",\"CN-12\",\"MN\"],\"locations\":[\"" + WAREHOUSE + "\"]}",
				200);
		assertThat(updated.get("regions").toString()).isEqualTo("[\"CN-11\",\"CN-12\",\"MN\"]");
		assertThat(this.api.call(get("/api/v1/distributors"), this.brand.key(), "", 200).toString()).contains("North");

		// another brand: 404, for reading and for writing
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "grants:manage");
		this.api.call(get("/api/v1/distributors/" + id), other.key(), "", 404);
		this.api.call(put("/api/v1/distributors/" + id), other.key(),
				"{\"name\":\"Mine\",\"regions\":[\"CN\"]," + "\"locations\":[\"urn:epc:id:sgln:1.2.3\"]}", 404);
		this.api.call(delete("/api/v1/distributors/" + id), other.key(), "", 404);
		assertThat(this.api.call(get("/api/v1/distributors"), other.key(), "", 200).size()).isZero();
		// a key without grants:manage reads but does not write
		Tenant reader = this.api.tenant(ApiClient.unique("Reader brand"), "BRAND", "read");
		this.api.call(post("/api/v1/distributors"), reader.key(), "{\"name\":\"X\",\"regions\":[\"CN\"]}", 403);

		this.api.call(delete("/api/v1/distributors/" + id), this.brand.key(), "", 204);
		this.api.call(get("/api/v1/distributors/" + id), this.brand.key(), "", 404);
	}

	@Test
	void portalPagesCheckRolesCsrfAndTenancyOnTheServer() throws Exception {
		Portal portal = new Portal(this.mvc, this.accounts);
		Portal.Person admin = portal.login(this.brand.id(), Role.ADMIN);
		Portal.Person viewer = portal.login(this.brand.id(), Role.VIEWER);
		String form = "name=West&regions=CN-51,+CN-50&locations=urn:epc:id:sgln:0614141.00999.0";
		String location = this.mvc.perform(
				admin.form(post("/portal/distributors")).contentType("application/x-www-form-urlencoded").content(form))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).matches("/portal/distributors/\\d+");
		this.mvc.perform(viewer.as(get(location)).header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("四川省")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/remove"))));
		// a viewer's post is refused on the server, and a post without the CSRF token too
		this.mvc
			.perform(viewer.form(post(location))
				.contentType("application/x-www-form-urlencoded")
				.content("name=Mine&regions=CN"))
			.andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post(location + "/remove"))).andExpect(status().isForbidden());
		this.mvc
			.perform(admin.as(post(location))
				.contentType("application/x-www-form-urlencoded")
				.content("name=Mine&regions=CN"))
			.andExpect(status().isForbidden());
		// a wrong region comes back on the form, next to its field
		this.mvc
			.perform(admin.form(post(location))
				.contentType("application/x-www-form-urlencoded")
				.content("name=West&regions=CN-51,+XX&locations=urn:epc:id:sgln:0614141.00999.0"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"regions-error\"")));
		// another brand's admin: 404
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read");
		Portal.Person stranger = portal.login(other.id(), Role.ADMIN);
		this.mvc.perform(stranger.as(get(location))).andExpect(status().isNotFound());
		this.mvc.perform(stranger.form(post(location + "/remove"))).andExpect(status().isNotFound());
		this.mvc.perform(admin.form(post(location + "/remove"))).andExpect(status().is3xxRedirection());
		this.mvc.perform(admin.as(get(location))).andExpect(status().isNotFound());
	}

	private String epc(int index) {
		return "https://id.gs1.org/01/" + this.gtin + "/21/" + this.serials.get(index);
	}

	private String item(int index) {
		return "01/" + this.gtin + "/21/" + this.serials.get(index);
	}

	private String scanUri(int index) {
		return "/01/" + this.gtin + "/10/BJ-1/21/" + this.serials.get(index);
	}

	/** A scan from the test's address, which the tests' settings make an allowed edge. */
	private void scan(int index, String region) throws Exception {
		this.mvc.perform(get(scanUri(index)).header("Accept", "application/json").header("X-Client-Region", region))
			.andExpect(status().isOk());
	}

	private Map<String, Object> awaitAlert(String subject) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (true) {
			List<Map<String, Object>> rows = this.jdbc.queryForList(
					"SELECT * FROM alert WHERE organisation_id = ? AND subject = ? ORDER BY id", this.brand.id(),
					subject);
			if (!rows.isEmpty()) {
				return rows.get(0);
			}
			assertThat(System.nanoTime()).as("no alert on " + subject).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private void awaitAlertCount(int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE organisation_id = ?", Integer.class,
				this.brand.id()) < count) {
			assertThat(System.nanoTime()).as(count + " alerts").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
