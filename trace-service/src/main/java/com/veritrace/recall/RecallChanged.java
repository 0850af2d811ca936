package com.veritrace.recall;

/**
 * A recall was issued, amended or moved on: published in the recall's transaction (kept
 * in the event publication registry), so that its effects after the commit (partners'
 * notices, progress) happen even when the node crashes right after the commit: the
 * publication is completed only when the listener has run, and republished on restart.
 *
 * @param recallId the recall
 * @param version its version after the change
 * @param change what happened
 */
public record RecallChanged(String recallId, int version, Change change) {

	public enum Change {

		ISSUED, AMENDED, IN_PROGRESS, CLOSED

	}

}
