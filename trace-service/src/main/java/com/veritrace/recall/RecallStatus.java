package com.veritrace.recall;

/**
 * Where a recall stands: ISSUED when ordered, IN_PROGRESS once work on it has started (a
 * partner acknowledged it, removal began, or its initiator said so), CLOSED by its
 * initiator or a regulator with a closing note. Only forward.
 */
public enum RecallStatus {

	ISSUED, IN_PROGRESS, CLOSED

}
