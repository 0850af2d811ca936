package com.veritrace.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A document's digest: algorithm and lowercase hex; written {@code ni:///sha-256;<hex>}.
 */
public record DocumentDigest(DocumentHashAlgorithm algorithm, String hex) {

	public DocumentDigest {
		hex = hex.toLowerCase(Locale.ROOT);
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("a document digest has 32 bytes (64 hex digits), got '" + hex + "'");
		}
	}

	public static DocumentDigest of(DocumentHashAlgorithm algorithm, byte[] digest) {
		return new DocumentDigest(algorithm, HexFormat.of().formatHex(digest));
	}

	/** Reads the stream to its end and digests it (the caller closes it). */
	public static DocumentDigest of(DocumentHashAlgorithm algorithm, InputStream in) throws IOException {
		MessageDigest digest = algorithm.newDigest();
		byte[] buffer = new byte[64 * 1024];
		int n;
		while ((n = in.read(buffer)) > 0) {
			digest.update(buffer, 0, n);
		}
		return of(algorithm, digest.digest());
	}

	/** Parses {@code ni:///<name>;<hex>}. */
	public static DocumentDigest parse(String ni) {
		if (!ni.startsWith("ni:///") || ni.indexOf(';') < 0) {
			throw new IllegalArgumentException("not an ni:///<algorithm>;<hex> digest: '" + ni + "'");
		}
		int semi = ni.indexOf(';');
		return new DocumentDigest(DocumentHashAlgorithm.fromName(ni.substring(6, semi)), ni.substring(semi + 1));
	}

	public byte[] bytes() {
		return HexFormat.of().parseHex(this.hex);
	}

	public String ni() {
		return "ni:///" + this.algorithm.niName() + ";" + this.hex;
	}

	/** Constant-time comparison. */
	public boolean matches(DocumentDigest other) {
		return this.algorithm == other.algorithm && MessageDigest.isEqual(bytes(), other.bytes());
	}

	@Override
	public String toString() {
		return ni();
	}

}
