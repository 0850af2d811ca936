package com.veritrace.shared;

import java.util.List;

/** Content (an uploaded document) of a type the service does not accept. */
public final class UnsupportedTypeException extends DomainException {

	public UnsupportedTypeException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

}
