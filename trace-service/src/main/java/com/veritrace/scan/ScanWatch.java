package com.veritrace.scan;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What other modules make of logged consumer scans (rollups for dashboards, copied-code
 * and diversion alerts): a port called on the scan log's writer thread after each batch
 * is written, off the request path, so nothing a consumer waits for depends on it. A
 * watch that throws is logged and skipped; the batch stays written. Implementations must
 * be quick (a batch holds up to {@code ScanLogWriter.BATCH} scans) and do their own
 * transactions.
 */
public interface ScanWatch {

	void logged(List<LoggedScan> scans);

	/** How a logged scan came to the watch. */
	enum Kind {

		/** A scan, logged now. */
		SCAN,
		/**
		 * A region found later for a scan logged without one (the phone's approximate
		 * area sent after the page was shown): not another scan; its other members are
		 * the scan's.
		 */
		PLACE

	}

	/**
	 * One scan as logged.
	 *
	 * @param brandId the GTIN's brand; null for unknown codes
	 * @param verdict a {@code Verdict} name
	 * @param region where it was scanned: an ISO 3166-1 country ({@code CN}) or
	 * subdivision ({@code CN-31}) code, or null when unknown ({@link RegionLookup})
	 * @param client an opaque key of the client that scanned (the same device or network
	 * and browser gives the same key within a day), never an address; null when unknown
	 */
	record LoggedScan(Kind kind, String gtin, @Nullable String serial, @Nullable String lot, @Nullable Long brandId,
			long scannedMs, String verdict, @Nullable String region, @Nullable String client) {
	}

}
