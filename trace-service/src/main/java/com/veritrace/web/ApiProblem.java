package com.veritrace.web;

import java.util.List;

import com.veritrace.shared.FieldProblem;
import org.springframework.http.HttpStatus;

/**
 * A problem only the web layer detects (a malformed body, an unsupported method or media
 * type): the HTTP status, a stable problem type slug and the list of what was wrong.
 * Services throw the domain exceptions of {@code com.veritrace.shared} instead;
 * {@link ProblemDetailsAdvice} maps both.
 */
final class ApiProblem {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final String detail;

	private final List<FieldProblem> errors;

	ApiProblem(HttpStatus status, String type, String title, String detail, List<FieldProblem> errors) {
		this.status = status;
		this.type = type;
		this.title = title;
		this.detail = detail;
		this.errors = List.copyOf(errors);
	}

	ApiProblem(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, List.of());
	}

	HttpStatus status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

	String title() {
		return this.title;
	}

	String detail() {
		return this.detail;
	}

	List<FieldProblem> errors() {
		return this.errors;
	}

}
