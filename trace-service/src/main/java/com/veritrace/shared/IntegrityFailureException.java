package com.veritrace.shared;

import java.util.List;

/**
 * Stored data failed its integrity check and is withheld: the platform's failure, not the
 * caller's (the operator is alerted where it is detected).
 */
public final class IntegrityFailureException extends DomainException {

	public IntegrityFailureException(String type, String title, String detail) {
		super(type, title, detail, List.of());
	}

}
