package com.veritrace.shared;

import java.util.List;

/**
 * The request is well-formed but its content is invalid: {@code validation}, with every
 * field found wrong.
 */
public final class InvalidException extends DomainException {

	private InvalidException(List<FieldProblem> errors) {
		super("validation", "Invalid request",
				errors.size() == 1 ? errors.get(0).reason() : errors.size() + " problems found in the request", errors);
	}

	public static InvalidException of(List<FieldProblem> errors) {
		return new InvalidException(errors);
	}

	public static InvalidException of(String field, String reason) {
		return of(List.of(new FieldProblem(field, reason)));
	}

}
