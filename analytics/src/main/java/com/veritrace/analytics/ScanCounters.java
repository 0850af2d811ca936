package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Per-code scan counters: counts, first scan, distinct places, recent scans. Atomic per
 * call, shared by every web node in production (Redis), in-process in the embedded
 * default.
 */
public interface ScanCounters {

	/**
	 * Recent scans remembered per code: the recent count saturates here, so that a flood
	 * of scans of one code cannot grow its record without bound. Burst thresholds must
	 * stay below it.
	 */
	int MAX_RECENT = 1024;

	/**
	 * Distinct places remembered per code: more do not change a verdict, and a flood
	 * cannot grow the set.
	 */
	int MAX_PLACES = 64;

	/**
	 * Counts a scan of {@code code} and answers the history including it.
	 * @param place a coarse place (e.g. a city or region code), or null when unknown
	 */
	ScanHistory record(String code, @Nullable String place, Instant at, Duration window);

	/**
	 * Confirmed clients remembered per code (the oldest confirmation goes first), and
	 * networks: more do not change a verdict, and a flood cannot grow the sets.
	 */
	int MAX_CLIENTS = 1024;

	/**
	 * Counts the page script's confirmation of an earlier scan of {@code code}, without
	 * counting a scan: the client (and its network) among the code's confirmed clients,
	 * and its place, when given, as the client's place unless the client has one already
	 * (so each client adds at most one place). Once per scan and {@code kind}
	 * ({@code seen}: the page ran; {@code place}: the phone's approximate area): the scan
	 * is remembered for {@code remember}.
	 * @param place a coarse place (a trusted edge's region, the phone's cell), or null
	 * @return the history with the confirmation included; null when this scan was
	 * confirmed already for this kind or the code has no scans (nothing was changed)
	 */
	@Nullable ScanHistory confirm(String code, String scan, String kind, Confirmation confirmation, Instant at, Duration window,
			Duration remember);

	/**
	 * Who confirmed a scan: opaque keys of the client and its network, and a place or
	 * null.
	 */
	record Confirmation(String client, String network, @Nullable String place) {
	}

	/** The history without counting a scan; null when the code was never scanned. */
	@Nullable ScanHistory peek(String code, Instant at, Duration window);

	/**
	 * Counts, late, a scan made at {@code at} that could not be counted then (the
	 * counters were down), once per {@code once}: a second call with the same key, from
	 * any node, changes nothing. The in-memory counters never fail, so nothing is ever
	 * counted late there; this default just counts.
	 * @param once names the late count (e.g. the scan log's note of it)
	 * @return false when it was counted already
	 */
	default boolean recordLate(String code, @Nullable String place, Instant at, Duration window, String once) {
		record(code, place, at, window);
		return true;
	}

}
