package com.veritrace.anchor;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A root as read back from a ledger.
 *
 * @param treeSize the tree size it was anchored for
 * @param rootHash the root hash
 * @param algorithm the log's hash algorithm
 * @param headTimestamp the tree head's own timestamp (milliseconds)
 * @param anchoredAt when the ledger recorded it (block time, seconds)
 */
public record AnchoredRoot(long treeSize, byte[] rootHash, HashAlgorithm algorithm, Instant headTimestamp,
		Instant anchoredAt) {

	public AnchoredRoot {
		rootHash = rootHash.clone();
	}

	@Override
	public byte[] rootHash() {
		return this.rootHash.clone();
	}

	public boolean matches(TreeHead head) {
		return head.treeSize() == this.treeSize && head.algorithm() == this.algorithm
				&& Arrays.equals(head.rootHash(), this.rootHash);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AnchoredRoot that && this.treeSize == that.treeSize && this.algorithm == that.algorithm
				&& Arrays.equals(this.rootHash, that.rootHash) && this.headTimestamp.equals(that.headTimestamp)
				&& this.anchoredAt.equals(that.anchoredAt);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.treeSize) * 31 + Arrays.hashCode(this.rootHash);
	}

	@Override
	public String toString() {
		return "AnchoredRoot[treeSize=" + this.treeSize + ", rootHash=" + HexFormat.of().formatHex(this.rootHash)
				+ ", algorithm=" + this.algorithm + ", headTimestamp=" + this.headTimestamp + ", anchoredAt="
				+ this.anchoredAt + "]";
	}

}
