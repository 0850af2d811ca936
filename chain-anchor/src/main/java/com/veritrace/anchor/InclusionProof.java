package com.veritrace.anchor;

import java.util.List;

import com.veritrace.anchor.internal.Hashes;

/**
 * RFC 9162 inclusion proof: the audit path of leaf {@code leafIndex} in the tree of
 * {@code treeSize} leaves, ordered from the leaf's sibling up to the root's child. The
 * accessor returns copies; the record is immutable.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> auditPath, HashAlgorithm algorithm) {

	public InclusionProof {
		auditPath = Hashes.copyOf(auditPath);
	}

	@Override
	public List<byte[]> auditPath() {
		return Hashes.copyOf(this.auditPath);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof InclusionProof that && this.leafIndex == that.leafIndex
				&& this.treeSize == that.treeSize && this.algorithm == that.algorithm
				&& Hashes.equal(this.auditPath, that.auditPath);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.leafIndex) * 31 + Long.hashCode(this.treeSize) * 17 + Hashes.hash(this.auditPath);
	}

	@Override
	public String toString() {
		return "InclusionProof[leafIndex=" + this.leafIndex + ", treeSize=" + this.treeSize + ", algorithm="
				+ this.algorithm + ", auditPath=" + Hashes.hex(this.auditPath) + "]";
	}

}
