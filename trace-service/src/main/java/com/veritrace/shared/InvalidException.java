package com.veritrace.shared;

import java.util.List;

/**
 * The request is well-formed but its content is invalid: {@code validation}, with every
 * field found wrong.
 */
public final class InvalidException extends DomainException {

	private InvalidException(String type, String title, List<FieldProblem> errors) {
		super(type, title,
				errors.size() == 1 ? errors.get(0).reason() : errors.size() + " problems found in the request", errors);
	}

	private InvalidException(List<FieldProblem> errors) {
		this("validation", "Invalid request", errors);
	}

	/**
	 * A refusal with a problem type of its own, e.g. EPCIS's
	 * {@code epcisException:QueryParameterException} (an absolute URI, kept as it is).
	 */
	public static InvalidException of(String type, String title, List<FieldProblem> errors) {
		return new InvalidException(type, title, errors);
	}

	public static InvalidException of(List<FieldProblem> errors) {
		return new InvalidException(errors);
	}

	public static InvalidException of(String field, String reason) {
		return of(List.of(new FieldProblem(field, reason)));
	}

}
