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
	void tooManyPlacesTooManyScansInAShortTimeOrInAllAreSuspicious() {
		assertThat(decide(CodeState.ACTIVE, false, history(4, 3, 1)).verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(decide(CodeState.ACTIVE, false, history(5, 4, 1)).reason()).isEqualTo("reason.too-many-places");
		assertThat(decide(CodeState.ACTIVE, false, history(4, 1, 4)).verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(decide(CodeState.ACTIVE, false, history(5, 1, 5)).reason()).isEqualTo("reason.burst");
		assertThat(decide(CodeState.ACTIVE, false, history(20, 1, 1)).verdict()).isEqualTo(Verdict.GENUINE_REPEAT);
		assertThat(decide(CodeState.ACTIVE, false, history(21, 1, 1)).reason()).isEqualTo("reason.too-many-scans");
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

}
