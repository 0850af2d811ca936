package com.veritrace.analytics;

import org.jspecify.annotations.Nullable;

/**
 * The authenticity verdict of one scan. Pure: the same inputs give the same verdict, so
 * the rules are tested without servers. Order matters: an unknown code says nothing else;
 * a recall outranks every other news; a code not in circulation is suspicious whatever
 * its scans.
 */
public final class VerdictRules {

	private VerdictRules() {
	}

	/**
	 * @param history the code's scans including this one; null for an unknown code (not
	 * counted)
	 */
	public static Assessment decide(CodeState state, boolean lotRecalled, @Nullable ScanHistory history,
			ScanThresholds thresholds) {
		if (history == null) {
			return Assessment.of(Verdict.UNKNOWN_CODE, "reason.unknown");
		}
		Assessment byState = byState(state, lotRecalled);
		if (byState != null) {
			return byState;
		}
		if (history.distinctPlaces() > thresholds.maxDistinctPlaces()) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.too-many-places", history.distinctPlaces(),
					history.scans());
		}
		if (history.scansInWindow() >= thresholds.burstScans()) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.burst", history.scansInWindow(),
					thresholds.burstWindow().toMinutes());
		}
		if (history.scans() > thresholds.maxTotalScans()) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.too-many-scans", history.scans());
		}
		if (history.scans() == 1) {
			return Assessment.of(Verdict.GENUINE, "reason.first-scan");
		}
		return Assessment.of(Verdict.GENUINE_REPEAT, "reason.repeat", history.scans(), history.firstScanAt());
	}

	/**
	 * The verdict when the code's scan history cannot be read (the counters' store is
	 * down): what the code's state alone says, and an active code is GENUINE with a
	 * reason that says its scans could not be checked, never GENUINE_REPEAT or a count it
	 * does not know.
	 */
	public static Assessment decideWithoutHistory(CodeState state, boolean lotRecalled) {
		Assessment byState = byState(state, lotRecalled);
		return byState != null ? byState : Assessment.of(Verdict.GENUINE, "reason.history-unavailable");
	}

	/**
	 * What the code's state and its lot say before any scan counts, or null when they say
	 * nothing.
	 */
	private static @Nullable Assessment byState(CodeState state, boolean lotRecalled) {
		if (state == CodeState.UNKNOWN) {
			return Assessment.of(Verdict.UNKNOWN_CODE, "reason.unknown");
		}
		if (lotRecalled) {
			return Assessment.of(Verdict.RECALLED, "reason.recalled");
		}
		if (state == CodeState.VOIDED) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.voided");
		}
		if (state == CodeState.ISSUED) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.not-activated");
		}
		return null;
	}

}
