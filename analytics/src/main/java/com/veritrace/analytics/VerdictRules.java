package com.veritrace.analytics;

import java.util.Set;

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

	/** Why a code is SUSPICIOUS by the evidence of its scans (not by its state). */
	public static final Set<String> EVIDENCE_REASONS = Set.of("reason.too-many-places", "reason.burst");

	/**
	 * @param history the code's scans including this one; null for an unknown code (not
	 * counted)
	 */
	public static Assessment decide(CodeState state, boolean lotRecalled, @Nullable ScanHistory history,
			ScanThresholds thresholds) {
		return decide(state, lotRecalled, history, thresholds, CodeReview.NONE);
	}

	/**
	 * SUSPICIOUS by scans needs independent evidence: confirmed clients from at least two
	 * networks, and either more distinct places (one per client) than
	 * {@code maxDistinctPlaces} or {@code burstClients} distinct clients within the burst
	 * window. Page views past the thresholds without that evidence make the page say the
	 * code is being checked (GENUINE_REPEAT), never that it is a copy. A code the brand
	 * cleared is flagged again only by evidence beyond what it cleared; a confirmed copy
	 * stays SUSPICIOUS.
	 * @param history the code's scans including this one; null for an unknown code (not
	 * counted)
	 */
	public static Assessment decide(CodeState state, boolean lotRecalled, @Nullable ScanHistory history,
			ScanThresholds thresholds, CodeReview review) {
		if (history == null) {
			return Assessment.of(Verdict.UNKNOWN_CODE, "reason.unknown");
		}
		Assessment byState = byState(state, lotRecalled);
		if (byState != null) {
			return byState;
		}
		if (review.decision() == CodeReview.Decision.CONFIRMED) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.confirmed-copy");
		}
		Assessment byEvidence = byEvidence(history.evidence(), thresholds, review);
		if (byEvidence != null) {
			return byEvidence;
		}
		if (history.scans() == 1) {
			return Assessment.of(Verdict.GENUINE, "reason.first-scan");
		}
		if (review.decision() == CodeReview.Decision.CLEARED) {
			return Assessment.of(Verdict.GENUINE_REPEAT, "reason.reviewed", history.scans(), history.firstScanAt());
		}
		if (weak(history, thresholds)) {
			return Assessment.of(Verdict.GENUINE_REPEAT, "reason.checking", history.scans(), history.firstScanAt());
		}
		return Assessment.of(Verdict.GENUINE_REPEAT, "reason.repeat", history.scans(), history.firstScanAt());
	}

	private static @Nullable Assessment byEvidence(ScanHistory.Evidence e, ScanThresholds thresholds,
			CodeReview review) {
		if (e.networks() < 2) {
			return null; // one network (one machine, one office) is not independent
							// evidence
		}
		boolean cleared = review.decision() == CodeReview.Decision.CLEARED;
		if (e.places() > thresholds.maxDistinctPlaces() && (!cleared || e.places() > review.places())) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.too-many-places", e.places(), e.clients());
		}
		if (e.clientsInWindow() >= thresholds.burstClients() && (!cleared || e.clients() > review.clients())) {
			return Assessment.of(Verdict.SUSPICIOUS, "reason.burst", e.clientsInWindow(),
					thresholds.burstWindow().toMinutes());
		}
		return null;
	}

	/** Page views (or clients of one network) past a threshold: worth a look, no more. */
	private static boolean weak(ScanHistory h, ScanThresholds t) {
		ScanHistory.Evidence e = h.evidence();
		return h.distinctPlaces() > t.maxDistinctPlaces() || h.scansInWindow() >= t.burstClients()
				|| h.scans() > t.maxTotalScans() || e.places() > t.maxDistinctPlaces()
				|| e.clientsInWindow() >= t.burstClients();
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
