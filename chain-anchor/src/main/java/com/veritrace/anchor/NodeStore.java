package com.veritrace.anchor;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Storage of a Merkle log: the leaf hashes (level 0, always kept) and, optionally, cached
 * hashes of complete subtrees. {@link MerkleLog} computes proofs as {@link NodeId}s and
 * asks the store for them; a node the store did not keep is recomputed from its children.
 * A database store can thus keep only leaves plus, for instance, every 4th or 8th level
 * and still answer any proof with a bounded number of reads ({@code O(2^gap * log n)}).
 *
 * <p>
 * Implementations must be safe for concurrent reads; {@link MerkleLog} serialises writes.
 */
public interface NodeStore {

	/** Number of leaves stored. */
	long size();

	/**
	 * The leaf hash ({@code H(0x00 || entry)}) at {@code index},
	 * {@code 0 <= index < size()}.
	 */
	byte[] leafHash(long index);

	/**
	 * The hash of a complete subtree at {@code level >= 1}, or {@code null} if this store
	 * does not keep that node (it will then be recomputed from its children).
	 */
	byte @Nullable [] subtreeHash(NodeId id);

	/**
	 * Bulk read of the nodes of one proof (a database answers it with one query): for
	 * each ID the leaf hash (level 0, never {@code null}) or the cached subtree hash or
	 * {@code null}.
	 */
	default List<byte @Nullable []> nodeHashes(List<NodeId> ids) {
		List<byte @Nullable []> hashes = new java.util.ArrayList<>(ids.size());
		for (NodeId id : ids) {
			hashes.add((id.level() == 0) ? leafHash(id.index()) : subtreeHash(id));
		}
		return hashes;
	}

	/**
	 * Appends leaf hashes (in order, starting at {@link #size()}) together with every
	 * subtree that those leaves completed (levels >= 1, children before parents). The
	 * store may keep any subset of the subtrees. Must be atomic: all or nothing.
	 */
	void append(List<byte[]> leafHashes, List<NodeHash> completedSubtrees);

}
