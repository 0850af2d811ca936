package com.veritrace.tenancy;

import com.veritrace.web.ContentSecurityPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Three chains (the portal's is in {@code portal}): the REST API under {@code /api/**}
 * (stateless, API keys, no CSRF since no cookies are used), operations under
 * {@code /actuator/**} (health public, the rest the platform operator's key) and
 * everything else (public pages, docs).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Public API endpoints: they reveal nothing tenant-specific. */
	static final String[] PUBLIC_API = { "/api/v1/epcis/event-hashes", "/api/v1/proofs/**", "/api/v1/digital-link",
			"/api/v1/rfid/**", "/api/v1/log/**" };

	/** Public POST endpoints whose own token is their CSRF defence. */
	static final String SCAN_PLACE = "/h5/scans/place";

	/** The scan page's confirmation, whose token is its CSRF defence likewise. */
	static final String SCAN_SEEN = "/h5/scans/seen";

	@Bean
	@Order(1)
	SecurityFilterChain apiChain(HttpSecurity http, ApiKeyService keys, ProblemResponses problems) throws Exception {
		http.securityMatcher("/api/**")
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.anonymous(anonymous -> anonymous.disable())
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(auth -> auth.requestMatchers(PUBLIC_API).permitAll().anyRequest().authenticated())
			.exceptionHandling(ex -> ex
				.authenticationEntryPoint((request, response, e) -> problems.unauthorized(response,
						"This endpoint needs an API key: send 'Authorization: Bearer <API key>'"))
				.accessDeniedHandler((request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
						"forbidden", "Not allowed", "This API key may not do this")));
		return http.build();
	}

	/**
	 * Operations: health is public (load balancers, orchestrators); info, metrics and
	 * anything else the operator exposes need the platform operator's key ({@code admin}
	 * scope). With {@code management.server.port} set they move to a port of their own as
	 * well.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain managementChain(HttpSecurity http, ApiKeyService keys, ProblemResponses problems)
			throws Exception {
		http.securityMatcher("/actuator/**")
			.csrf(csrf -> csrf.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.anonymous(anonymous -> anonymous.disable())
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyRequest()
				.hasAuthority("SCOPE_" + Scope.ADMIN.wire()))
			.exceptionHandling(ex -> ex
				.authenticationEntryPoint((request, response, e) -> problems.unauthorized(response,
						"Operational endpoints need the platform operator's key: send 'Authorization: Bearer <key>'"))
				.accessDeniedHandler((request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
						"forbidden", "Not allowed", "Operational endpoints need a key with the 'admin' scope")));
		return http.build();
	}

	@Bean
	@Order(10)
	SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
		// the scan page's place: no cookie or session authenticates it, so a cross-site
		// request has no
		// ambient authority to abuse; what it needs is a signed, short-lived, single-use
		// token bound to one
		// scan, which only the page that scan produced holds (docs/DECISIONS.md,
		// "Consumer scan page")
		http.csrf(csrf -> csrf.ignoringRequestMatchers(SCAN_PLACE, SCAN_SEEN))
			.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
			.headers(
					headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.PAGES)));
		return http.build();
	}

}
