package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Per-code scan counters: counts, first scan, distinct places, recent scans. Atomic per call,
 * shared by every web node in production (Redis), in-process in the embedded default.
 */
public interface ScanCounters {

	/**
	 * Recent scans remembered per code: the recent count saturates here, so that a flood of scans of
	 * one code cannot grow its record without bound. Burst thresholds must stay below it.
	 */
	int MAX_RECENT = 1024;

	/**
	 * Counts a scan of {@code code} and answers the history including it.
	 * @param place a coarse place (e.g. a city or region code), or null when unknown
	 */
	ScanHistory record(String code, @Nullable String place, Instant at, Duration window);

	/** The history without counting a scan; null when the code was never scanned. */
	@Nullable ScanHistory peek(String code, Instant at, Duration window);

}
