package com.veritrace.analytics;

import java.time.Instant;

/**
 * A code's scans including the one being judged.
 *
 * @param scans scans so far, this one included (so 1 on a first scan)
 * @param firstScanAt when the code was scanned first
 * @param distinctPlaces distinct coarse places seen, this one's included (0 when none is
 * known)
 * @param scansInWindow scans within the burst window, this one included
 */
public record ScanHistory(long scans, Instant firstScanAt, int distinctPlaces, int scansInWindow) {

	public ScanHistory {
		if (scans < 1) {
			throw new IllegalArgumentException("a history includes the current scan");
		}
	}

}
