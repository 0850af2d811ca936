package com.veritrace.recall;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Consumer scans of recalled items: a port, implemented by the scan module (which owns
 * the scan log and depends on this module), so that recall progress counts them without
 * reading the scan log itself.
 */
public interface RecallProgressScans {

	/**
	 * The scans with verdict RECALLED of the GTIN's items in these lots or serial ranges
	 * (inclusive, shorter serials first) since {@code sinceMs}.
	 */
	Scans recalledScans(String gtin, List<String> lots, List<RecallScope> serialRanges, long sinceMs);

	/**
	 * @param scans how many scans
	 * @param items of how many distinct items (codes with a serial)
	 * @param last the latest, or null when none
	 */
	record Scans(long scans, long items, @Nullable Instant last) {

		public static final Scans NONE = new Scans(0, 0, null);

	}

}
