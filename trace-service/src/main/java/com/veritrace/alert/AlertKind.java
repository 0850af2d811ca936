package com.veritrace.alert;

import com.veritrace.notify.NoticeKind;

/** What an alert is about; each is delivered as a notice of its own kind. */
public enum AlertKind {

	/**
	 * A code whose scans look like a copied label (distinct clients in distinct places,
	 * or a burst).
	 */
	SUSPICIOUS_CODE(NoticeKind.SUSPICIOUS_CODE),
	/**
	 * An item scanned outside the authorised regions of the distributor it was shipped
	 * to.
	 */
	DIVERSION(NoticeKind.DIVERSION),
	/** A sensor reading outside a product's storage condition, or a sensor alarm. */
	COLD_CHAIN(NoticeKind.COLD_CHAIN),
	/** An event on a recalled item after its recall. */
	RECALL_ALERT(NoticeKind.RECALL_ALERT),
	/** A partner feed whose dead-letter rate is above its threshold. */
	FEED_FAILURE(NoticeKind.FEED_FAILURE),
	/** An integrity check failed (a stored event, an anchor, a report document). */
	INTEGRITY_FAILURE(NoticeKind.INTEGRITY_FAILURE);

	private final NoticeKind notice;

	AlertKind(NoticeKind notice) {
		this.notice = notice;
	}

	/** The kind of the notice that delivers an alert of this kind. */
	public NoticeKind notice() {
		return this.notice;
	}

}
