package com.veritrace.web;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First of all filters: refuses, with 400 problem details, a request whose path Spring
 * Security's firewall would refuse (dot segments, {@code //}, encoded slashes,
 * backslashes, periods or percent signs, semicolons, non-printable characters), before
 * any limit looks at it; the limits after it judge the decoded path of
 * {@link RequestPaths}. The same {@link StrictHttpFirewall} rules as the security filter
 * chain, applied earlier, so that no variant of a path can reach a limit in one form and
 * the router in another.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestPathFilter extends OncePerRequestFilter {

	/**
	 * An EPCIS resource's path with its identifier (and {@code /events} after it): the
	 * raw request URI, the identifier one segment.
	 */
	static final Pattern IDENTIFIER = Pattern.compile(
			"/api/v1/epcis/(epcs|bizLocations|readPoints|bizSteps|dispositions|eventTypes|events)/[^/]+(/events)?");

	private final StrictHttpFirewall firewall = new StrictHttpFirewall();

	private final StrictHttpFirewall identifiers = encodedSlashes();

	private final JsonMapper json;

	RequestPathFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			String uri = request.getRequestURI().substring(request.getContextPath().length());
			(IDENTIFIER.matcher(uri).matches() ? this.identifiers : this.firewall).getFirewalledRequest(request);
		}
		catch (RequestRejectedException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			String detail = "The request path is not in canonical form: " + ex.getMessage();
			this.json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.BAD_REQUEST, "bad-path",
					"Request path refused", detail, List.of(new FieldProblem("path", detail))));
			return;
		}
		RequestPaths.routed(request);
		chain.doFilter(request, response);
	}

	/**
	 * The firewall's rules with encoded slashes allowed, and so percent signs in the path
	 * as Tomcat decodes it (it leaves {@code %2F} as it is): the security filter chain's
	 * own firewall too (Spring Security takes the {@code HttpFirewall} bean), as this
	 * filter has already refused them wherever they are not allowed.
	 */
	static StrictHttpFirewall encodedSlashes() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		firewall.setAllowUrlEncodedDoubleSlash(true);
		firewall.setAllowUrlEncodedPercent(true);
		return firewall;
	}

}
