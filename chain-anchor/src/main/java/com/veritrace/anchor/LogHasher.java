package com.veritrace.anchor;

/**
 * RFC 9162 (Certificate Transparency v2) section 2.1.1 hashing with domain separation:
 * {@code leaf = H(0x00 || entry)}, {@code node = H(0x01 || left || right)}, and the empty
 * tree hashes to {@code H()}. Immutable and thread-safe.
 */
public final class LogHasher {

	/** Domain-separation prefix of a leaf hash (RFC 9162 section 2.1.1). */
	public static final byte LEAF_HASH_PREFIX = 0x00;

	/** Domain-separation prefix of an interior node hash (RFC 9162 section 2.1.1). */
	public static final byte NODE_HASH_PREFIX = 0x01;

	private final HashAlgorithm algorithm;

	/**
	 * One reusable engine per thread (JCA provider lookup per hash would dominate the
	 * cost).
	 */
	private final ThreadLocal<HashAlgorithm.DigestEngine> engines;

	private LogHasher(HashAlgorithm algorithm) {
		this.algorithm = algorithm;
		this.engines = ThreadLocal.withInitial(algorithm::newEngine);
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
		return this.engines.get().digest();
	}

	/** {@code H(0x00 || entry)}. */
	public byte[] hashLeaf(byte[] entry) {
		HashAlgorithm.DigestEngine engine = this.engines.get();
		engine.update(LEAF_HASH_PREFIX);
		engine.update(entry);
		return engine.digest();
	}

	/** {@code H(0x01 || left || right)}. */
	public byte[] hashChildren(byte[] left, byte[] right) {
		HashAlgorithm.DigestEngine engine = this.engines.get();
		engine.update(NODE_HASH_PREFIX);
		engine.update(left);
		engine.update(right);
		return engine.digest();
	}

	@Override
	public String toString() {
		return "LogHasher[" + this.algorithm.standardName() + "]";
	}

}
