package com.veritrace.anchor;

/**
 * RFC 9162 (Certificate Transparency v2) section 2.1.1 hashing with domain separation:
 * {@code leaf = H(0x00 || entry)}, {@code node = H(0x01 || left || right)}, and the
 * empty tree hashes to {@code H()}. Immutable and thread-safe.
 */
public final class LogHasher {

	/** Domain-separation prefix of a leaf hash (RFC 9162 section 2.1.1). */
	public static final byte LEAF_HASH_PREFIX = 0x00;

	/** Domain-separation prefix of an interior node hash (RFC 9162 section 2.1.1). */
	public static final byte NODE_HASH_PREFIX = 0x01;

	private static final byte[] EMPTY = new byte[0];

	private final HashAlgorithm algorithm;

	private LogHasher(HashAlgorithm algorithm) {
		this.algorithm = algorithm;
	}

	public static LogHasher of(HashAlgorithm algorithm) {
		return new LogHasher(algorithm);
	}

	/** The default hasher (SHA-256). */
	public static LogHasher sha256() {
		return new LogHasher(HashAlgorithm.SHA_256);
	}

	public HashAlgorithm algorithm() {
		return this.algorithm;
	}

	public int size() {
		return this.algorithm.digestLength();
	}

	/** Root of the empty tree: {@code H()}. */
	public byte[] emptyRoot() {
		return this.algorithm.digest(EMPTY);
	}

	/** {@code H(0x00 || entry)}. */
	public byte[] hashLeaf(byte[] entry) {
		return this.algorithm.digest(LEAF_HASH_PREFIX, EMPTY, entry);
	}

	/** {@code H(0x01 || left || right)}. */
	public byte[] hashChildren(byte[] left, byte[] right) {
		return this.algorithm.digest(NODE_HASH_PREFIX, left, right);
	}

	@Override
	public String toString() {
		return "LogHasher[" + this.algorithm.standardName() + "]";
	}

}
