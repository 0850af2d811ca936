package com.veritrace.accounts;

import java.time.Instant;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MailServer;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * People's accounts end to end: invitations and password resets by mail through a real
 * SMTP server (GreenMail, in-process, on loopback), single-use links that expire,
 * lock-out after failed logins, the second factor, and the rules on roles.
 */
@MariaDbIntegrationTest
class AccountsIntegrationTests {

	static final MailServer SMTP = MailServer.start();

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
	}

	@AfterAll
	static void stopSmtp() {
		SMTP.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	Portal portal;

	ApiClient.Tenant brand;

	@BeforeEach
	void setUp() throws Exception {
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = new ApiClient(this.mvc).tenant(ApiClient.unique("Accounts brand"), "BRAND", "read");
	}

	@Test
	void anInvitationArrivesByMailWorksOnceAndMakesAnAccountThatLogsIn() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String email = "new-" + System.nanoTime() + "@test.example";
		this.mvc
			.perform(owner.form(post("/portal/users"))
				.param("email", " " + email.toUpperCase() + " ")
				.param("displayName", "Xu Ming")
				.param("role", "OPERATOR"))
			.andExpect(redirectedUrl("/portal/users"));
		String path = SMTP.linkTo(email, "/portal/invitations/");
		assertThat(this.jdbc.queryForObject("SELECT status FROM portal_user WHERE email = ?", String.class, email))
			.isEqualTo("INVITED");
		// the link's secret is not stored, only its SHA-256
		String secret = path.substring(path.lastIndexOf('/') + 1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM account_token WHERE token_hash = ?", Integer.class,
				AccountService.hash(secret)))
			.isEqualTo(1);

		this.mvc.perform(get(path)).andExpect(status().isOk()).andExpect(content().string(containsString(email)));
		// a short password is refused next to its field
		this.mvc
			.perform(post(path).with(csrf())
				.param("displayName", "Xu Ming")
				.param("password", "short")
				.param("repeatPassword", "short"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"password-error\"")));
		this.mvc
			.perform(post(path).with(csrf())
				.param("displayName", "Xu Ming")
				.param("password", "a long enough password")
				.param("repeatPassword", "a long enough password"))
			.andExpect(redirectedUrl("/portal/login?joined"));
		Cookie session = this.portal.login(email, "a long enough password");
		this.mvc.perform(get("/portal").cookie(session)).andExpect(content().string(containsString("Xu Ming")));
		// single use
		this.mvc.perform(get(path)).andExpect(status().isNotFound());
		this.mvc
			.perform(post(path).with(csrf())
				.param("displayName", "Mallory")
				.param("password", "another long password")
				.param("repeatPassword", "another long password"))
			.andExpect(status().isNotFound());
		assertThat(this.jdbc.queryForList("SELECT action FROM audit_entry WHERE organisation_id = ? ORDER BY id",
				String.class, this.brand.id()))
			.contains("user.invited", "user.joined");
		// an address that has an account cannot be invited again
		this.mvc
			.perform(owner.form(post("/portal/users"))
				.param("email", email)
				.param("displayName", "Again")
				.param("role", "VIEWER"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("There is already an account")));
	}

	@Test
	void anExpiredInvitationDoesNotWork() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String email = "late-" + System.nanoTime() + "@test.example";
		this.mvc
			.perform(owner.form(post("/portal/users"))
				.param("email", email)
				.param("displayName", "Late")
				.param("role", "VIEWER"))
			.andExpect(redirectedUrl("/portal/users"));
		String path = SMTP.linkTo(email, "/portal/invitations/");
		this.jdbc.update(
				"UPDATE account_token SET expires_at = ? WHERE user_id = (SELECT id FROM portal_user WHERE email = ?)",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), email);
		this.mvc.perform(get(path))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("expired")));
	}

	@Test
	void aPasswordResetLinkGoesOnlyToAnAccountAndWorksOnce() throws Exception {
		Portal.Person person = this.portal.login(this.brand.id(), Role.VIEWER);
		int before = SMTP.received();
		this.mvc.perform(post("/portal/password-reset").with(csrf()).param("email", "nobody@test.example"))
			.andExpect(redirectedUrl("/portal/password-reset"));
		assertThat(SMTP.received()).isEqualTo(before);
		this.mvc.perform(post("/portal/password-reset").with(csrf()).param("email", person.email()))
			.andExpect(redirectedUrl("/portal/password-reset"));
		String path = SMTP.linkTo(person.email(), "/portal/password-reset/");
		this.mvc
			.perform(post(path).with(csrf())
				.param("password", "my brand new password")
				.param("repeatPassword", "my brand new password"))
			.andExpect(redirectedUrl("/portal/login?reset"));
		this.portal.login(person.email(), "my brand new password");
		this.mvc.perform(
				post("/portal/login").with(csrf()).param("email", person.email()).param("password", Portal.PASSWORD))
			.andExpect(redirectedUrl("/portal/login?error=bad"));
		this.mvc.perform(get(path)).andExpect(status().isNotFound());
	}

	@Test
	void failedLoginsInARowLockTheAccountEvenForTheRightPassword() throws Exception {
		Portal.Person person = this.portal.login(this.brand.id(), Role.OPERATOR);
		for (int i = 0; i < 4; i++) {
			loginAttempt(person.email(), "wrong password " + i).andExpect(redirectedUrl("/portal/login?error=bad"));
		}
		loginAttempt(person.email(), "wrong password 5").andExpect(redirectedUrl("/portal/login?error=locked"));
		loginAttempt(person.email(), Portal.PASSWORD).andExpect(redirectedUrl("/portal/login?error=locked"));
		assertThat(this.jdbc.queryForObject("SELECT locked_until IS NOT NULL FROM portal_user WHERE id = ?",
				Boolean.class, person.userId()))
			.isTrue();
		assertThat(this.jdbc.queryForList("SELECT action FROM audit_entry WHERE actor_user_id = ?", String.class,
				person.userId()))
			.contains("user.login-failed", "user.locked");
		// the lock lifts when its time is over
		this.jdbc.update("UPDATE portal_user SET locked_until = ? WHERE id = ?",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), person.userId());
		this.portal.login(person.email(), Portal.PASSWORD);
	}

	@Test
	void withTwoStepVerificationALoginNeedsAFreshCodeFromTheApp() throws Exception {
		Portal.Person person = this.portal.login(this.brand.id(), Role.ADMIN);
		this.mvc.perform(person.form(post("/portal/profile/totp/start")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"totp-qr\"")));
		String secret = this.jdbc.queryForObject("SELECT totp_secret FROM portal_user WHERE id = ?", String.class,
				person.userId());
		this.mvc.perform(person.form(post("/portal/profile/totp/confirm")).param("code", "000000"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"code-error\"")));
		long now = System.currentTimeMillis();
		String current = Totp.code(Totp.decodeBase32(secret), Totp.step(now), 6, "HmacSHA1");
		this.mvc.perform(person.form(post("/portal/profile/totp/confirm")).param("code", current))
			.andExpect(redirectedUrl("/portal/profile"));
		loginAttempt(person.email(), Portal.PASSWORD).andExpect(redirectedUrl("/portal/login?error=code"));
		// the code used to confirm was used: the next one (a step later, within the drift
		// window) logs in, once
		String next = Totp.code(Totp.decodeBase32(secret), Totp.step(now) + 1, 6, "HmacSHA1");
		this.mvc
			.perform(post("/portal/login").with(csrf())
				.param("email", person.email())
				.param("password", Portal.PASSWORD)
				.param("code", next))
			.andExpect(redirectedUrl("/portal"));
		this.mvc
			.perform(post("/portal/login").with(csrf())
				.param("email", person.email())
				.param("password", Portal.PASSWORD)
				.param("code", next))
			.andExpect(redirectedUrl("/portal/login?error=bad"));
	}

	@Test
	void whenTheOrganisationRequiresItAnAdminWithoutASecondFactorMustSetOneUpFirst() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		// only an owner sets the rule
		this.mvc.perform(admin.form(post("/portal/organisation/totp")).param("required", "true"))
			.andExpect(status().isForbidden());
		this.mvc.perform(owner.form(post("/portal/organisation/totp")).param("required", "true"))
			.andExpect(redirectedUrl("/portal/users"));
		this.mvc.perform(admin.as(get("/portal/users"))).andExpect(redirectedUrl("/portal/profile?totpRequired"));
		this.mvc.perform(admin.as(get("/portal/profile"))).andExpect(status().isOk());
		// not asked of viewers
		this.mvc.perform(viewer.as(get("/portal"))).andExpect(status().isOk());
		// and it cannot be turned off by those it binds once on
		this.mvc.perform(owner.form(post("/portal/organisation/totp")).param("required", "false"))
			.andExpect(redirectedUrl("/portal/profile?totpRequired"));
	}

	@Test
	void rolesFollowTheRulesAndAChangeTakesEffectAtTheNextRequest() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		Portal.Person operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		// an admin may not make an owner
		this.mvc.perform(admin.form(post("/portal/users/" + operator.userId() + "/role")).param("role", "OWNER"))
			.andExpect(status().isForbidden());
		// nobody changes their own role
		this.mvc.perform(admin.form(post("/portal/users/" + admin.userId() + "/role")).param("role", "OWNER"))
			.andExpect(status().isForbidden());
		// the last owner stays
		this.mvc.perform(admin.form(post("/portal/users/" + owner.userId() + "/role")).param("role", "VIEWER"))
			.andExpect(status().isForbidden());
		this.mvc.perform(admin.form(post("/portal/users/" + operator.userId() + "/role")).param("role", "ADMIN"))
			.andExpect(redirectedUrl("/portal/users"));
		assertThat(roleOf(operator.userId())).isEqualTo("ADMIN");
		// the new admin's session has the new rights at once
		this.mvc.perform(operator.as(get("/portal/users"))).andExpect(status().isOk());
		this.mvc.perform(admin.form(post("/portal/users/" + operator.userId() + "/role")).param("role", "VIEWER"))
			.andExpect(redirectedUrl("/portal/users"));
		this.mvc.perform(operator.as(get("/portal/users"))).andExpect(status().isForbidden());
		// removed: the session ends at the next request
		this.mvc.perform(admin.form(post("/portal/users/" + operator.userId() + "/remove")))
			.andExpect(redirectedUrl("/portal/users"));
		this.mvc.perform(operator.as(get("/portal"))).andExpect(redirectedUrl("/portal/login?gone"));
		loginAttempt(operator.email(), Portal.PASSWORD).andExpect(redirectedUrl("/portal/login?error=bad"));
		assertThat(this.jdbc.queryForList(
				"SELECT detail FROM audit_entry WHERE organisation_id = ? AND action = 'user.role-changed'",
				String.class, this.brand.id()))
			.containsExactly("OPERATOR -> ADMIN", "ADMIN -> VIEWER");
	}

	@Test
	void anotherOrganisationsUserIsNotFoundAndUnchanged() throws Exception {
		ApiClient.Tenant other = new ApiClient(this.mvc).tenant(ApiClient.unique("Other brand"), "BRAND", "read");
		Portal.Person theirs = this.portal.login(other.id(), Role.OPERATOR);
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(owner.form(post("/portal/users/" + theirs.userId() + "/role")).param("role", "VIEWER"))
			.andExpect(status().isNotFound());
		this.mvc.perform(owner.form(post("/portal/users/" + theirs.userId() + "/remove")))
			.andExpect(status().isNotFound());
		assertThat(roleOf(theirs.userId())).isEqualTo("OPERATOR");
		assertThat(
				this.jdbc.queryForObject("SELECT status FROM portal_user WHERE id = ?", String.class, theirs.userId()))
			.isEqualTo("ACTIVE");
	}

	private String roleOf(long userId) {
		return this.jdbc.queryForObject("SELECT role FROM portal_user WHERE id = ?", String.class, userId);
	}

	private org.springframework.test.web.servlet.ResultActions loginAttempt(String email, String password)
			throws Exception {
		return this.mvc.perform(post("/portal/login").with(csrf()).param("email", email).param("password", password));
	}

	/** The path of the link in the newest mail to {@code address}. */

}
