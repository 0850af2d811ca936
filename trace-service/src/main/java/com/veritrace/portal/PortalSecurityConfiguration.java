package com.veritrace.portal;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.MDC;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.PortalAuthenticationProvider;
import com.veritrace.accounts.PortalLogin;
import com.veritrace.tenancy.Caller;
import com.veritrace.web.ContentSecurityPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The portal's chain: form login at {@code /portal/login}, sessions (in the database,
 * shared by web nodes), CSRF tokens on every form, the pages' strict CSP. What a person
 * may do is decided by the services from the scopes of their role, read again at every
 * request.
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurityConfiguration {

	static final String[] OPEN = { "/portal/login", "/portal/invitations/**", "/portal/password-reset",
			"/portal/password-reset/**", "/portal/css/**", "/portal/js/**", "/portal/img/**", "/portal/denied" };

	@Bean
	@Order(3)
	SecurityFilterChain portalChain(HttpSecurity http, PortalAuthenticationProvider provider, AccountService accounts)
			throws Exception {
		http.securityMatcher("/portal", "/portal/**")
			.authenticationManager(new ProviderManager(provider))
			.formLogin(form -> form.loginPage("/portal/login")
				.usernameParameter("email")
				.passwordParameter("password")
				.authenticationDetailsSource(PortalAuthenticationProvider.DETAILS)
				.defaultSuccessUrl("/portal", false)
				.failureHandler(failureHandler())
				.permitAll())
			.logout(logout -> logout.logoutUrl("/portal/logout").logoutSuccessUrl("/portal/login?loggedOut"))
			.authorizeHttpRequests(auth -> auth.requestMatchers(OPEN).permitAll().anyRequest().authenticated())
			.exceptionHandling(ex -> ex.accessDeniedPage("/portal/denied"))
			.addFilterBefore(new PersonFilter(accounts), AuthorizationFilter.class)
			.headers(
					headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.PAGES)));
		return http.build();
	}

	/** Back to the form with what went wrong (never which of e-mail and password). */
	private static AuthenticationFailureHandler failureHandler() {
		return (request, response, exception) -> {
			String reason = exception instanceof LockedException ? "locked"
					: exception instanceof PortalAuthenticationProvider.CodeNeededException ? "code" : "bad";
			response.sendRedirect(request.getContextPath() + "/portal/login?error=" + reason);
		};
	}

	/**
	 * Turns the session's {@link PortalLogin} into the person's {@link Caller} as they
	 * are now, for this request only (nothing is written back to the session). A person
	 * removed since is logged out; one whose organisation now requires a second factor is
	 * sent to set it up first.
	 */
	static final class PersonFilter extends OncePerRequestFilter {

		private final AccountService accounts;

		PersonFilter(AccountService accounts) {
			this.accounts = accounts;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication == null || !(authentication.getPrincipal() instanceof PortalLogin login)) {
				chain.doFilter(request, response);
				return;
			}
			Optional<AccountService.Person> person = this.accounts.person(login.userId());
			if (person.isEmpty()) {
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				SecurityContextHolder.clearContext();
				response.sendRedirect(request.getContextPath() + "/portal/login?gone");
				return;
			}
			AccountService.Person p = person.get();
			SecurityContextHolder.setContext(new SecurityContextImpl(new PersonAuthentication(p, authentication)));
			request.setAttribute(PortalModel.PERSON, p);
			String path = request.getRequestURI().substring(request.getContextPath().length());
			if (p.totpMissing() && !path.startsWith("/portal/profile") && !path.equals("/portal/logout")
					&& !OPEN_PATH.matcher(path).matches()) {
				response.sendRedirect(request.getContextPath() + "/portal/profile?totpRequired");
				return;
			}
			MDC.put("tenant", String.valueOf(p.organisation().getId()));
			try {
				chain.doFilter(request, response);
			}
			finally {
				MDC.remove("tenant");
			}
		}

		private static final java.util.regex.Pattern OPEN_PATH = java.util.regex.Pattern
			.compile("^/portal/(css|js|img)/.*");

	}

	/** A person for one request: their caller, and the authorities of their scopes. */
	static final class PersonAuthentication extends AbstractAuthenticationToken {

		private final AccountService.Person person;

		private final Authentication login;

		PersonAuthentication(AccountService.Person person, Authentication login) {
			super(person.caller().scopes().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s.wire())).toList());
			this.person = person;
			this.login = login;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Caller getPrincipal() {
			return this.person.caller();
		}

		@Override
		public String getName() {
			return this.login.getName();
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof PersonAuthentication that && that.person.caller().equals(this.person.caller());
		}

		@Override
		public int hashCode() {
			return this.person.caller().hashCode();
		}

	}

}
