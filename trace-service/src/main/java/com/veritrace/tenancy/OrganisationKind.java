package com.veritrace.tenancy;

/** What an organisation is in the supply chain; decides what it may own and do. */
public enum OrganisationKind {

	/** Owns products, lots and codes; grants partners access. */
	BRAND,
	/** Contract manufacturer: reports production events for brands that grant it. */
	MANUFACTURER,
	/** Reports receiving, storing and shipping events. */
	WAREHOUSE,
	/** Reports pickup, transit and delivery events. */
	LOGISTICS,
	/** Uploads inspection reports. */
	LAB,
	/** Reads across brands; runs mandatory recalls. */
	REGULATOR,
	/** Operates Veritrace: manages organisations. */
	PLATFORM

}
