package com.veritrace.notify;

/**
 * What a notice is about: recalls, and the alerts of the alert module (suspicious codes,
 * diversion, cold chain, feed and integrity failures), each a kind of its own.
 */
public enum NoticeKind {

	/** A recall was issued that concerns the organisation. */
	RECALL_ISSUED,
	/** A recall that concerns the organisation was amended (a new version). */
	RECALL_AMENDED,
	/** A recall that concerns the organisation was closed. */
	RECALL_CLOSED,
	/** An event was reported on a recalled item after its recall. */
	RECALL_ALERT,
	/** A code whose scans look like a copied label. */
	SUSPICIOUS_CODE,
	/** An item scanned outside the authorised regions of its distributor. */
	DIVERSION,
	/** A cold-chain excursion. */
	COLD_CHAIN,
	/** A partner feed failing. */
	FEED_FAILURE,
	/** An integrity check failing. */
	INTEGRITY_FAILURE

}
