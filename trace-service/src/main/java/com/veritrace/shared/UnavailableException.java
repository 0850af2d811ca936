package com.veritrace.shared;

import java.util.List;

/**
 * Not possible just now (a store that cannot be reached, a full queue); the same request
 * may succeed later.
 */
public final class UnavailableException extends DomainException {

	public UnavailableException(String type, String title, String detail) {
		super(type, title, detail, List.of());
	}

}
