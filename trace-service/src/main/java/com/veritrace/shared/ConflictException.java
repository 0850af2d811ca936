package com.veritrace.shared;

import java.util.List;

/**
 * The request conflicts with what is stored (a duplicate, a state that does not allow it,
 * exhausted serials).
 */
public final class ConflictException extends DomainException {

	public ConflictException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

	public ConflictException(String type, String title, String detail) {
		this(type, title, detail, List.of());
	}

	/** {@code conflict}, naming the field that conflicts. */
	public static ConflictException of(String detail, String field) {
		return new ConflictException("conflict", "Conflict", detail, List.of(new FieldProblem(field, detail)));
	}

}
