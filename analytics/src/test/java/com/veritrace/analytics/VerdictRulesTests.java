package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictRulesTests {

	static final Instant FIRST = Instant.parse("2026-11-01T08:00:00Z");

	final ScanThresholds thresholds = new ScanThresholds(3, 5, Duration.ofMinutes(10), 20);

	@Test
	void firstScanOfAnActiveCodeIsGenuine() {
		assertThat(decide(CodeState.ACTIVE, false, history(1, 1, 1)).verdict()).isEqualTo(Verdict.GENUINE);
	}

	@Test
	void laterScansAreGenuineRepeatWithCountAndFirstDate() {
		Assessment a = decide(CodeState.ACTIVE, false, history(4, 2, 1));
		assertThat(a.verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(a.reason()).isEqualTo("reason.repeat");
		assertThat(a.arguments()).containsExactly(4L, FIRST);
	}

	@Test
	void unknownCodesSayNothingElse() {
		assertThat(VerdictRules.decide(CodeState.UNKNOWN, true, null, this.thresholds).verdict())
			.isEqualTo(Verdict.UNKNOWN_CODE);
		assertThat(VerdictRules.decide(CodeState.ACTIVE, false, null, this.thresholds).verdict())
			.isEqualTo(Verdict.UNKNOWN_CODE);
	}

	@Test
	void withoutAScanHistoryOnlyTheCodesStateSpeaksAndNoCountIsClaimed() {
		assertThat(VerdictRules.decideWithoutHistory(CodeState.ACTIVE, false))
			.isEqualTo(Assessment.of(Verdict.GENUINE, "reason.history-unavailable"));
		assertThat(VerdictRules.decideWithoutHistory(CodeState.ACTIVE, true).verdict()).isEqualTo(Verdict.RECALLED);
		assertThat(VerdictRules.decideWithoutHistory(CodeState.VOIDED, false).verdict()).isEqualTo(Verdict.SUSPICIOUS);
		assertThat(VerdictRules.decideWithoutHistory(CodeState.ISSUED, false).reason())
			.isEqualTo("reason.not-activated");
		assertThat(VerdictRules.decideWithoutHistory(CodeState.UNKNOWN, true).verdict())
			.isEqualTo(Verdict.UNKNOWN_CODE);
	}

	@Test
	void recallOutranksEverythingButAnUnknownCode() {
		assertThat(decide(CodeState.ACTIVE, true, history(100, 9, 9)).verdict()).isEqualTo(Verdict.RECALLED);
		assertThat(decide(CodeState.VOIDED, true, history(1, 1, 1)).verdict()).isEqualTo(Verdict.RECALLED);
	}

	@Test
	void codesNotInCirculationAreSuspicious() {
		assertThat(decide(CodeState.ISSUED, false, history(1, 1, 1)).reason()).isEqualTo("reason.not-activated");
		assertThat(decide(CodeState.VOIDED, false, history(1, 1, 1)).reason()).isEqualTo("reason.voided");
	}

	@Test
	void pageViewsAloneNeverAccuseTheyMakeTheCodeBeingChecked() {
		// the issue's flood: 53 plain GETs from one machine within seconds, no page
		// script
		Assessment flood = decide(CodeState.ACTIVE, false, history(53, 1, 53));
		assertThat(flood.verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(flood.reason()).isEqualTo("reason.checking");
		assertThat(flood.arguments()).containsExactly(53L, FIRST);
		// views from many places, many views in all: still only being checked
		assertThat(decide(CodeState.ACTIVE, false, history(5, 4, 1)).reason()).isEqualTo("reason.checking");
		assertThat(decide(CodeState.ACTIVE, false, history(21, 1, 1)).reason()).isEqualTo("reason.checking");
		assertThat(decide(CodeState.ACTIVE, false, history(20, 3, 4)).reason()).isEqualTo("reason.repeat");
	}

	@Test
	void distinctClientsInDistinctPlacesAreSuspicious() {
		// the issue's copies: 5 distinct clients in 4 cities (each on its own network)
		Assessment copies = decide(CodeState.ACTIVE, false, evidence(5, 5, 4, 4));
		assertThat(copies.verdict()).isEqualTo(Verdict.SUSPICIOUS);
		assertThat(copies.reason()).isEqualTo("reason.too-many-places");
		assertThat(copies.arguments()).containsExactly(4, 5);
		assertThat(VerdictRules.EVIDENCE_REASONS).contains(copies.reason());
		// three places are within bounds
		assertThat(decide(CodeState.ACTIVE, false, evidence(5, 4, 3, 3)).reason()).isEqualTo("reason.repeat");
	}

	@Test
	void aBurstOfManyDistinctClientsIsSuspicious() {
		Assessment burst = decide(CodeState.ACTIVE, false, evidence(5, 5, 2, 0));
		assertThat(burst.reason()).isEqualTo("reason.burst");
		assertThat(burst.arguments()).containsExactly(5, 10L);
		assertThat(decide(CodeState.ACTIVE, false, evidence(9, 4, 2, 0)).reason()).isEqualTo("reason.repeat");
	}

	@Test
	void clientsOfOneNetworkAreNotIndependentEvidence() {
		// one machine making up device cookies and phone cells: one network
		Assessment forged = decide(CodeState.ACTIVE, false, evidence(10, 10, 1, 6));
		assertThat(forged.verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(forged.reason()).isEqualTo("reason.checking");
	}

	@Test
	void aClearedCodeIsFlaggedAgainOnlyByEvidenceBeyondWhatWasCleared() {
		ScanHistory copies = evidence(5, 5, 4, 4);
		CodeReview cleared = CodeReview.cleared(5, 4);
		Assessment a = VerdictRules.decide(CodeState.ACTIVE, false, copies, this.thresholds, cleared);
		assertThat(a.verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(a.reason()).isEqualTo("reason.reviewed");
		assertThat(
				VerdictRules.decide(CodeState.ACTIVE, false, evidence(6, 5, 4, 5), this.thresholds, cleared).reason())
			.isEqualTo("reason.too-many-places");
		assertThat(
				VerdictRules.decide(CodeState.ACTIVE, false, evidence(6, 5, 4, 4), this.thresholds, cleared).reason())
			.as("a new client within the burst")
			.isEqualTo("reason.burst");
	}

	@Test
	void aConfirmedCopyStaysSuspiciousUnlessRecalledOrVoided() {
		assertThat(
				VerdictRules.decide(CodeState.ACTIVE, false, history(2, 0, 1), this.thresholds, CodeReview.CONFIRMED))
			.isEqualTo(Assessment.of(Verdict.SUSPICIOUS, "reason.confirmed-copy"));
		assertThat(VerdictRules.decide(CodeState.VOIDED, false, history(2, 0, 1), this.thresholds, CodeReview.CONFIRMED)
			.reason()).isEqualTo("reason.voided");
		assertThat(VerdictRules.decide(CodeState.ACTIVE, true, history(2, 0, 1), this.thresholds, CodeReview.CONFIRMED)
			.verdict()).isEqualTo(Verdict.RECALLED);
	}

	@Test
	void inMemoryCountersCountEachClientOnceAndOnePlacePerClient() {
		InMemoryScanCounters counters = new InMemoryScanCounters(1000);
		Duration window = Duration.ofMinutes(10);
		Duration remember = Duration.ofMinutes(5);
		assertThat(counters.confirm("c1", "s0", "seen", new ScanCounters.Confirmation("a", "n1", "Hangzhou"), FIRST,
				window, remember))
			.as("never scanned")
			.isNull();
		for (int i = 0; i < 20; i++) {
			counters.record("c1", null, FIRST.plusSeconds(i), window);
			counters.confirm("c1", "s" + i, "seen", new ScanCounters.Confirmation("a", "n1", "City" + i),
					FIRST.plusSeconds(i), window, remember);
		}
		assertThat(counters.peek("c1", FIRST.plusSeconds(20), window).evidence())
			.isEqualTo(new ScanHistory.Evidence(1, 1, 1, 1));
		assertThat(counters.confirm("c1", "s1", "seen", new ScanCounters.Confirmation("b", "n2", null),
				FIRST.plusSeconds(30), window, remember))
			.as("the same scan again")
			.isNull();
		ScanHistory h = counters.confirm("c1", "s1", "place", new ScanCounters.Confirmation("b", "n2", "Shanghai"),
				FIRST.plusSeconds(30), window, remember);
		assertThat(h.evidence()).isEqualTo(new ScanHistory.Evidence(2, 2, 2, 2));
		assertThat(counters.peek("c1", FIRST.plusSeconds(30).plus(Duration.ofMinutes(11)), window).evidence())
			.isEqualTo(new ScanHistory.Evidence(2, 0, 2, 2));
	}

	@Test
	void inMemoryCountersCountPlacesAndSlideTheWindow() {
		InMemoryScanCounters counters = new InMemoryScanCounters(1000);
		Duration window = Duration.ofMinutes(10);
		ScanHistory h = counters.record("c1", "Hangzhou", FIRST, window);
		assertThat(h).isEqualTo(new ScanHistory(1, FIRST, 1, 1));
		counters.record("c1", "Hangzhou", FIRST.plusSeconds(60), window);
		h = counters.record("c1", null, FIRST.plusSeconds(120), window);
		assertThat(h).isEqualTo(new ScanHistory(3, FIRST, 1, 3));
		h = counters.record("c1", "Shenzhen", FIRST.plus(Duration.ofMinutes(11)), window);
		// the window is [at - 10 min, at]: the scans at 1, 2 and 11 minutes
		assertThat(h).isEqualTo(new ScanHistory(4, FIRST, 2, 3));
		assertThat(counters.peek("c2", FIRST, window)).isNull();
		assertThat(counters.peek("c1", FIRST.plus(Duration.ofHours(1)), window).scansInWindow()).isZero();
	}

	private Assessment decide(CodeState state, boolean recalled, ScanHistory history) {
		return VerdictRules.decide(state, recalled, history, this.thresholds);
	}

	private static ScanHistory history(long scans, int places, int inWindow) {
		return new ScanHistory(scans, FIRST, places, inWindow);
	}

	/** A history of some page views and this evidence. */
	private static ScanHistory evidence(int clients, int clientsInWindow, int networks, int places) {
		return new ScanHistory(clients + 1, FIRST, 0, 1,
				new ScanHistory.Evidence(clients, clientsInWindow, networks, places));
	}

}
