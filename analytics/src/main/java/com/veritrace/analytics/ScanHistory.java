package com.veritrace.analytics;

import java.time.Instant;

/**
 * A code's scans including the one being judged: what its page views say (counts, which
 * anyone can inflate with plain requests: display and weak evidence only) and its
 * {@link Evidence} (clients whose page script confirmed the scan: what a verdict of
 * SUSPICIOUS rests on).
 *
 * @param scans page views so far, this one included (so 1 on a first scan)
 * @param firstScanAt when the code was scanned first
 * @param distinctPlaces distinct coarse places the page views came from (0 when none is
 * known)
 * @param scansInWindow page views within the burst window, this one included
 * @param evidence the confirmed clients
 */
public record ScanHistory(long scans, Instant firstScanAt, int distinctPlaces, int scansInWindow, Evidence evidence) {

	public ScanHistory {
		if (scans < 1) {
			throw new IllegalArgumentException("a history includes the current scan");
		}
	}

	/** Page views without confirmed clients. */
	public ScanHistory(long scans, Instant firstScanAt, int distinctPlaces, int scansInWindow) {
		this(scans, firstScanAt, distinctPlaces, scansInWindow, Evidence.NONE);
	}

	/**
	 * Clients whose page script ran and confirmed a scan ({@link ScanCounters#confirm}),
	 * each counted once however often it scans; the counts saturate at
	 * {@link ScanCounters#MAX_CLIENTS} and {@link ScanCounters#MAX_PLACES}.
	 *
	 * @param clients distinct clients over the code's life
	 * @param clientsInWindow distinct clients whose latest confirmation is within the
	 * burst window
	 * @param networks distinct networks (address block, or the trusted edge's place)
	 * those clients came from
	 * @param places distinct places of distinct clients (each client's first place)
	 */
	public record Evidence(int clients, int clientsInWindow, int networks, int places) {

		public static final Evidence NONE = new Evidence(0, 0, 0, 0);

	}

}
