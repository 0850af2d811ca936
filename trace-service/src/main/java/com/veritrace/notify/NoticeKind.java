package com.veritrace.notify;

/**
 * What a notice is about. Recalls first; issue 15 adds the other alerts (suspicious
 * codes, diversion, cold chain, feed and integrity failures) as kinds of their own.
 */
public enum NoticeKind {

	/** A recall was issued that concerns the organisation. */
	RECALL_ISSUED,
	/** A recall that concerns the organisation was amended (a new version). */
	RECALL_AMENDED,
	/** A recall that concerns the organisation was closed. */
	RECALL_CLOSED,
	/** An event was reported on a recalled item after its recall. */
	RECALL_ALERT

}
