package com.veritrace.support;

import jakarta.servlet.http.Cookie;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * People in the portal for MockMvc tests: a user with a role in an organisation, logged
 * in through the real login form; their session is the cookie the login set (Spring
 * Session, in the database).
 */
public final class Portal {

	public static final String PASSWORD = "correct horse battery staple";

	private final MockMvc mvc;

	private final AccountService accounts;

	public Portal(MockMvc mvc, AccountService accounts) {
		this.mvc = mvc;
		this.accounts = accounts;
	}

	/** A person logged in to the portal. */
	public record Person(long userId, String email, Cookie session) {

		/** The request as this person's browser sends it: their session cookie. */
		public MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request) {
			return request.cookie(this.session);
		}

		/**
		 * A form post as this person's browser sends it: session cookie and CSRF token.
		 */
		public MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request) {
			return request.cookie(this.session).with(csrf());
		}

	}

	/** A new active user of {@code organisationId} with {@code role}, logged in. */
	public Person login(long organisationId, Role role) throws Exception {
		String email = role.name().toLowerCase(java.util.Locale.ROOT) + "-" + Long.toHexString(System.nanoTime())
				+ "@test.example";
		long id = this.accounts.ensureUser(organisationId, email, "Test " + role, role, PASSWORD).getId();
		return new Person(id, email, login(email, PASSWORD));
	}

	/** Logs in with the form; the session cookie it set. */
	public Cookie login(String email, String password) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/portal/login").param("email", email).param("password", password).with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getRedirectedUrl()).as("login of " + email).endsWith("/portal");
		String value = null;
		for (String header : result.getResponse().getHeaders("Set-Cookie")) {
			if (header.startsWith("VT_SESSION=")) {
				value = header.substring("VT_SESSION=".length(), header.indexOf(';'));
			}
		}
		assertThat(value).as("session cookie set by the login").isNotBlank();
		return new Cookie("VT_SESSION", value);
	}

}
