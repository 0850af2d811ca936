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
	 * Adds a coarse place to an earlier scan of {@code code} (e.g. the phone's
	 * approximate area, sent after the page was shown), without counting a scan. Once per
	 * scan: {@code scan} is remembered for {@code remember}.
	 * @return the history with the place included; null when this scan already added a
	 * place or the code has no scans (nothing was changed)
	 */
	@Nullable ScanHistory addPlace(String code, String scan, String place, Instant at, Duration window, Duration remember);

	/** The history without counting a scan; null when the code was never scanned. */
	@Nullable ScanHistory peek(String code, Instant at, Duration window);

}
