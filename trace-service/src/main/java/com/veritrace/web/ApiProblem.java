package com.veritrace.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Base of every client-caused failure: carries the HTTP status, a stable problem type slug
 * and the list of what was wrong. {@link ProblemDetailsAdvice} turns it into RFC 9457
 * problem details.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final List<FieldProblem> errors;

	public ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
		this.errors = List.copyOf(errors);
	}

	public ApiProblem(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, List.of());
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	/** 400: the request is well-formed but its content is invalid. */
	public static ApiProblem invalid(List<FieldProblem> errors) {
		String detail = errors.size() == 1 ? errors.get(0).reason()
				: errors.size() + " problems found in the request";
		return new ApiProblem(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors);
	}

	public static ApiProblem invalid(String field, String reason) {
		return invalid(List.of(new FieldProblem(field, reason)));
	}

	/** 404: the named thing does not exist. */
	public static ApiProblem notFound(String what, String detail) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found", detail);
	}

	/** 409: the request conflicts with what is stored. */
	public static ApiProblem conflict(String detail, String field) {
		return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail,
				List.of(new FieldProblem(field, detail)));
	}

	/** 403: the thing exists but belongs to another organisation. */
	public static ApiProblem crossTenant(String detail) {
		return new ApiProblem(HttpStatus.FORBIDDEN, "cross-tenant", "Belongs to another organisation", detail);
	}

	/** 403: the caller's organisation may not do this. */
	public static ApiProblem forbidden(String detail) {
		return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
	}

}
