package com.veritrace.shared;

import java.util.List;

/** Content (an uploaded document) larger than the service accepts. */
public final class TooLargeException extends DomainException {

	public TooLargeException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

}
