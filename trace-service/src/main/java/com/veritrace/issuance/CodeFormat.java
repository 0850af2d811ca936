package com.veritrace.issuance;

/**
 * What a job issues. Every format is also printed as a GS1 Digital Link (GTIN, lot,
 * serial) for QR codes.
 */
public enum CodeFormat {

	/** 16-character serials (65 random bits + keyed check) in a Digital Link URI. */
	DIGITAL_LINK,

	/**
	 * Numeric serials below 2^38 that fit an SGTIN-96 RFID tag; the job needs the company
	 * prefix length.
	 */
	SGTIN_96,

	/**
	 * The 20-digit drug traceability code layout (7-digit drug code + 9-digit serial + 4
	 * keyed digits).
	 */
	NMPA

}
