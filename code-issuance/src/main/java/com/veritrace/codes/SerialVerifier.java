package com.veritrace.codes;

import java.util.Locale;
import java.util.Objects;

/**
 * Checks serials issued by {@link SerialGenerator} with the same brand key, without a
 * database: a forged or mistyped serial fails with probability 1 - 2^-(5 x checkChars). A
 * serial that passes is well-formed and was made with the key; whether it was actually
 * issued (and not cloned) is the registry's question. Thread-safe.
 */
public final class SerialVerifier {

	private final SerialCodec codec;

	/** A verifier with {@link SerialGenerator#DEFAULT_CHECK_CHARS}. */
	public SerialVerifier(byte[] brandKey) {
		this(brandKey, SerialGenerator.DEFAULT_CHECK_CHARS);
	}

	public SerialVerifier(byte[] brandKey, int checkChars) {
		Objects.requireNonNull(brandKey, "brandKey");
		this.codec = new SerialCodec(brandKey, checkChars);
	}

	/**
	 * A serial as a person may type it, normalised per Crockford: upper case, {@code O}
	 * read as {@code 0}, {@code I} and {@code L} read as {@code 1}, spaces and hyphens
	 * dropped.
	 */
	public static String normalise(String typed) {
		StringBuilder sb = new StringBuilder(typed.length());
		for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
			switch (c) {
				case ' ', '-' -> {
				}
				case 'O' -> sb.append('0');
				case 'I', 'L' -> sb.append('1');
				default -> sb.append(c);
			}
		}
		return sb.toString();
	}

	/** True when {@code serial}, exactly as given, carries a valid check for this key. */
	public boolean isAuthentic(String serial) {
		return this.codec.verify(serial);
	}

	/**
	 * True when the {@linkplain #normalise(String) normalised} input carries a valid
	 * check.
	 */
	public boolean isAuthenticTyped(String typed) {
		return this.codec.verify(normalise(typed));
	}

}
