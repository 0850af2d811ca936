package com.veritrace.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Digest algorithms for the CBV 2.0 event hash ID. The {@code niName} is the RFC 6920 /
 * IANA "Named Information Hash Algorithm" name used in
 * {@code ni:///<niName>;<hex>?ver=CBV2.0}. SM3 (GB/T 32905, 国密) has no IANA name; it is
 * written {@code sm3}, so its IDs are only comparable between systems that agree on that.
 */
public enum HashAlgorithm {

	SHA_256("sha-256", "SHA-256"),

	SHA_384("sha-384", "SHA-384"),

	SHA_512("sha-512", "SHA-512"),

	SHA3_256("sha3-256", "SHA3-256"),

	SM3("sm3", "SM3");

	private final String niName;

	private final String jcaName;

	HashAlgorithm(String niName, String jcaName) {
		this.niName = niName;
		this.jcaName = jcaName;
	}

	/** The default, as CBV 2.0 requires. */
	public static HashAlgorithm defaultAlgorithm() {
		return SHA_256;
	}

	public String niName() {
		return this.niName;
	}

	/**
	 * Looks an algorithm up by its ni name ({@code sha-256}), enum name ({@code SHA_256})
	 * or JCA name ({@code SHA-256}), case-insensitively.
	 * @throws UnsupportedHashAlgorithmException for anything else (never falls back to
	 * SHA-256)
	 */
	public static HashAlgorithm fromName(String name) {
		String n = name.strip().toLowerCase(Locale.ROOT);
		for (HashAlgorithm a : values()) {
			if (a.niName.equals(n) || a.name().toLowerCase(Locale.ROOT).equals(n)
					|| a.jcaName.toLowerCase(Locale.ROOT).equals(n)) {
				return a;
			}
		}
		throw new UnsupportedHashAlgorithmException(name, Arrays.stream(values()).map(HashAlgorithm::niName).toList());
	}

	byte[] digest(byte[] input) {
		if (this == SM3) {
			org.bouncycastle.crypto.digests.SM3Digest sm3 = new org.bouncycastle.crypto.digests.SM3Digest();
			sm3.update(input, 0, input.length);
			byte[] out = new byte[sm3.getDigestSize()];
			sm3.doFinal(out, 0);
			return out;
		}
		try {
			return MessageDigest.getInstance(this.jcaName).digest(input);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(this.jcaName + " is missing from this JVM", ex);
		}
	}

}
