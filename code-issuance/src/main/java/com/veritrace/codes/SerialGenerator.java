package com.veritrace.codes;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Issues unguessable item serials: 65 bits from {@link SecureRandom} written as 13
 * characters of Crockford's base 32 ({@code 0-9 A-Z} without {@code I L O U}, so nothing
 * reads as another character), followed by a short keyed check: the first
 * {@code checkChars} x 5 bits of HMAC-SHA256 under the brand's secret key. The default 3
 * check characters make a forged or mistyped serial pass {@link SerialVerifier} with
 * probability 2^-15 (1 in 32768) without any database read; the random part makes
 * guessing an issued serial infeasible.
 * <p>
 * A serial is 16 characters by default (at most 20), all in GS1 character set 82, so it
 * is a valid GS1 AI (21) serial and fits a Digital Link path without escaping.
 * Thread-safe.
 */
public final class SerialGenerator {

	/** Check characters used unless told otherwise. */
	public static final int DEFAULT_CHECK_CHARS = 3;

	private final SerialCodec codec;

	private final SecureRandom random;

	/** A generator with {@link #DEFAULT_CHECK_CHARS} and a new {@link SecureRandom}. */
	public SerialGenerator(byte[] brandKey) {
		this(brandKey, DEFAULT_CHECK_CHARS, new SecureRandom());
	}

	/**
	 * @param brandKey the brand's secret key, at least 16 bytes; keep it out of logs and
	 * code
	 * @param checkChars 1 to 7 check characters (5 bits each)
	 * @param random the source of randomness
	 */
	public SerialGenerator(byte[] brandKey, int checkChars, SecureRandom random) {
		Objects.requireNonNull(brandKey, "brandKey");
		this.codec = new SerialCodec(brandKey, checkChars);
		this.random = Objects.requireNonNull(random, "random");
	}

	/** A new serial. */
	public String next() {
		byte[] bytes = new byte[9];
		this.random.nextBytes(bytes);
		long high = 0;
		for (int i = 0; i < 8; i++) {
			high = (high << 8) | (bytes[i] & 0xff);
		}
		int extra = bytes[8] & 1; // 65th bit
		StringBuilder sb = new StringBuilder(this.codec.length());
		// 13 characters x 5 bits = 64 bits of 'high' plus one more bit
		sb.append(SerialCodec.ALPHABET.charAt((int) ((high >>> 60) & 15) | (extra << 4)));
		for (int i = 1; i < SerialCodec.RANDOM_CHARS; i++) {
			sb.append(SerialCodec.ALPHABET.charAt((int) (high >>> (60 - 5 * i)) & 31));
		}
		sb.append(this.codec.check(sb));
		return sb.toString();
	}

	/** The length of every serial from this generator. */
	public int serialLength() {
		return this.codec.length();
	}

}
