package com.veritrace.codes;

/** Percent-encoding of Digital Link values, as GS1's syntax engine does it. */
final class PercentCoding {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PercentCoding() {
	}

	static boolean isUnreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	/**
	 * Escapes everything but the RFC 3986 unreserved characters; in a query component a
	 * space is written {@code +}.
	 */
	static String encode(String value, boolean query) {
		StringBuilder sb = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (isUnreserved(c)) {
				sb.append(c);
			}
			else if (c == ' ' && query) {
				sb.append('+');
			}
			else {
				if (c > 0xff) {
					throw new InvalidCodeException(
							"character U+" + String.format("%04X", (int) c) + " cannot appear in a GS1 value");
				}
				sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
			}
		}
		return sb.toString();
	}

	/**
	 * Reverses percent-encoding; a {@code %} not followed by two hex digits stays
	 * literal; in a query component {@code +} is a space.
	 * @throws InvalidCodeException when a {@code %00} (NUL) is decoded
	 */
	static String decode(String text, boolean query, String what) {
		StringBuilder sb = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
				int decoded = Integer.parseInt(text.substring(i + 1, i + 3), 16);
				if (decoded == 0) {
					throw new InvalidCodeException(what + " contains an encoded NUL (%00)");
				}
				sb.append((char) decoded);
				i += 2;
			}
			else if (query && c == '+') {
				sb.append(' ');
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
