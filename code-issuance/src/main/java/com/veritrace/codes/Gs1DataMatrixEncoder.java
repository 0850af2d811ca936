package com.veritrace.codes;

import com.google.zxing.datamatrix.encoder.DefaultPlacement;
import com.google.zxing.datamatrix.encoder.ErrorCorrection;
import com.google.zxing.datamatrix.encoder.SymbolInfo;
import com.google.zxing.datamatrix.encoder.SymbolShapeHint;

/**
 * GS1 DataMatrix (ISO/IEC 16022 ECC 200 with FNC1 in first position) from a GS1 element
 * string. Data codewords are encoded in ASCII mode (digit pairs as one codeword, FNC1 =
 * 232) by this class; ZXing supplies the symbol sizes, Reed-Solomon error correction and
 * module placement. (ZXing's own GS1 path, its minimal encoder, fails an internal
 * assertion on FNC1 in C40 mode in 3.5.3.)
 */
final class Gs1DataMatrixEncoder {

	private static final char FNC1 = 232;

	private Gs1DataMatrixEncoder() {
	}

	/**
	 * @param elementString element string in '^' notation; a leading '^' is optional
	 */
	static ModuleMatrix.Grid encode(String elementString) {
		String s = elementString.startsWith("^") ? elementString.substring(1) : elementString;
		if (s.isEmpty()) {
			throw new InvalidCodeException("GS1 element string is empty");
		}
		StringBuilder cw = new StringBuilder(s.length() + 8);
		cw.append(FNC1);
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '^') {
				cw.append(FNC1);
			}
			else if (AiTable.CSET82.indexOf(c) < 0) {
				throw new InvalidCodeException("GS1 element string has '" + c + "' at position " + (i + 1)
						+ ", which is not in GS1 character set 82");
			}
			else if (isDigit(c) && i + 1 < s.length() && isDigit(s.charAt(i + 1))) {
				cw.append((char) (130 + (c - '0') * 10 + (s.charAt(i + 1) - '0')));
				i++;
			}
			else {
				cw.append((char) (c + 1));
			}
		}
		SymbolInfo symbol = SymbolInfo.lookup(cw.length(), SymbolShapeHint.FORCE_SQUARE, null, null, false);
		if (symbol == null) {
			throw new InvalidCodeException(
					"GS1 element string needs " + cw.length() + " codewords, more than a square Data Matrix holds");
		}
		if (cw.length() < symbol.getDataCapacity()) {
			cw.append((char) 129);
		}
		while (cw.length() < symbol.getDataCapacity()) {
			int pseudoRandom = ((149 * (cw.length() + 1)) % 253) + 1;
			int pad = 129 + pseudoRandom;
			cw.append((char) (pad <= 254 ? pad : pad - 254));
		}
		String codewords = ErrorCorrection.encodeECC200(cw.toString(), symbol);
		DefaultPlacement placement = new DefaultPlacement(codewords, symbol.getSymbolDataWidth(),
				symbol.getSymbolDataHeight());
		placement.place();
		return layout(placement, symbol);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/**
	 * Lays the data regions out with their finder patterns (solid left column and bottom
	 * row) and clock tracks (alternating top row and right column).
	 */
	private static ModuleMatrix.Grid layout(DefaultPlacement placement, SymbolInfo symbol) {
		int width = symbol.getSymbolWidth();
		int height = symbol.getSymbolHeight();
		boolean[] dark = new boolean[width * height];
		int regionW = symbol.matrixWidth;
		int regionH = symbol.matrixHeight;
		int my = 0;
		for (int y = 0; y < symbol.getSymbolDataHeight(); y++) {
			if (y % regionH == 0) {
				for (int x = 0; x < width; x++) {
					dark[my * width + x] = x % 2 == 0;
				}
				my++;
			}
			int mx = 0;
			for (int x = 0; x < symbol.getSymbolDataWidth(); x++) {
				if (x % regionW == 0) {
					dark[my * width + mx++] = true;
				}
				dark[my * width + mx++] = placement.getBit(x, y);
				if (x % regionW == regionW - 1) {
					dark[my * width + mx++] = y % 2 == 0;
				}
			}
			my++;
			if (y % regionH == regionH - 1) {
				for (int x = 0; x < width; x++) {
					dark[my * width + x] = true;
				}
				my++;
			}
		}
		return new ModuleMatrix.Grid(width, height, dark);
	}

}
