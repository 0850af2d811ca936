package com.veritrace.anchor;

import java.util.Locale;

/** Tree-head signature algorithms. */
public enum SignatureAlgorithm {

	/** RFC 8032 Ed25519 (pure): 32-byte public key, 64-byte deterministic signature. */
	ED25519,

	/**
	 * GB/T 32918 SM2 with SM3 and the default user ID {@code 1234567812345678} (GM/T
	 * 0009): 65-byte uncompressed public key, 64-byte signature {@code r || s}
	 * (randomised).
	 */
	SM2;

	/**
	 * @throws IllegalArgumentException for names other than ED25519 and SM2
	 */
	public static SignatureAlgorithm fromName(String name) {
		return switch (name.trim().toUpperCase(Locale.ROOT)) {
			case "ED25519" -> ED25519;
			case "SM2" -> SM2;
			default -> throw new IllegalArgumentException(
					"Unknown signature algorithm '" + name + "' (supported: ED25519, SM2)");
		};
	}

}
