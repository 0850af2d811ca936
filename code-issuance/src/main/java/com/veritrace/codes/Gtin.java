package com.veritrace.codes;

import java.util.Objects;

/**
 * A GS1 Global Trade Item Number, always held in its 14-digit form. GTIN-8, -12 and -13
 * are accepted and normalised by left-padding with zeros, as the GS1 General
 * Specifications (section 3.3.2) prescribe; the check digit is always verified.
 */
public final class Gtin {

	private final String value;

	private Gtin(String value) {
		this.value = value;
	}

	/**
	 * Parses a GTIN-8, -12, -13 or -14.
	 * @throws InvalidCodeException naming what is wrong (length, characters, check digit)
	 */
	public static Gtin parse(String text) {
		Objects.requireNonNull(text, "text");
		String digits = text.strip();
		if (digits.isEmpty()) {
			throw new InvalidCodeException("GTIN is empty");
		}
		for (int i = 0; i < digits.length(); i++) {
			char c = digits.charAt(i);
			if (c < '0' || c > '9') {
				throw new InvalidCodeException(
						"GTIN must contain digits only, found '" + c + "' at position " + (i + 1));
			}
		}
		int n = digits.length();
		if (n != 8 && n != 12 && n != 13 && n != 14) {
			throw new InvalidCodeException("GTIN must have 8, 12, 13 or 14 digits, found " + n);
		}
		String gtin14 = "0".repeat(14 - n) + digits;
		int expected = checkDigit(gtin14, 13);
		int actual = gtin14.charAt(13) - '0';
		if (expected != actual) {
			throw new InvalidCodeException(
					"GTIN check digit is " + actual + " but should be " + expected + " for " + digits);
		}
		return new Gtin(gtin14);
	}

	/** True when {@code text} parses as a GTIN. */
	public static boolean isValid(String text) {
		try {
			parse(text);
			return true;
		}
		catch (InvalidCodeException ex) {
			return false;
		}
	}

	/**
	 * The GS1 modulo-10 check digit over the first {@code length} digits of
	 * {@code digits} (weights 3 and 1 alternating from the right).
	 */
	public static int checkDigit(CharSequence digits, int length) {
		int sum = 0;
		for (int i = 0; i < length; i++) {
			int d = digits.charAt(length - 1 - i) - '0';
			sum += (i % 2 == 0) ? d * 3 : d;
		}
		return (10 - (sum % 10)) % 10;
	}

	/** The 14-digit form. */
	public String value() {
		return this.value;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Gtin gtin && gtin.value.equals(this.value);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
