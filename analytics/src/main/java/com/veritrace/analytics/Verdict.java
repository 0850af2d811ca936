package com.veritrace.analytics;

/** What the scan page tells a consumer about a scanned code. */
public enum Verdict {

	/** The first scan of an issued, activated code. */
	GENUINE,
	/** A real code scanned before, within normal bounds. */
	GENUINE_REPEAT,
	/**
	 * A real code whose scans look like a copied label, or a code not (or no longer) in
	 * use.
	 */
	SUSPICIOUS,
	/** Forged or mistyped: the keyed check fails or no such code was issued. */
	UNKNOWN_CODE,
	/** The item's lot is recalled. */
	RECALLED

}
