package com.veritrace.tenancy;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>}. A request without the header passes
 * on unauthenticated (public endpoints; the entry point answers 401 elsewhere); a header
 * that is malformed or names an unknown or revoked key is answered 401 at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final ApiKeyService keys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeyService keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			this.problems.unauthorized(response, "The Authorization header must be 'Bearer <API key>'");
			return;
		}
		Optional<Caller> caller = this.keys.authenticate(header.substring(7).strip());
		if (caller.isEmpty()) {
			this.problems.unauthorized(response, "The API key is unknown, has expired or has been revoked");
			return;
		}
		this.keys.recordUse(caller.get().apiKeyId());
		SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller.get()));
		MDC.put("tenant", String.valueOf(caller.get().organisationId()));
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("tenant");
		}
	}

	static final class CallerAuthentication extends AbstractAuthenticationToken {

		private final Caller caller;

		CallerAuthentication(Caller caller) {
			super(caller.scopes().stream().map(s -> new SimpleGrantedAuthority("SCOPE_" + s.wire())).toList());
			this.caller = caller;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Caller getPrincipal() {
			return this.caller;
		}

		@Override
		public String getName() {
			return "org-" + this.caller.organisationId() + "/key-" + this.caller.apiKeyId();
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof CallerAuthentication that && that.caller.equals(this.caller);
		}

		@Override
		public int hashCode() {
			return this.caller.hashCode();
		}

	}

}
