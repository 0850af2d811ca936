package com.veritrace.shared;

import java.util.List;

/**
 * The request asks for an answer the service cannot give (a version range it does not
 * support, a representation it cannot produce).
 */
public final class NotAcceptableException extends DomainException {

	public NotAcceptableException(String type, String title, String detail, List<FieldProblem> errors) {
		super(type, title, detail, errors);
	}

}
