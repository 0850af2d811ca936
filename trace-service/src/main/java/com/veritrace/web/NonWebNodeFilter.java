package com.veritrace.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.NodeRoles;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a node without the {@code web} role ({@code veritrace.roles}): only
 * {@code /actuator} and below are served (health probes, info, metrics); every other path
 * (the API, the portal, the scan page) is a 404 problem, before security or any limit.
 * The node still binds its port, for the probes. Does nothing on a web node. Runs right
 * after {@link RequestPathFilter}, so the path it judges is in canonical form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class NonWebNodeFilter extends OncePerRequestFilter {

	private final boolean web;

	private final String roles;

	private final JsonMapper json;

	NonWebNodeFilter(NodeRoles roles, JsonMapper json) {
		this.web = roles.has(NodeRoles.Role.WEB);
		this.roles = String.join(",", roles.names());
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (this.web) {
			return true;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/actuator") || path.startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		String detail = "This node (veritrace.roles=" + this.roles
				+ ") does not serve the API, the portal or the scan page; only /actuator";
		this.json.writeValue(response.getOutputStream(),
				Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, List.of()));
	}

}
