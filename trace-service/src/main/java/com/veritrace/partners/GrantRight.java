package com.veritrace.partners;

/** What a brand lets a partner do for its products. */
public enum GrantRight {

	/** Report supply-chain events (production, shipping, receiving, delivery). */
	EVENTS,
	/** Upload inspection reports. */
	REPORTS

}
