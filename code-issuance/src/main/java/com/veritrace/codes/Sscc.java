package com.veritrace.codes;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A Serial Shipping Container Code (GS1 AI 00) for cases and pallets: 18 digits =
 * extension digit, GS1 Company Prefix, serial reference (together 17 digits) and the GS1
 * mod-10 check digit (GS1 General Specifications 2.2.1).
 *
 * @param value the 18 digits
 */
public record Sscc(String value) {

	public Sscc {
		Objects.requireNonNull(value, "value");
		if (value.length() != 18 || !AiTable.allDigits(value)) {
			throw new InvalidCodeException("SSCC must be 18 digits, found '" + value + "'");
		}
		int expected = Gtin.checkDigit(value, 17);
		if (expected != value.charAt(17) - '0') {
			throw new InvalidCodeException(
					"SSCC check digit is " + value.charAt(17) + " but should be " + expected + " for " + value);
		}
	}

	/** Parses 18 digits (surrounding spaces ignored). */
	public static Sscc parse(String text) {
		return new Sscc(text.strip());
	}

	/**
	 * Builds an SSCC; the serial reference is left-padded with zeros to
	 * {@code 16 - companyPrefix.length()} digits.
	 * @throws InvalidCodeException when the extension digit is not 0..9, the company
	 * prefix is not 6..12 digits or the serial reference does not fit
	 */
	public static Sscc of(int extensionDigit, String companyPrefix, long serialReference) {
		if (extensionDigit < 0 || extensionDigit > 9) {
			throw new InvalidCodeException("SSCC extension digit must be 0..9, found " + extensionDigit);
		}
		if (companyPrefix.length() < 6 || companyPrefix.length() > 12 || !AiTable.allDigits(companyPrefix)) {
			throw new InvalidCodeException("GS1 Company Prefix must be 6 to 12 digits, found '" + companyPrefix + "'");
		}
		int digits = 16 - companyPrefix.length();
		String serial = Long.toString(serialReference);
		if (serialReference < 0 || serial.length() > digits) {
			throw new InvalidCodeException("SSCC serial reference " + serialReference + " does not fit in " + digits
					+ " digits after a " + companyPrefix.length() + "-digit company prefix");
		}
		return new Sscc(
				CheckDigits.append(extensionDigit + companyPrefix + "0".repeat(digits - serial.length()) + serial));
	}

	/**
	 * The EPC pure identity URI, given the company prefix length:
	 * {@code urn:epc:id:sscc:CP.SR}.
	 */
	public String toEpcUri(int companyPrefixLength) {
		return EpcUris.fromDigitalLink(digitalLink(null).toUri(), companyPrefixLength);
	}

	/** The Digital Link {@code <stem>/00/<sscc>} (null stem = https://id.gs1.org). */
	public DigitalLink digitalLink(@Nullable String stem) {
		return DigitalLink.generate(stem, java.util.List.of(new AiElement("00", this.value)));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
