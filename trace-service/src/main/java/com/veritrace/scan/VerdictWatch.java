package com.veritrace.scan;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.analytics.ScanHistory;

/**
 * Told when the evidence of a code's scans turns it SUSPICIOUS (a confirmation from the
 * page pushed it over a threshold), on the scan log's writer thread, off the request
 * path: to flag it for review and alert the brand. Told again by later confirmations
 * while the code stays SUSPICIOUS: implementations de-duplicate (e.g. one alert per code
 * and day). One that throws is logged and skipped.
 */
public interface VerdictWatch {

	void flagged(List<Flagged> codes);

	/**
	 * A code SUSPICIOUS by evidence.
	 *
	 * @param reason the rule's message key ({@code reason.too-many-places},
	 * {@code reason.burst})
	 * @param region the region of the confirmation that flagged it, when known
	 */
	record Flagged(String gtin, String serial, @Nullable String lot, long brandId, long flaggedMs, String reason,
			ScanHistory history, @Nullable String region) {
	}

}
