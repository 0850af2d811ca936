package com.veritrace.shared;

import java.util.List;

/**
 * The caller may not do this: its organisation's kind, a missing scope or grant, (another
 * tenant's data is answered as not found instead: no existence oracle).
 */
public final class ForbiddenException extends DomainException {

	public ForbiddenException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

	public ForbiddenException(String type, String title, String detail) {
		this(type, title, detail, List.of());
	}

	/** {@code forbidden}: the caller's organisation may not do this. */
	public static ForbiddenException of(String detail) {
		return new ForbiddenException("forbidden", "Not allowed", detail);
	}

}
