package com.veritrace.codes;

import java.util.Objects;

/**
 * How to draw a code.
 *
 * @param symbology QR Code, Data Matrix or GS1 DataMatrix
 * @param moduleSize pixels (PNG) or user units (SVG) per module, 1..100
 * @param quietZone light modules around the symbol (QR needs 4, Data Matrix 1), 0..20
 * @param errorCorrection QR error correction level (L 7%, M 15%, Q 25%, H 30%); Data
 * Matrix ECC 200 has a fixed level and ignores it
 */
public record CodeImageSpec(Symbology symbology, int moduleSize, int quietZone, ErrorCorrection errorCorrection) {

	/** QR error correction levels. */
	public enum ErrorCorrection {

		L, M, Q, H

	}

	public CodeImageSpec {
		Objects.requireNonNull(symbology, "symbology");
		Objects.requireNonNull(errorCorrection, "errorCorrection");
		if (moduleSize < 1 || moduleSize > 100) {
			throw new IllegalArgumentException("module size must be 1..100, found " + moduleSize);
		}
		if (quietZone < 0 || quietZone > 20) {
			throw new IllegalArgumentException("quiet zone must be 0..20 modules, found " + quietZone);
		}
	}

	/** QR Code, 8 px modules, the standard 4-module quiet zone, level M. */
	public static CodeImageSpec qr() {
		return new CodeImageSpec(Symbology.QR_CODE, 8, 4, ErrorCorrection.M);
	}

	/** Data Matrix, 8 px modules, 1-module quiet zone. */
	public static CodeImageSpec dataMatrix() {
		return new CodeImageSpec(Symbology.DATA_MATRIX, 8, 1, ErrorCorrection.M);
	}

}
