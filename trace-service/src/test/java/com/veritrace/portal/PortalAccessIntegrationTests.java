package com.veritrace.portal;

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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The portal's door: the login form, sessions in the database, CSRF, the CSP, and a
 * role's limits holding in the portal as in the API.
 */
@MariaDbIntegrationTest
class PortalAccessIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Portal brand"), "BRAND", "read");
	}

	@Test
	void aPageNeedsALoginAndTheLoginKeepsTheSessionInTheDatabase() throws Exception {
		this.mvc.perform(get("/portal/users")).andExpect(status().isFound()).andExpect(redirectedUrl("/portal/login"));
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		Integer sessions = this.jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE PRINCIPAL_NAME = ?",
				Integer.class, owner.email());
		assertThat(sessions).isEqualTo(1);
		this.mvc.perform(owner.as(get("/portal/users")))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy",
					org.hamcrest.Matchers.containsString("script-src 'self'")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(owner.email())));
		// the audit log has the login
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_entry WHERE organisation_id = ? AND actor_user_id = ?",
						String.class, this.brand.id(), owner.userId()))
			.contains("user.login");
	}

	@Test
	void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc
			.perform(post("/portal/login").param("email", owner.email())
				.param("password", "wrong password here")
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.csrf()))
			.andExpect(redirectedUrl("/portal/login?error=bad"));
		this.mvc
			.perform(post("/portal/login").param("email", "nobody-" + System.nanoTime() + "@test.example")
				.param("password", "wrong password here")
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
					.csrf()))
			.andExpect(redirectedUrl("/portal/login?error=bad"));
	}

	@Test
	void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String email = "csrf-" + System.nanoTime() + "@test.example";
		this.mvc.perform(
				owner.as(post("/portal/users")).param("email", email).param("displayName", "X").param("role", "VIEWER"))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM portal_user WHERE email = ?", Integer.class, email))
			.isZero();
	}

	@Test
	void aViewerCannotManageUsersInThePortalAsAKeyWithoutTheScopeCannotInTheApi() throws Exception {
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		String email = "viewer-made-" + System.nanoTime() + "@test.example";
		this.mvc.perform(viewer.as(get("/portal/users"))).andExpect(status().isForbidden());
		this.mvc
			.perform(viewer.form(post("/portal/users"))
				.param("email", email)
				.param("displayName", "X")
				.param("role", "VIEWER"))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM portal_user WHERE email = ?", Integer.class, email))
			.isZero();
	}

}
