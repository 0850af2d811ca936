package com.veritrace.ingest;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CBV 2.0 event hash ID: algorithm + lowercase hex digest; {@link #ni()} is the
 * {@code ni:///sha-256;<hex>?ver=CBV2.0} form stored as the event's identity and anchored
 * as a Merkle leaf.
 */
public record EventHash(HashAlgorithm algorithm, String hex) {

	/** The CBV version suffix of hash IDs produced by this algorithm. */
	public static final String VERSION_SUFFIX = "?ver=CBV2.0";

	private static final Pattern NI = Pattern.compile("ni:///([a-z0-9-]+);([0-9a-f]+)\\?ver=CBV2\\.0");

	public EventHash {
		Objects.requireNonNull(algorithm, "algorithm");
		if (!hex.matches("[0-9a-f]+") || hex.length() % 2 != 0) {
			throw new IllegalArgumentException("digest must be lowercase hex: " + hex);
		}
	}

	/** Parses an {@code ni:///…;…?ver=CBV2.0} hash ID. */
	public static EventHash parse(String ni) {
		Matcher m = NI.matcher(ni);
		if (!m.matches()) {
			throw new IllegalArgumentException("not a CBV 2.0 event hash ID: " + ni);
		}
		return new EventHash(HashAlgorithm.fromName(m.group(1)), m.group(2));
	}

	public String ni() {
		return "ni:///" + this.algorithm.niName() + ";" + this.hex + VERSION_SUFFIX;
	}

	/** The raw digest bytes (32 for SHA-256), e.g. a Merkle leaf input. */
	public byte[] digest() {
		return HexFormat.of().parseHex(this.hex);
	}

	@Override
	public String toString() {
		return ni();
	}

}
