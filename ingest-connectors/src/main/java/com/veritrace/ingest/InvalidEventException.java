package com.veritrace.ingest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A capture document or event violates EPCIS 2.0 / CBV 2.0; carries every violation
 * found, not just the first.
 */
public class InvalidEventException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<Violation> violations;

	public InvalidEventException(List<Violation> violations) {
		super(message(violations));
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("an InvalidEventException needs at least one violation");
		}
		this.violations = List.copyOf(violations);
	}

	public List<Violation> violations() {
		return this.violations;
	}

	private static String message(List<Violation> violations) {
		String head = violations.size() + " violation" + (violations.size() == 1 ? "" : "s") + ": ";
		return head + violations.stream().limit(10).map(Violation::toString).collect(Collectors.joining("; "))
				+ (violations.size() > 10 ? "; …" : "");
	}

}
