package com.veritrace.ingest;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Computes the CBV 2.0 event hash ID of canonical events: canonical pre-hash string
 * (UTF-8) -> digest -> {@code ni:///sha-256;<hex>?ver=CBV2.0}. Stateless and thread-safe;
 * plain Java.
 */
public final class EventHasher {

	private final HashAlgorithm algorithm;

	/** SHA-256, the CBV 2.0 default. */
	public EventHasher() {
		this(HashAlgorithm.defaultAlgorithm());
	}

	public EventHasher(HashAlgorithm algorithm) {
		this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
	}

	public HashAlgorithm algorithm() {
		return this.algorithm;
	}

	/** The hash ID of one event. */
	public EventHash hash(EpcisEvent event) {
		return hashPreHash(preHash(event));
	}

	/**
	 * The canonical pre-hash string (exposed for diagnostics and cross-implementation
	 * checks).
	 */
	public String preHash(EpcisEvent event) {
		return PreHashBuilder.preHash(event.jsonView(), event.namespaces());
	}

	/** Hashes an already canonical pre-hash string. */
	public EventHash hashPreHash(String preHash) {
		byte[] digest = this.algorithm.digest(preHash.getBytes(StandardCharsets.UTF_8));
		return new EventHash(this.algorithm, HexFormat.of().formatHex(digest));
	}

}
