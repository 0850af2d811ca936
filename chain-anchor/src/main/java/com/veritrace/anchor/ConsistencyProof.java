package com.veritrace.anchor;

import java.util.List;

import com.veritrace.anchor.internal.Hashes;

/**
 * RFC 9162 consistency proof that the tree of {@code size1} leaves is a prefix of the
 * tree of {@code size2} leaves. Immutable.
 */
public record ConsistencyProof(long size1, long size2, List<byte[]> path, HashAlgorithm algorithm) {

	public ConsistencyProof {
		path = Hashes.copyOf(path);
	}

	@Override
	public List<byte[]> path() {
		return Hashes.copyOf(this.path);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ConsistencyProof that && this.size1 == that.size1 && this.size2 == that.size2
				&& this.algorithm == that.algorithm && Hashes.equal(this.path, that.path);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.size1) * 31 + Long.hashCode(this.size2) * 17 + Hashes.hash(this.path);
	}

	@Override
	public String toString() {
		return "ConsistencyProof[size1=" + this.size1 + ", size2=" + this.size2 + ", algorithm=" + this.algorithm
				+ ", path=" + Hashes.hex(this.path) + "]";
	}

}
