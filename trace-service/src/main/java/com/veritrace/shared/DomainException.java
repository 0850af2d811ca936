package com.veritrace.shared;

import java.util.List;

/**
 * A request a service refuses: a stable problem type slug (documented in docs/API.md), a
 * short title, the detail (the message) and what was wrong, field by field. No HTTP here:
 * which status each kind answers is decided in one place,
 * {@code web.ProblemDetailsAdvice}.
 */
public abstract sealed class DomainException extends RuntimeException
		permits NotFoundException, ConflictException, ForbiddenException, InvalidException, TooLargeException,
		UnsupportedTypeException, UnavailableException, IntegrityFailureException, NotAcceptableException {

	private final String type;

	private final String title;

	private final List<FieldProblem> errors;

	DomainException(String type, String title, String detail, List<FieldProblem> errors) {
		super(detail);
		this.type = type;
		this.title = title;
		this.errors = List.copyOf(errors);
	}

	/** The problem type slug, e.g. {@code not-found}. */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return String.valueOf(getMessage());
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

}
