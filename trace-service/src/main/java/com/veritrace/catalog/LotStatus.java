package com.veritrace.catalog;

/**
 * Where a lot stands. RECALLED is set by a recall and cannot be undone through the lot
 * API.
 */
public enum LotStatus {

	ACTIVE, QUARANTINED, RECALLED, EXPIRED

}
