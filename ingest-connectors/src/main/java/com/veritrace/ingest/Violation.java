package com.veritrace.ingest;

/**
 * One problem found in a capture document.
 *
 * @param pointer JSON Pointer (RFC 6901) to the offending member, e.g.
 * {@code /epcisBody/eventList/2/eventTime}; {@code ""} for the whole document
 * @param reason what is wrong, in English
 */
public record Violation(String pointer, String reason) {

	@Override
	public String toString() {
		return (this.pointer.isEmpty() ? "/" : this.pointer) + ": " + this.reason;
	}

}
