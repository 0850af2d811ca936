package com.veritrace.codes;

import java.security.MessageDigest;

import javax.crypto.Mac;

/**
 * The shared rule of {@link SerialGenerator} and {@link SerialVerifier}: a serial is
 * {@value #RANDOM_CHARS} random characters (65 bits) of Crockford's base 32 followed by
 * {@code checkChars} characters taken from HMAC-SHA256(key, domain tag + random part).
 */
final class SerialCodec {

	/** Crockford's base 32: digits and upper-case letters without I, L, O, U. */
	static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	static final int RANDOM_CHARS = 13;

	private static final byte[] DOMAIN = "veritrace/serial/v1:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final int checkChars;

	private final HmacSha256 hmac;

	SerialCodec(byte[] key, int checkChars) {
		if (key.length < 16) {
			throw new IllegalArgumentException(
					"serial key must have at least 16 bytes (128 bits), found " + key.length);
		}
		if (checkChars < 1 || checkChars > 7) {
			throw new IllegalArgumentException("check characters must be 1..7, found " + checkChars);
		}
		this.hmac = new HmacSha256(key);
		this.checkChars = checkChars;
	}

	int checkChars() {
		return this.checkChars;
	}

	int length() {
		return RANDOM_CHARS + this.checkChars;
	}

	/** The check characters for a random part. */
	char[] check(CharSequence randomPart) {
		Mac mac = this.hmac.mac();
		mac.update(DOMAIN);
		for (int i = 0; i < randomPart.length(); i++) {
			mac.update((byte) randomPart.charAt(i));
		}
		byte[] tag = mac.doFinal();
		long bits = 0;
		for (int i = 0; i < 8; i++) {
			bits = (bits << 8) | (tag[i] & 0xff);
		}
		char[] out = new char[this.checkChars];
		for (int i = 0; i < this.checkChars; i++) {
			out[i] = ALPHABET.charAt((int) (bits >>> (59 - 5 * i)) & 31);
		}
		return out;
	}

	/** Constant-time comparison of the check part of a normalised serial. */
	boolean verify(String serial) {
		if (serial.length() != length()) {
			return false;
		}
		for (int i = 0; i < serial.length(); i++) {
			if (ALPHABET.indexOf(serial.charAt(i)) < 0) {
				return false;
			}
		}
		char[] expected = check(serial.subSequence(0, RANDOM_CHARS));
		byte[] a = new byte[this.checkChars];
		byte[] b = new byte[this.checkChars];
		for (int i = 0; i < this.checkChars; i++) {
			a[i] = (byte) expected[i];
			b[i] = (byte) serial.charAt(RANDOM_CHARS + i);
		}
		return MessageDigest.isEqual(a, b);
	}

}
