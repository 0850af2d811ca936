package com.veritrace.events;

/**
 * The MAC each {@code trace_event} row carries, computed as the row is written. The
 * anchoring module provides it (its key, its check): the anchor leader appends only rows
 * whose MAC verifies, so a row inserted directly into the database is never anchored. A
 * port, so that storing events does not depend on anchoring.
 */
public interface RowMac {

	/** The MAC of one event row. */
	byte[] of(byte[] eventHash, String hashAlgorithm, long reporterId, long recordTimeMs);

}
