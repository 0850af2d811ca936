package com.veritrace.anchor;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node ID with its hash, as handed to a {@link NodeStore} when a subtree becomes
 * complete.
 */
public record NodeHash(NodeId id, byte[] hash) {

	public NodeHash {
		hash = hash.clone();
	}

	@Override
	public byte[] hash() {
		return this.hash.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NodeHash that && this.id.equals(that.id) && Arrays.equals(this.hash, that.hash);
	}

	@Override
	public int hashCode() {
		return 31 * this.id.hashCode() + Arrays.hashCode(this.hash);
	}

	@Override
	public String toString() {
		return "NodeHash[" + this.id + ", " + HexFormat.of().formatHex(this.hash) + "]";
	}

}
