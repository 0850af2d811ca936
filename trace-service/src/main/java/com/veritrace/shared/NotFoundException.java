package com.veritrace.shared;

import java.util.List;

/** The named thing does not exist (or is not visible to the caller). */
public final class NotFoundException extends DomainException {

	public NotFoundException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

	public NotFoundException(String type, String title, String detail) {
		this(type, title, detail, List.of());
	}

	/** {@code not-found}, titled "{@code <what>} not found". */
	public static NotFoundException of(String what, String detail) {
		return new NotFoundException("not-found", what + " not found", detail);
	}

}
