package com.veritrace.codes;

/**
 * The GS1 modulo-10 check digit over a whole key (GTIN, GLN, SSCC, GSRN, GDTI, GRAI,
 * ...).
 */
final class CheckDigits {

	private CheckDigits() {
	}

	/**
	 * True when {@code digits} is 2 or more ASCII digits whose last one is the GS1 check
	 * digit of the rest.
	 */
	static boolean isValid(String digits) {
		if (digits.length() < 2 || !AiTable.allDigits(digits)) {
			return false;
		}
		return Gtin.checkDigit(digits, digits.length() - 1) == digits.charAt(digits.length() - 1) - '0';
	}

	/** {@code digits} followed by its check digit. */
	static String append(String digits) {
		return digits + Gtin.checkDigit(digits, digits.length());
	}

}
