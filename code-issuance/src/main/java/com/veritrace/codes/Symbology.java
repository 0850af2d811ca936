package com.veritrace.codes;

/** The 2D symbologies Veritrace prints. */
public enum Symbology {

	/** QR Code (ISO/IEC 18004), for consumer scanning of Digital Link URIs. */
	QR_CODE,

	/** Data Matrix ECC 200 (ISO/IEC 16022), for small packs and industrial scanners. */
	DATA_MATRIX

}
