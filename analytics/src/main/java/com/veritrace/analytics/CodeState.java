package com.veritrace.analytics;

/** Where a scanned code stands in the code registry. */
public enum CodeState {

	/** Never issued, or its keyed check fails. */
	UNKNOWN,
	/** Issued (printed) but not activated on the packing line. */
	ISSUED,
	/** Activated: in circulation. */
	ACTIVE,
	/** Voided (damaged label, withdrawn). */
	VOIDED

}
