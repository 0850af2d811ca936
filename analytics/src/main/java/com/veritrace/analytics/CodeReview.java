package com.veritrace.analytics;

/**
 * What the brand decided about a code flagged as copied: nothing yet, cleared (the
 * evidence seen until then was innocent: only more evidence flags it again) or confirmed
 * a copy.
 *
 * @param clients confirmed clients when it was cleared
 * @param places distinct places of confirmed clients when it was cleared
 */
public record CodeReview(Decision decision, int clients, int places) {

	public static final CodeReview NONE = new CodeReview(Decision.NONE, 0, 0);

	public static final CodeReview CONFIRMED = new CodeReview(Decision.CONFIRMED, 0, 0);

	public static CodeReview cleared(int clients, int places) {
		return new CodeReview(Decision.CLEARED, clients, places);
	}

	public enum Decision {

		NONE, CLEARED, CONFIRMED

	}

}
