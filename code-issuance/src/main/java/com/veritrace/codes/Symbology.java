package com.veritrace.codes;

/** The 2D symbologies Veritrace prints. */
public enum Symbology {

	/** QR Code (ISO/IEC 18004), for consumer scanning of Digital Link URIs. */
	QR_CODE,

	/** Data Matrix ECC 200 (ISO/IEC 16022), for small packs and industrial scanners. */
	DATA_MATRIX,

	/**
	 * GS1 DataMatrix: Data Matrix with FNC1 in first position (read back with symbology
	 * identifier {@code ]d2}) carrying a GS1 element string, e.g. for pharmaceutical
	 * packs (AIs 01, 17, 10, 21). The text to encode is the element string in the
	 * notation of {@link DigitalLink#elementString()}: {@code ^} marks FNC1 and a leading
	 * one is optional, e.g. {@code ^010952012345678810ABC1^2112345}.
	 */
	GS1_DATA_MATRIX

}
