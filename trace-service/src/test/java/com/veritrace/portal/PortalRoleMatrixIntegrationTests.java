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
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every portal page and action for every kind of person: the brand's four roles, a
 * partner, a lab, the platform operator, and another brand's owner trying the first
 * brand's ids. One table, so a new page that forgets a rule shows up here.
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

	final Map<String, Portal.Person> people = new LinkedHashMap<>();

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Matrix brand"), "BRAND", "read", "products:write",
				"codes:issue");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Matrix other brand"), "BRAND", "read");
		ApiClient.Tenant warehouse = this.api.tenant(ApiClient.unique("Matrix warehouse"), "WAREHOUSE", "read");
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
	}

	/**
	 * Status of each page for: VIEWER OPERATOR ADMIN OWNER of the brand, another brand's
	 * owner, a warehouse's owner, a lab's owner, the platform operator's owner.
	 */
	@Test
	void everyPageAnswersEachKindOfPersonAsItsRoleAllows() throws Exception {
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("/portal", "200 200 200 200 200 200 200 200");
		expected.put("/portal/products", "200 200 200 200 200 200 200 200");
		expected.put("/portal/products/" + this.gtin, "200 200 200 200 404 404 404 200");
		expected.put("/portal/codes", "200 200 200 200 200 200 200 200");
		expected.put("/portal/codes/new", "403 200 200 200 200 200 200 200");
		expected.put("/portal/codes/lookup", "200 200 200 200 200 200 200 200");
		expected.put("/portal/partners", "200 200 200 200 200 200 200 200");
		expected.put("/portal/keys", "403 403 200 200 200 200 200 200");
		expected.put("/portal/users", "403 403 200 200 200 200 200 200");
		expected.put("/portal/audit", "403 403 200 200 200 200 200 200");
		expected.put("/portal/profile", "200 200 200 200 200 200 200 200");
		expected.put("/portal/organisations", "404 404 404 404 404 404 404 200");
		expected.put("/portal/integrity", "404 404 404 404 404 404 404 200");
		expected.put("/portal/events", "200 200 200 200 200 200 200 200");
		expected.put("/portal/dead-letters", "403 200 200 200 200 200 200 200");
		expected.put("/portal/reports", "200 200 200 200 200 200 200 200");
		expected.put("/portal/reports/new", "403 403 403 403 403 403 200 403");
		expected.put("/portal/inbox", "200 200 200 200 200 200 200 200");
		expected.put("/portal/webhooks", "403 403 200 200 200 200 200 200");
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

}
