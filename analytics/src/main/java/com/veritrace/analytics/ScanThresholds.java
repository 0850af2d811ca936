package com.veritrace.analytics;

import java.time.Duration;

/**
 * When repeat scans become suspicious. Counterfeiters copy real labels, so one code
 * scanned in many places, very often in a short time, or more often than an item is ever
 * looked at, is a copied code.
 *
 * @param maxDistinctPlaces distinct coarse places (e.g. cities) before SUSPICIOUS
 * @param burstScans scans within {@code burstWindow} before SUSPICIOUS
 * @param burstWindow the window of {@code burstScans}
 * @param maxTotalScans scans over the code's life before SUSPICIOUS
 */
public record ScanThresholds(int maxDistinctPlaces, int burstScans, Duration burstWindow, int maxTotalScans) {

	public ScanThresholds {
		if (maxDistinctPlaces < 1 || burstScans < 2 || burstScans >= ScanCounters.MAX_RECENT || burstWindow.isNegative()
				|| burstWindow.isZero() || maxTotalScans < 1) {
			throw new IllegalArgumentException("scan thresholds out of range: " + maxDistinctPlaces + ", " + burstScans
					+ " in " + burstWindow + ", " + maxTotalScans);
		}
	}

	/** Defaults for consumer goods: 3 places, 10 scans in 10 minutes, 50 scans in all. */
	public static ScanThresholds defaults() {
		return new ScanThresholds(3, 10, Duration.ofMinutes(10), 50);
	}

}
