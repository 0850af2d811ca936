package com.veritrace.inspection;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Digests for report documents: SHA-256 by default, SM3 (GB/T 32905, 国密) selectable. The
 * {@code niName} is the RFC 6920 name written in {@code ni:///<name>;<hex>} (SM3 has no
 * IANA name; it is written {@code sm3}, as for event hashes).
 */
public enum DocumentHashAlgorithm {

	SHA_256("sha-256"), SM3("sm3");

	private final String niName;

	DocumentHashAlgorithm(String niName) {
		this.niName = niName;
	}

	public String niName() {
		return this.niName;
	}

	/** A fresh digest; not thread-safe, use one per document. */
	public MessageDigest newDigest() {
		if (this == SM3) {
			return new org.bouncycastle.jcajce.provider.digest.SM3.Digest();
		}
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * By ni name ({@code sha-256}) or enum name ({@code SHA_256}), case-insensitively.
	 * @throws IllegalArgumentException for anything else: an unknown name never becomes
	 * SHA-256
	 */
	public static DocumentHashAlgorithm fromName(String name) {
		String n = name.strip().toLowerCase(Locale.ROOT);
		for (DocumentHashAlgorithm a : values()) {
			if (a.niName.equals(n) || a.name().toLowerCase(Locale.ROOT).equals(n)) {
				return a;
			}
		}
		throw new IllegalArgumentException("unknown document hash algorithm '" + name + "'; supported: "
				+ Arrays.stream(values()).map(DocumentHashAlgorithm::niName).toList());
	}

}
