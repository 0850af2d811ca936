package com.veritrace.accounts;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The users API: the portal's rules through API keys. A key with 'keys:manage' lists,
 * invites, changes roles and removes in its own organisation; without it 403 and nothing
 * changes; another organisation (or its user) answers 404; owners are not a key's to
 * make.
 */
@MariaDbIntegrationTest
class UserApiIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	ApiClient.Tenant brand;

	ApiClient.Tenant reader;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Users API brand"), "BRAND", "read", "keys:manage");
		JsonNode key = this.api.call(post("/api/v1/organisations/" + this.brand.id() + "/api-keys"),
				MariaDbIntegrationTest.ADMIN_KEY, "{\"name\":\"reader\",\"scopes\":[\"read\"]}", 201);
		this.reader = new ApiClient.Tenant(this.brand.id(), key.get("key").asString(), key.get("id").asLong());
	}

	@Test
	void aKeyWithKeysManageInvitesListsChangesAndRemoves() throws Exception {
		String base = "/api/v1/organisations/" + this.brand.id() + "/users";
		String email = "api-invite-" + System.nanoTime() + "@test.example";
		JsonNode invited = this.api.call(post(base), this.brand.key(), "{\"email\":\""
				+ email.toUpperCase(java.util.Locale.ROOT) + "\",\"displayName\":\"Wang Fang\",\"role\":\"OPERATOR\"}",
				201);
		long id = invited.get("user").get("id").asLong();
		assertThat(invited.get("user").get("email").asString()).isEqualTo(email);
		assertThat(invited.get("user").get("status").asString()).isEqualTo("INVITED");
		assertThat(invited.get("invitationExpiresAt").asString()).isNotBlank();

		JsonNode list = this.api.call(get(base), this.brand.key(), "", 200);
		assertThat(list.get("users").toString()).contains(email);

		JsonNode changed = this.api.call(patch(base + "/" + id), this.brand.key(), "{\"role\":\"ADMIN\"}", 200);
		assertThat(changed.get("role").asString()).isEqualTo("ADMIN");
		assertThat(this.jdbc.queryForObject("SELECT role FROM portal_user WHERE id = ?", String.class, id))
			.isEqualTo("ADMIN");

		this.api.call(delete(base + "/" + id), this.brand.key(), "", 204);
		assertThat(this.jdbc.queryForObject("SELECT status FROM portal_user WHERE id = ?", String.class, id))
			.isEqualTo("REMOVED");
		assertThat(this.api.call(get(base), this.brand.key(), "", 200).get("users").toString()).doesNotContain(email);

		// the audit log names the key
		assertThat(this.jdbc.queryForList(
				"SELECT action FROM audit_entry WHERE organisation_id = ? AND actor_key_id = ? ORDER BY id",
				String.class, this.brand.id(), this.brand.keyId()))
			.containsSubsequence("user.invited", "user.role-changed", "user.removed");
	}

	@Test
	void theListIsKeysetPaged() throws Exception {
		String base = "/api/v1/organisations/" + this.brand.id() + "/users";
		for (int i = 0; i < 3; i++) {
			this.api.call(post(base), this.brand.key(), "{\"email\":\"page-" + i + "-" + System.nanoTime()
					+ "@test.example\",\"displayName\":\"P" + i + "\",\"role\":\"VIEWER\"}", 201);
		}
		JsonNode first = this.api.call(get(base + "?limit=2"), this.brand.key(), "", 200);
		assertThat(first.get("users").size()).isEqualTo(2);
		long next = first.get("next").asLong();
		assertThat(next).isEqualTo(first.get("users").get(1).get("id").asLong());
		JsonNode second = this.api.call(get(base + "?limit=2&after=" + next), this.brand.key(), "", 200);
		assertThat(second.get("users").size()).isEqualTo(1);
		assertThat(second.get("users").get(0).get("id").asLong()).isGreaterThan(next);
		assertThat(second.path("next").isNull() || second.path("next").isMissingNode()).isTrue();
	}

	@Test
	void aKeyWithoutKeysManageIsRefusedAndNothingChanges() throws Exception {
		String base = "/api/v1/organisations/" + this.brand.id() + "/users";
		String email = "reader-made-" + System.nanoTime() + "@test.example";
		long target = this.accounts
			.ensureUser(this.brand.id(), "target-" + System.nanoTime() + "@test.example", "T", Role.VIEWER,
					"correct horse battery staple")
			.getId();
		JsonNode problem = this.api.call(get(base), this.reader.key(), "", 403);
		assertThat(problem.get("type").asString()).endsWith("/missing-scope");
		this.api.call(post(base), this.reader.key(),
				"{\"email\":\"" + email + "\",\"displayName\":\"X\",\"role\":\"VIEWER\"}", 403);
		this.api.call(patch(base + "/" + target), this.reader.key(), "{\"role\":\"ADMIN\"}", 403);
		this.api.call(delete(base + "/" + target), this.reader.key(), "", 403);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM portal_user WHERE email = ?", Integer.class, email))
			.isZero();
		assertThat(this.jdbc.queryForMap("SELECT role, status FROM portal_user WHERE id = ?", target))
			.containsEntry("role", "VIEWER")
			.containsEntry("status", "ACTIVE");
	}

	@Test
	void anotherOrganisationAndItsUsersAreNotFound() throws Exception {
		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Users API other"), "BRAND", "read");
		long stranger = this.accounts
			.ensureUser(other.id(), "stranger-" + System.nanoTime() + "@test.example", "S", Role.VIEWER,
					"correct horse battery staple")
			.getId();
		String theirs = "/api/v1/organisations/" + other.id() + "/users";
		this.api.call(get(theirs), this.brand.key(), "", 404);
		this.api.call(post(theirs), this.brand.key(),
				"{\"email\":\"x-" + System.nanoTime() + "@test.example\",\"displayName\":\"X\",\"role\":\"VIEWER\"}",
				404);
		this.api.call(patch(theirs + "/" + stranger), this.brand.key(), "{\"role\":\"ADMIN\"}", 404);
		this.api.call(delete(theirs + "/" + stranger), this.brand.key(), "", 404);
		// their user through our own organisation's path: the same answer as an unknown
		// one
		String ours = "/api/v1/organisations/" + this.brand.id() + "/users/";
		JsonNode viaOurs = this.api.call(patch(ours + stranger), this.brand.key(), "{\"role\":\"ADMIN\"}", 404);
		JsonNode unknown = this.api.call(patch(ours + 999_999_999), this.brand.key(), "{\"role\":\"ADMIN\"}", 404);
		assertThat(viaOurs.get("type")).isEqualTo(unknown.get("type"));
		this.api.call(delete(ours + stranger), this.brand.key(), "", 404);
		assertThat(this.jdbc.queryForMap("SELECT role, status FROM portal_user WHERE id = ?", stranger))
			.containsEntry("role", "VIEWER")
			.containsEntry("status", "ACTIVE");
	}

	@Test
	void aKeyDoesNotMakeOwnersAndBadInputIsListedByField() throws Exception {
		String base = "/api/v1/organisations/" + this.brand.id() + "/users";
		String email = "would-be-owner-" + System.nanoTime() + "@test.example";
		this.api.call(post(base), this.brand.key(),
				"{\"email\":\"" + email + "\",\"displayName\":\"O\",\"role\":\"OWNER\"}", 403);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM portal_user WHERE email = ?", Integer.class, email))
			.isZero();
		JsonNode problem = this.api.call(post(base), this.brand.key(),
				"{\"email\":\"not-an-address\",\"displayName\":\"X\",\"role\":\"VIEWER\"}", 400);
		assertThat(problem.get("errors").toString()).contains("\"field\":\"email\"");
		// an address that has an account already
		this.api.call(post(base), this.brand.key(),
				"{\"email\":\"" + email + "\",\"displayName\":\"O\",\"role\":\"VIEWER\"}", 201);
		this.api.call(post(base), this.brand.key(),
				"{\"email\":\"" + email + "\",\"displayName\":\"O\",\"role\":\"VIEWER\"}", 409);
	}

}
