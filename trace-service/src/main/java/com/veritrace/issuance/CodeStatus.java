package com.veritrace.issuance;

/** A code's state in the registry, as the scan page sees it. */
public enum CodeStatus {

	/**
	 * Never issued, or fails its keyed check (a forgery), or its job did not complete.
	 */
	UNKNOWN_CODE,

	/** Issued and printed, not yet applied on the packing line. */
	ISSUED,

	/** Applied to an item on the packing line. */
	ACTIVE,

	/** Withdrawn (damaged label, misprint): a scan of it is suspicious. */
	VOIDED

}
