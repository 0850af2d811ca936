package com.veritrace.anchor;

/**
 * A complete (perfect) subtree of the log: at {@code level} L it covers the leaves
 * {@code [index * 2^L, (index + 1) * 2^L)}. Level 0 nodes are leaf hashes. Node IDs do
 * not depend on the tree size, so a stored node stays valid forever in an append-only
 * log.
 */
public record NodeId(int level, long index) {

	public NodeId {
		if (level < 0 || level > 63) {
			throw new IllegalArgumentException("level must be in [0, 63]: " + level);
		}
		if (index < 0) {
			throw new IllegalArgumentException("index must not be negative: " + index);
		}
	}

	/** First leaf covered. */
	public long firstLeaf() {
		return this.index << this.level;
	}

	/** One past the last leaf covered. */
	public long endLeaf() {
		return (this.index + 1) << this.level;
	}

}
