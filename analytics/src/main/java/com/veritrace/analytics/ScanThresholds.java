package com.veritrace.analytics;

import java.time.Duration;

/**
 * When a code's scans become suspicious. Counterfeiters copy real labels, so one code
 * confirmed by distinct clients in many places, or by many distinct clients in a short
 * time, is a copied code. Page views alone (which one machine can multiply) are weak
 * evidence: past these thresholds they make the page say the code is being checked, never
 * that it is a copy.
 *
 * @param maxDistinctPlaces distinct places of distinct confirmed clients before
 * SUSPICIOUS
 * @param burstClients distinct confirmed clients within {@code burstWindow} before
 * SUSPICIOUS
 * @param burstWindow the window of {@code burstClients}
 * @param maxTotalScans page views over the code's life before it is being checked (weak
 * evidence only)
 */
public record ScanThresholds(int maxDistinctPlaces, int burstClients, Duration burstWindow, int maxTotalScans) {

	public ScanThresholds {
		if (maxDistinctPlaces < 1 || maxDistinctPlaces >= ScanCounters.MAX_PLACES || burstClients < 2
				|| burstClients >= ScanCounters.MAX_RECENT || burstWindow.isNegative() || burstWindow.isZero()
				|| burstWindow.compareTo(Duration.ofDays(1)) > 0 || maxTotalScans < 1) {
			throw new IllegalArgumentException("scan thresholds out of range: " + maxDistinctPlaces + ", "
					+ burstClients + " in " + burstWindow + ", " + maxTotalScans);
		}
	}

	/**
	 * Defaults for consumer goods: 3 places, 10 clients in 10 minutes, 50 page views in
	 * all.
	 */
	public static ScanThresholds defaults() {
		return new ScanThresholds(3, 10, Duration.ofMinutes(10), 50);
	}

}
