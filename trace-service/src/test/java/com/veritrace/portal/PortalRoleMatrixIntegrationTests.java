package com.veritrace.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every portal page and action for every kind of person: the brand's four roles, a
 * partner, a lab, the platform operator, a regulator, and another brand's owner trying
 * the first brand's ids. One table, so a new page that forgets a rule shows up here.
 */
@MariaDbIntegrationTest
class PortalRoleMatrixIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	String gtin;

	long jobId;

	long grantId;

	String recallId;

	ApiClient.Tenant warehouse;

	ApiClient.Tenant regulator;

	final Map<String, Portal.Person> people = new LinkedHashMap<>();

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Matrix brand"), "BRAND", "read", "products:write", "codes:issue",
				"recalls:write", "grants:manage");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L2\"}", 201);
		this.jobId = this.api
			.call(post("/api/v1/code-jobs"), this.brand.key(),
					"{\"requestId\":\"matrix-" + System.nanoTime() + "\",\"gtin\":\"" + this.gtin
							+ "\",\"lotNumber\":\"L2\",\"quantity\":5,\"format\":\"DIGITAL_LINK\"}",
					202)
			.get("id")
			.asLong();
		this.recallId = this.api.call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s","lots":["L1"],"recallClass":"III","reasonCode":"LABELLING_ERROR","reason":"Wrong date",
				 "consumerInstructions":{"en":"Check the date.","zh-CN":"请核对日期。"},
				 "partnerInstructions":{"en":"Relabel.","zh-CN":"重新贴标。"}}""".formatted(this.gtin), 201)
			.get("id")
			.asString();
		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Matrix other brand"), "BRAND", "read");
		this.warehouse = this.api.tenant(ApiClient.unique("Matrix warehouse"), "WAREHOUSE", "read");
		ApiClient.Tenant warehouse = this.warehouse;
		this.grantId = this.api
			.call(post("/api/v1/grants"), this.brand.key(),
					"{\"granteeOrganisationId\":" + warehouse.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin
							+ "\"}",
					201)
			.get("id")
			.asLong();
		this.regulator = this.api.tenant(ApiClient.unique("Matrix regulator"), "REGULATOR", "read");
		ApiClient.Tenant lab = this.api.tenant(ApiClient.unique("Matrix lab"), "LAB", "read");
		long platform = this.jdbc.queryForObject("SELECT id FROM organisation WHERE kind = 'PLATFORM' LIMIT 1",
				Long.class);
		for (Role role : Role.values()) {
			this.people.put(role.name(), this.portal.login(this.brand.id(), role));
		}
		this.people.put("OTHER_BRAND", this.portal.login(other.id(), Role.OWNER));
		this.people.put("WAREHOUSE", this.portal.login(warehouse.id(), Role.OWNER));
		this.people.put("LAB", this.portal.login(lab.id(), Role.OWNER));
		this.people.put("PLATFORM", this.portal.login(platform, Role.OWNER));
		this.people.put("REGULATOR", this.portal.login(this.regulator.id(), Role.OWNER));
	}

	/**
	 * Status of each page for: VIEWER OPERATOR ADMIN OWNER of the brand, another brand's
	 * owner, a warehouse's owner, a lab's owner, the platform operator's owner, a
	 * regulator's owner.
	 */
	@Test
	void everyPageAnswersEachKindOfPersonAsItsRoleAllows() throws Exception {
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("/portal", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/products", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/products/" + this.gtin, "200 200 200 200 404 404 404 200 200");
		expected.put("/portal/media/" + this.gtin, "200 200 200 200 404 404 404 200 200");
		expected.put("/portal/media/" + this.gtin + "?lot=L1", "200 200 200 200 404 404 404 200 200");
		expected.put("/portal/codes", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/codes/new", "403 200 200 200 200 200 200 200 200");
		expected.put("/portal/codes/lookup", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/partners", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/keys", "403 403 200 200 200 200 200 200 200");
		expected.put("/portal/users", "403 403 200 200 200 200 200 200 200");
		expected.put("/portal/audit", "403 403 200 200 200 200 200 200 200");
		expected.put("/portal/profile", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/organisations", "404 404 404 404 404 404 404 200 404");
		expected.put("/portal/integrity", "404 404 404 404 404 404 404 200 404");
		expected.put("/portal/events", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/dead-letters", "403 200 200 200 200 200 200 200 200");
		expected.put("/portal/reports", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/reports/new", "403 403 403 403 403 403 200 403 403");
		expected.put("/portal/inbox", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/webhooks", "403 403 200 200 200 200 200 200 200");
		expected.put("/portal/recalls", "200 200 200 200 200 200 200 200 200");
		expected.put("/portal/recalls/new", "403 403 200 200 200 403 403 403 200");
		expected.put("/portal/recalls/new?gtin=" + this.gtin + "&lot=L1", "403 403 200 200 404 403 403 403 200");
		expected.put("/portal/recalls/" + this.recallId, "200 200 200 200 404 404 404 200 200");
		expected.put("/portal/regulator/search?q=L1", "404 404 404 404 404 404 404 404 200");
		expected.put("/portal/regulator/brands/" + this.brand.id(), "404 404 404 404 404 404 404 404 200");
		expected.put("/portal/events/lots/" + this.gtin + "/L1", "200 200 200 200 404 404 404 200 200");
		List<String> wrong = new ArrayList<>();
		for (Map.Entry<String, String> page : expected.entrySet()) {
			StringBuilder actual = new StringBuilder();
			for (Portal.Person person : this.people.values()) {
				int status = this.mvc.perform(person.as(get(page.getKey()))).andReturn().getResponse().getStatus();
				actual.append(actual.isEmpty() ? "" : " ").append(status);
			}
			if (!actual.toString().equals(page.getValue())) {
				wrong.add(page.getKey() + ": expected " + page.getValue() + " but was " + actual);
			}
		}
		assertThat(wrong).as("pages answering a kind of person otherwise than its role allows").isEmpty();
	}

	/**
	 * A regulator changes a brand's data only through recalls: every action of the portal
	 * that changes a product, a lot, codes or grants refuses a regulator's owner (whose
	 * role holds the scopes of those actions), and nothing changes.
	 */
	@Test
	void aRegulatorChangesNoBrandDataThroughThePortal() throws Exception {
		Portal.Person regulator = this.people.get("REGULATOR");
		Map<String, MockHttpServletRequestBuilder> actions = new LinkedHashMap<>();
		actions.put("create a product",
				post("/portal/products").param("gtin", ApiClient.randomGtin()).param("name", "X"));
		actions.put("edit the product", post("/portal/products/" + this.gtin).param("name", "Renamed"));
		actions.put("deactivate it", post("/portal/products/" + this.gtin + "/deactivate"));
		actions.put("reactivate it", post("/portal/products/" + this.gtin + "/reactivate"));
		actions.put("add a lot", post("/portal/products/" + this.gtin + "/lots").param("lotNumber", "L9"));
		actions.put("link a video",
				post("/portal/media/" + this.gtin + "/link").param("url", "https://a.example.com/v.mp4"));
		actions.put("allow a video host", post("/portal/media/" + this.gtin + "/hosts").param("host", "a.example.com"));
		actions.put("issue codes",
				post("/portal/codes/new").param("requestId", "matrix-" + System.nanoTime())
					.param("gtin", this.gtin)
					.param("lotNumber", "L1")
					.param("quantity", "5")
					.param("format", "DIGITAL_LINK"));
		actions.put("void codes",
				post("/portal/codes/" + this.jobId + "/range").param("action", "void")
					.param("from", "1")
					.param("to", "5"));
		actions.put("grant a partner",
				post("/portal/partners").param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
					.param("right", "EVENTS")
					.param("gtin", this.gtin));
		actions.put("revoke a grant", post("/portal/partners/grants/" + this.grantId + "/revoke"));
		// 403 where the regulator may read what it would change, 404 where it may not
		// even
		// see it (another brand's code job and grant)
		Map<String, Integer> refusals = Map.of("void codes", 404, "revoke a grant", 404);
		List<String> allowed = new ArrayList<>();
		for (Map.Entry<String, MockHttpServletRequestBuilder> action : actions.entrySet()) {
			int status = this.mvc.perform(regulator.form(action.getValue())).andReturn().getResponse().getStatus();
			if (status != refusals.getOrDefault(action.getKey(), 403)) {
				allowed.add(action.getKey() + ": " + status);
			}
		}
		int picture = this.mvc
			.perform(multipart("/portal/products/" + this.gtin + "/image")
				.file(new MockMultipartFile("image", "x.png", "image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }))
				.cookie(regulator.session())
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus();
		if (picture != 403) {
			allowed.add("change its picture: " + picture);
		}
		int media = this.mvc
			.perform(multipart("/portal/media/" + this.gtin + "/images")
				.file(new MockMultipartFile("file", "x.png", "image/png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }))
				.cookie(regulator.session())
				.with(csrf()))
			.andReturn()
			.getResponse()
			.getStatus();
		if (media != 403) {
			allowed.add("add a picture: " + media);
		}
		assertThat(allowed).as("brand actions a regulator was not refused").isEmpty();
		assertThat(this.jdbc.queryForMap("SELECT name, active FROM product WHERE gtin = ?", this.gtin))
			.containsEntry("name", "Tea")
			.containsEntry("active", true);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM lot WHERE product_id = " + "(SELECT id FROM product WHERE gtin = ?)",
				Integer.class, this.gtin))
			.isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM code_job WHERE gtin = ?", Integer.class, this.gtin))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ? AND status = 'VOIDED'",
				Integer.class, this.jobId))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM partner_grant WHERE brand_id = ?", Integer.class,
				this.brand.id()))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT revoked_at IS NULL FROM partner_grant WHERE id = ?", Boolean.class,
				this.grantId))
			.isTrue();
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM product_image WHERE product_id = " + "(SELECT id FROM product WHERE gtin = ?)",
				Integer.class, this.gtin))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM origin_media WHERE brand_id = ?", Integer.class,
				this.brand.id()))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM media_host WHERE brand_id = ?", Integer.class,
				this.brand.id()))
			.isZero();
	}

}
