package com.veritrace.anchor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The state of the log at one moment: its size, its root hash, the hash algorithm and
 * when the head was produced (millisecond precision; finer parts are dropped so that the
 * signed bytes round-trip).
 *
 * <h2>Signed encoding ({@link #toSignedBytes()}), version 1</h2> Big-endian, fixed
 * layout, 67 bytes for a 32-byte root: <pre>
 * offset size field
 *      0   16 ASCII "veritrace-sth-v1"           domain separation + version
 *     16    1 algorithm code (1 = SHA-256, 2 = SM3) see {@link HashAlgorithm#code()}
 *     17    8 tree size, unsigned 64-bit
 *     25    8 timestamp, milliseconds since 1970-01-01T00:00:00Z, signed 64-bit
 *     33    1 root hash length in bytes (32)
 *     34    n root hash
 * </pre>
 */
public record TreeHead(long treeSize, byte[] rootHash, HashAlgorithm algorithm, Instant timestamp) {

	/** The first 16 bytes of every signed tree head. */
	public static final String ENCODING_MAGIC = "veritrace-sth-v1";

	public TreeHead {
		if (treeSize < 0) {
			throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
		}
		if (rootHash.length != algorithm.digestLength()) {
			throw new IllegalArgumentException(
					"root hash must be " + algorithm.digestLength() + " bytes, was " + rootHash.length);
		}
		rootHash = rootHash.clone();
		timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
	}

	@Override
	public byte[] rootHash() {
		return this.rootHash.clone();
	}

	/** Lowercase hex of the root hash. */
	public String rootHex() {
		return HexFormat.of().formatHex(this.rootHash);
	}

	/** The deterministic bytes that are signed (see the class comment). */
	public byte[] toSignedBytes() {
		byte[] magic = ENCODING_MAGIC.getBytes(StandardCharsets.US_ASCII);
		return ByteBuffer.allocate(magic.length + 1 + 8 + 8 + 1 + this.rootHash.length)
			.put(magic)
			.put(this.algorithm.code())
			.putLong(this.treeSize)
			.putLong(this.timestamp.toEpochMilli())
			.put((byte) this.rootHash.length)
			.put(this.rootHash)
			.array();
	}

	/** Parses {@link #toSignedBytes()}. */
	public static TreeHead fromSignedBytes(byte[] encoded) {
		ByteBuffer buffer = ByteBuffer.wrap(encoded);
		byte[] magic = new byte[ENCODING_MAGIC.length()];
		if (encoded.length < magic.length + 18) {
			throw new IllegalArgumentException("not a signed tree head: too short");
		}
		buffer.get(magic);
		if (!ENCODING_MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
			throw new IllegalArgumentException("not a signed tree head: bad magic");
		}
		HashAlgorithm algorithm = HashAlgorithm.fromCode(buffer.get());
		long size = buffer.getLong();
		Instant timestamp = Instant.ofEpochMilli(buffer.getLong());
		int length = buffer.get() & 0xff;
		if (buffer.remaining() != length) {
			throw new IllegalArgumentException(
					"not a signed tree head: root length " + length + " but " + buffer.remaining() + " bytes left");
		}
		byte[] root = new byte[length];
		buffer.get(root);
		return new TreeHead(size, root, algorithm, timestamp);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TreeHead that && this.treeSize == that.treeSize && this.algorithm == that.algorithm
				&& this.timestamp.equals(that.timestamp) && Arrays.equals(this.rootHash, that.rootHash);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.treeSize) * 31 + Arrays.hashCode(this.rootHash);
	}

	@Override
	public String toString() {
		return "TreeHead[treeSize=" + this.treeSize + ", rootHash=" + rootHex() + ", algorithm=" + this.algorithm
				+ ", timestamp=" + this.timestamp + "]";
	}

}
