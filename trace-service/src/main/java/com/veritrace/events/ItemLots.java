package com.veritrace.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The lot an issued item code belongs to, for item timelines (a lot-level inspection or
 * recall applies to every item in it). The issuance module provides it from its code
 * registry: a port, so that this module reads no issuance table.
 */
public interface ItemLots {

	/** The lot of the issued item code (codes of completed jobs only), or null. */
	@Nullable String lotOf(String gtin, String serial);

	/**
	 * The lots of many issued item codes of one GTIN at once (codes of completed jobs
	 * only), by serial; serials without a lot are left out. This default asks
	 * {@link #lotOf} for each; the registry answers in batches.
	 */
	default Map<String, String> lotsOf(String gtin, Collection<String> serials) {
		Map<String, String> lots = new LinkedHashMap<>();
		for (String serial : serials) {
			String lot = lotOf(gtin, serial);
			if (lot != null) {
				lots.put(serial, lot);
			}
		}
		return lots;
	}

}
