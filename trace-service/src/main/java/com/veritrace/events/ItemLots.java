package com.veritrace.events;

import org.jspecify.annotations.Nullable;

/**
 * The lot an issued item code belongs to, for item timelines (a lot-level inspection or
 * recall applies to every item in it). The issuance module provides it from its code
 * registry: a port, so that this module reads no issuance table.
 */
public interface ItemLots {

	/** The lot of the issued item code (codes of completed jobs only), or null. */
	@Nullable String lotOf(String gtin, String serial);

}
