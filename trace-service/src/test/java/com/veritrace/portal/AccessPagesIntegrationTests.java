package com.veritrace.portal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The access pages: partners and grants, API keys, the platform operator's organisations
 * and integrity report. Each role's limits hold in the portal as they do in the API (the
 * same services): a refused role gets 403 and nothing changes, another organisation's ids
 * answer 404, a form without its CSRF token is refused.
 */
@MariaDbIntegrationTest
class AccessPagesIntegrationTests {

	static final Pattern SECRET = Pattern.compile("vt_[A-Za-z0-9_-]{43}");

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	ApiClient.Tenant warehouse;

	String warehouseName;

	String gtin;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Access brand"), "BRAND", "read", "products:write");
		this.warehouseName = ApiClient.unique("Access warehouse");
		this.warehouse = this.api.tenant(this.warehouseName, "WAREHOUSE", "read");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Green <b>tea</b>\"}", 201);
	}

	// API keys

	@Test
	void anAdminCreatesAKeyWhoseSecretIsShownOnceAndWorksUntilRevoked() throws Exception {
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		MvcResult created = this.mvc
			.perform(admin.form(post("/portal/keys"))
				.param("name", "ERP feed")
				.param("scopes", "read")
				.param("scopes", "events:write"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andReturn();
		String page = created.getResponse().getContentAsString();
		Matcher m = SECRET.matcher(page);
		assertThat(m.find()).as("the secret in the POST's answer").isTrue();
		String secret = m.group();
		// the key works in the API, with the scopes chosen
		this.mvc.perform(get("/api/v1/organisations/me").header("Authorization", "Bearer " + secret))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("events:write")));
		// never again: the list shows only its beginning
		this.mvc.perform(admin.as(get("/portal/keys")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("ERP feed")))
			.andExpect(content().string(containsString(secret.substring(0, 10))))
			.andExpect(content().string(not(containsString(secret))));
		long keyId = this.jdbc.queryForObject("SELECT id FROM api_key WHERE organisation_id = ? AND name = 'ERP feed'",
				Long.class, this.brand.id());
		assertThat(audit(this.brand.id(), "key.created")).containsExactly(admin.userId());

		this.mvc.perform(admin.form(post("/portal/keys/" + keyId + "/revoke")))
			.andExpect(redirectedUrl("/portal/keys"));
		this.mvc.perform(get("/api/v1/organisations/me").header("Authorization", "Bearer " + secret))
			.andExpect(status().isUnauthorized());
		assertThat(audit(this.brand.id(), "key.revoked")).containsExactly(admin.userId());
	}

	@Test
	void aKeyCannotHoldMoreThanTheRoleAndNeedsANameAndAScope() throws Exception {
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		int before = keys(this.brand.id());
		// the form offers only the role's scopes: never 'admin' outside the platform
		this.mvc.perform(admin.as(get("/portal/keys")))
			.andExpect(content().string(containsString("value=\"grants:manage\"")))
			.andExpect(content().string(not(containsString("value=\"admin\""))));
		this.mvc.perform(admin.form(post("/portal/keys")).param("name", "x").param("scopes", "admin"))
			.andExpect(status().isForbidden());
		this.mvc.perform(admin.form(post("/portal/keys")).param("name", " ").param("scopes", "read"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"name-error\"")));
		this.mvc.perform(admin.form(post("/portal/keys")).param("name", "no scopes"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"scopes-error\"")));
		this.mvc
			.perform(admin.form(post("/portal/keys"))
				.param("name", "old")
				.param("scopes", "read")
				.param("expiresOn", "2001-01-01"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"expiresOn-error\"")));
		assertThat(keys(this.brand.id())).isEqualTo(before);
	}

	@Test
	void viewersAndOperatorsCannotSeeCreateOrRevokeKeys() throws Exception {
		int before = keys(this.brand.id());
		for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
			Portal.Person person = this.portal.login(this.brand.id(), role);
			this.mvc.perform(person.as(get("/portal/keys"))).andExpect(status().isForbidden());
			this.mvc.perform(person.form(post("/portal/keys")).param("name", "sneaky").param("scopes", "read"))
				.andExpect(status().isForbidden());
			this.mvc.perform(person.form(post("/portal/keys/" + this.brand.keyId() + "/revoke")))
				.andExpect(status().isForbidden());
		}
		assertThat(keys(this.brand.id())).isEqualTo(before);
		assertThat(revokedAt(this.brand.keyId())).isNull();
	}

	@Test
	void anotherOrganisationsKeyIsNotFoundAndStaysLive() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(owner.form(post("/portal/keys/" + this.warehouse.keyId() + "/revoke")))
			.andExpect(status().isNotFound());
		this.mvc.perform(owner.form(post("/portal/keys/999999999/revoke"))).andExpect(status().isNotFound());
		assertThat(revokedAt(this.warehouse.keyId())).isNull();
	}

	@Test
	void aKeyFormWithoutItsCsrfTokenIsRefused() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		int before = keys(this.brand.id());
		this.mvc.perform(owner.as(post("/portal/keys")).param("name", "csrf").param("scopes", "read"))
			.andExpect(status().isForbidden());
		this.mvc.perform(owner.as(post("/portal/keys/" + this.brand.keyId() + "/revoke")))
			.andExpect(status().isForbidden());
		assertThat(keys(this.brand.id())).isEqualTo(before);
		assertThat(revokedAt(this.brand.keyId())).isNull();
	}

	// partners and grants

	@Test
	void aBrandGrantsAPartnerWhoSeesItAndRevokesIt() throws Exception {
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		this.mvc.perform(admin.as(get("/portal/partners").param("find", this.warehouseName)))
			.andExpect(status().isOk())
			// the partner directory offers the warehouse
			.andExpect(content().string(containsString("value=\"" + this.warehouse.id() + "\"")));
		this.mvc
			.perform(admin.form(post("/portal/partners"))
				.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
				.param("right", "EVENTS")
				.param("gtin", this.gtin)
				.param("lotNumber", ""))
			.andExpect(redirectedUrl("/portal/partners"));
		long grantId = this.jdbc.queryForObject("SELECT id FROM partner_grant WHERE brand_id = ? AND grantee_id = ?",
				Long.class, this.brand.id(), this.warehouse.id());
		assertThat(this.jdbc.queryForObject("SELECT product_id IS NOT NULL FROM partner_grant WHERE id = ?",
				Boolean.class, grantId))
			.isTrue();
		assertThat(audit(this.brand.id(), "grant.created")).containsExactly(admin.userId());
		// the same grant in the API's list
		assertThat(this.api.call(get("/api/v1/grants"), this.warehouse.key(), "", 200).toString())
			.contains("\"id\":" + grantId);
		// the partner's people see it, with the product's name as text
		Portal.Person partner = this.portal.login(this.warehouse.id(), Role.VIEWER);
		this.mvc.perform(partner.as(get("/portal/partners")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-grant=\"" + grantId + "\"")))
			.andExpect(content().string(containsString("Green &lt;b&gt;tea&lt;/b&gt;")))
			.andExpect(content().string(not(containsString("/revoke"))));

		this.mvc.perform(admin.form(post("/portal/partners/grants/" + grantId + "/revoke")))
			.andExpect(redirectedUrl("/portal/partners"));
		assertThat(this.jdbc.queryForObject("SELECT revoked_at IS NOT NULL FROM partner_grant WHERE id = ?",
				Boolean.class, grantId))
			.isTrue();
		assertThat(audit(this.brand.id(), "grant.revoked")).containsExactly(admin.userId());
	}

	@Test
	void aGrantFormShowsTheProblemNextToItsField() throws Exception {
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		// REPORTS is for labs only
		this.mvc
			.perform(admin.form(post("/portal/partners"))
				.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
				.param("right", "REPORTS"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"right-error\"")));
		// an unknown GTIN
		this.mvc
			.perform(admin.form(post("/portal/partners"))
				.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
				.param("right", "EVENTS")
				.param("gtin", ApiClient.randomGtin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"gtin-error\"")));
		// a right the form does not offer is not taken as the default one
		this.mvc
			.perform(admin.form(post("/portal/partners"))
				.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
				.param("right", "EVERYTHING"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"right-error\"")));
		// no partner chosen
		this.mvc.perform(admin.form(post("/portal/partners")).param("right", "EVENTS"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"granteeOrganisationId-error\"")));
		assertThat(grants(this.brand.id())).isZero();
	}

	@Test
	void viewersAndOperatorsCannotGrantOrRevoke() throws Exception {
		long grantId = grantByApi();
		for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
			Portal.Person person = this.portal.login(this.brand.id(), role);
			this.mvc.perform(person.as(get("/portal/partners")))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("/revoke"))))
				.andExpect(content().string(not(containsString("id=\"granteeOrganisationId\""))));
			this.mvc
				.perform(person.form(post("/portal/partners"))
					.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
					.param("right", "EVENTS"))
				.andExpect(status().isForbidden());
			this.mvc.perform(person.form(post("/portal/partners/grants/" + grantId + "/revoke")))
				.andExpect(status().isForbidden());
		}
		assertThat(grants(this.brand.id())).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT revoked_at IS NULL FROM partner_grant WHERE id = ?", Boolean.class,
				grantId))
			.isTrue();
	}

	@Test
	void anotherBrandsGrantIsNotFoundAndAGrantFormNeedsItsCsrfToken() throws Exception {
		long grantId = grantByApi();
		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read");
		Portal.Person stranger = this.portal.login(other.id(), Role.OWNER);
		this.mvc.perform(stranger.form(post("/portal/partners/grants/" + grantId + "/revoke")))
			.andExpect(status().isNotFound());
		// the grantee cannot revoke what it holds either: not its grant to give
		Portal.Person partner = this.portal.login(this.warehouse.id(), Role.OWNER);
		this.mvc.perform(partner.form(post("/portal/partners/grants/" + grantId + "/revoke")))
			.andExpect(status().isNotFound());
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(owner.as(post("/portal/partners/grants/" + grantId + "/revoke")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(owner.as(post("/portal/partners"))
				.param("granteeOrganisationId", String.valueOf(this.warehouse.id()))
				.param("right", "EVENTS"))
			.andExpect(status().isForbidden());
		assertThat(grants(this.brand.id())).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT revoked_at IS NULL FROM partner_grant WHERE id = ?", Boolean.class,
				grantId))
			.isTrue();
	}

	// the platform operator's pages

	@Test
	void thePlatformPagesDoNotExistForABrand() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String name = ApiClient.unique("Made by a brand");
		for (String path : List.of("/portal/organisations", "/portal/organisations/" + this.brand.id(),
				"/portal/integrity")) {
			this.mvc.perform(owner.as(get(path))).andExpect(status().isNotFound());
		}
		this.mvc.perform(owner.form(post("/portal/organisations")).param("name", name).param("kind", "BRAND"))
			.andExpect(status().isNotFound());
		this.mvc.perform(owner.form(post("/portal/integrity"))).andExpect(status().isNotFound());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM organisation WHERE name = ?", Integer.class, name))
			.isZero();
	}

	@Test
	void thePlatformOperatorCreatesAnOrganisationAndInvitesItsFirstOwner() throws Exception {
		long platform = this.jdbc.queryForObject("SELECT id FROM organisation WHERE kind = 'PLATFORM'", Long.class);
		Portal.Person operator = this.portal.login(platform, Role.ADMIN);
		this.mvc.perform(operator.as(get("/portal/organisations").param("q", "Access brand")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-organisation=\"" + this.brand.id() + "\"")));
		// keyset paging: the page after the brand does not hold it
		this.mvc.perform(operator.as(get("/portal/organisations").param("after", String.valueOf(this.brand.id()))))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("data-organisation=\"" + this.brand.id() + "\""))));
		// a missing kind is shown next to the field
		this.mvc.perform(operator.form(post("/portal/organisations")).param("name", "No kind"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"kind-error\"")));
		String name = ApiClient.unique("New lab");
		MvcResult created = this.mvc
			.perform(operator.form(post("/portal/organisations")).param("name", name).param("kind", "LAB"))
			.andExpect(status().isFound())
			.andReturn();
		long id = this.jdbc.queryForObject("SELECT id FROM organisation WHERE name = ? AND kind = 'LAB'", Long.class,
				name);
		assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/portal/organisations/" + id + "?created");
		String email = "owner-" + System.nanoTime() + "@lab.example";
		this.mvc
			.perform(operator.form(post("/portal/organisations/" + id + "/owners"))
				.param("email", email)
				.param("displayName", "Dr. Chen"))
			.andExpect(redirectedUrl("/portal/organisations/" + id));
		assertThat(
				this.jdbc.queryForMap("SELECT organisation_id, role, status FROM portal_user WHERE email = ?", email))
			.containsEntry("organisation_id", id)
			.containsEntry("role", "OWNER")
			.containsEntry("status", "INVITED");
		this.mvc.perform(operator.as(get("/portal/organisations/" + id)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(email)));
		this.mvc.perform(operator.as(get("/portal/organisations/999999999"))).andExpect(status().isNotFound());
	}

	@Test
	void thePlatformOperatorReadsTheIntegrityReportAndItsViewersMayNot() throws Exception {
		long platform = this.jdbc.queryForObject("SELECT id FROM organisation WHERE kind = 'PLATFORM'", Long.class);
		Portal.Person operator = this.portal.login(platform, Role.ADMIN);
		this.mvc.perform(operator.as(get("/portal/integrity")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-kind=\"CHANGED\"")))
			.andExpect(content().string(containsString("data-verdict=")));
		Portal.Person viewer = this.portal.login(platform, Role.VIEWER);
		this.mvc.perform(viewer.as(get("/portal/integrity"))).andExpect(status().isForbidden());
		this.mvc.perform(viewer.form(post("/portal/organisations")).param("name", "x").param("kind", "LAB"))
			.andExpect(status().isForbidden());
	}

	private long grantByApi() throws Exception {
		ApiClient.Tenant manager = new ApiClient.Tenant(this.brand.id(), this.api
			.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"), MariaDbIntegrationTest.ADMIN_KEY,
					"{\"name\":\"grants\",\"scopes\":[\"read\",\"grants:manage\"]}", 201)
			.get("key")
			.asString(), 0);
		return this.api
			.call(post("/api/v1/grants"), manager.key(),
					"{\"granteeOrganisationId\":" + this.warehouse.id() + ",\"right\":\"EVENTS\"}", 201)
			.get("id")
			.asLong();
	}

	private List<Long> audit(long organisationId, String action) {
		return this.jdbc.queryForList("SELECT actor_user_id FROM audit_entry WHERE organisation_id = ? AND action = ? "
				+ "AND actor_user_id IS NOT NULL ORDER BY id", Long.class, organisationId, action);
	}

	private int keys(long organisationId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM api_key WHERE organisation_id = ?", Integer.class,
				organisationId);
	}

	private int grants(long brandId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM partner_grant WHERE brand_id = ?", Integer.class,
				brandId);
	}

	private Object revokedAt(long keyId) {
		return this.jdbc.queryForObject("SELECT revoked_at FROM api_key WHERE id = ?", Object.class, keyId);
	}

}
