package com.veritrace.anchor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.internal.ProofPlans;

/**
 * An append-only RFC 9162 Merkle log over a {@link NodeStore}.
 *
 * <p>
 * Entries are 32-byte event digests (see {@link EventHashIds#leafOf(String)}), hashed as
 * leaves {@code H(0x00 || digest)}. Appends keep the right border of the tree (one hash
 * per set bit of the size) so that the current root costs {@code O(log n)} hashes and no
 * reads; every subtree an append completes is handed to the store. Proofs are planned as
 * {@link NodeId}s ({@code O(log n)} nodes) and then read from the store.
 *
 * <p>
 * Thread-safe: appends are serialised, proofs and roots may run concurrently with them.
 * One process appends (the anchor leader); other processes may open a {@code MerkleLog}
 * over the same shared store for proofs and {@link #root(long)} of any size the store
 * holds ({@link #root()} and {@link #size()} reflect only this instance's appends).
 */
public final class MerkleLog {

	private final LogHasher hasher;

	private final NodeStore store;

	/** Hashes of the complete subtrees tiling [0, size), largest first. */
	private final List<byte[]> border = new ArrayList<>(64);

	private long size;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	/** Opens a log over an existing (possibly non-empty) store. */
	public MerkleLog(LogHasher hasher, NodeStore store) {
		this.hasher = hasher;
		this.store = store;
		this.size = store.size();
		List<NodeId> borderNodes = ProofPlans.range(0, this.size);
		Map<NodeId, byte[]> known = resolveNodes(borderNodes);
		for (NodeId node : borderNodes) {
			this.border.add(known.get(node));
		}
	}

	/** A log in memory (tests, embedded mode). */
	public static MerkleLog inMemory(HashAlgorithm algorithm) {
		return new MerkleLog(LogHasher.of(algorithm), new InMemoryNodeStore(algorithm.digestLength()));
	}

	public LogHasher hasher() {
		return this.hasher;
	}

	public HashAlgorithm algorithm() {
		return this.hasher.algorithm();
	}

	public long size() {
		this.lock.readLock().lock();
		try {
			return this.size;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** Appends one entry; returns its leaf index. */
	public long append(byte[] entry) {
		return appendAll(List.of(entry));
	}

	/**
	 * Appends entries in order with one store write; returns the leaf index of the first.
	 */
	public long appendAll(List<byte[]> entries) {
		List<byte[]> leafHashes = new ArrayList<>(entries.size());
		for (byte[] entry : entries) {
			leafHashes.add(this.hasher.hashLeaf(entry));
		}
		this.lock.writeLock().lock();
		try {
			long first = this.size;
			List<NodeHash> completed = new ArrayList<>(entries.size());
			List<byte[]> newBorder = new ArrayList<>(this.border);
			long index = first;
			for (byte[] leafHash : leafHashes) {
				byte[] hash = leafHash;
				int level = 0;
				long position = index;
				while ((position & 1) == 1) {
					hash = this.hasher.hashChildren(newBorder.remove(newBorder.size() - 1), hash);
					level++;
					position >>>= 1;
					completed.add(new NodeHash(new NodeId(level, position), hash));
				}
				newBorder.add(hash);
				index++;
			}
			this.store.append(leafHashes, completed);
			this.border.clear();
			this.border.addAll(newBorder);
			this.size = index;
			return first;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/** Root hash of the current tree ({@code H()} when empty). */
	public byte[] root() {
		this.lock.readLock().lock();
		try {
			return foldRight(this.border);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** Root hash of the tree of the first {@code treeSize} leaves. */
	public byte[] root(long treeSize) {
		checkSize(treeSize);
		if (treeSize == size()) {
			return root();
		}
		return rangeHash(ProofPlans.range(0, treeSize));
	}

	/** The current tree head, stamped with the given clock. */
	public TreeHead treeHead(Clock clock) {
		this.lock.readLock().lock();
		try {
			return new TreeHead(this.size, foldRight(this.border), algorithm(), clock.instant());
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** The leaf hash stored at {@code index}. */
	public byte[] leafHash(long index) {
		if (index < 0 || index >= size()) {
			throw new LogRangeException("leaf " + index + " not in a log of size " + size());
		}
		return this.store.leafHash(index);
	}

	/**
	 * Inclusion proof of leaf {@code leafIndex} in the tree of the first {@code treeSize}
	 * leaves.
	 */
	public InclusionProof inclusionProof(long leafIndex, long treeSize) {
		checkSize(treeSize);
		if (leafIndex < 0 || leafIndex >= treeSize) {
			throw new LogRangeException("leaf " + leafIndex + " not in a tree of size " + treeSize);
		}
		return new InclusionProof(leafIndex, treeSize, resolve(ProofPlans.inclusion(leafIndex, treeSize)), algorithm());
	}

	/**
	 * Consistency proof from the tree of {@code size1} leaves to the tree of
	 * {@code size2}.
	 */
	public ConsistencyProof consistencyProof(long size1, long size2) {
		checkSize(size2);
		if (size1 < 0 || size1 > size2) {
			throw new LogRangeException("no consistency proof from size " + size1 + " to size " + size2);
		}
		return new ConsistencyProof(size1, size2, resolve(ProofPlans.consistency(size1, size2)), algorithm());
	}

	private void checkSize(long treeSize) {
		long current = size();
		if (treeSize > current) {
			// another process may have appended to a shared store: proofs only need its
			// nodes
			current = Math.max(current, this.store.size());
		}
		if (treeSize < 0 || treeSize > current) {
			throw new LogRangeException("tree size " + treeSize + " not available, log has " + current + " leaves");
		}
	}

	/**
	 * Reads all nodes of a proof plan with bulk calls: one for the plan's nodes, then one
	 * per level of children for the nodes the store did not keep (so a store that keeps
	 * every k-th level answers any proof in at most k round trips).
	 */
	private List<byte[]> resolve(List<List<NodeId>> plan) {
		List<NodeId> ids = new ArrayList<>();
		plan.forEach(ids::addAll);
		List<byte @Nullable []> stored = this.store.nodeHashes(ids);
		Map<NodeId, byte[]> known = stored.contains(null) ? resolveNodes(ids, stored) : Map.of();
		List<byte[]> path = new ArrayList<>(plan.size());
		int next = 0;
		for (List<NodeId> element : plan) {
			List<byte[]> hashes = new ArrayList<>(element.size());
			for (NodeId id : element) {
				byte[] hash = stored.get(next++);
				hashes.add((hash != null) ? hash : known.get(id));
			}
			path.add(foldRight(hashes));
		}
		return path;
	}

	private Map<NodeId, byte[]> resolveNodes(List<NodeId> ids) {
		return resolveNodes(ids, this.store.nodeHashes(ids));
	}

	/**
	 * @param firstRound what the store returned for {@code ids}
	 */
	private Map<NodeId, byte[]> resolveNodes(List<NodeId> ids, List<byte @Nullable []> firstRound) {
		Map<NodeId, byte[]> known = new HashMap<>();
		List<NodeId> missing = new ArrayList<>();
		Set<NodeId> requested = new LinkedHashSet<>(ids);
		List<NodeId> round = ids;
		List<byte @Nullable []> stored = firstRound;
		while (!round.isEmpty()) {
			Set<NodeId> next = new LinkedHashSet<>();
			for (int i = 0; i < round.size(); i++) {
				NodeId id = round.get(i);
				byte[] hash = stored.get(i);
				if (hash != null) {
					known.put(id, hash);
				}
				else if (id.level() == 0) {
					throw new IllegalStateException("store has no leaf " + id.index());
				}
				else {
					missing.add(id);
					next.add(new NodeId(id.level() - 1, id.index() << 1));
					next.add(new NodeId(id.level() - 1, (id.index() << 1) | 1));
				}
			}
			next.removeAll(requested);
			requested.addAll(next);
			round = new ArrayList<>(next);
			stored = round.isEmpty() ? List.of() : this.store.nodeHashes(round);
		}
		// recompute bottom-up: children are always one level below their parent
		missing.sort(Comparator.comparingInt(NodeId::level));
		for (NodeId id : missing) {
			byte[] left = known.get(new NodeId(id.level() - 1, id.index() << 1));
			byte[] right = known.get(new NodeId(id.level() - 1, (id.index() << 1) | 1));
			known.put(id, this.hasher.hashChildren(left, right));
		}
		return known;
	}

	private byte[] rangeHash(List<NodeId> nodes) {
		Map<NodeId, byte[]> known = resolveNodes(nodes);
		List<byte[]> hashes = new ArrayList<>(nodes.size());
		for (NodeId node : nodes) {
			hashes.add(known.get(node));
		}
		return foldRight(hashes);
	}

	private byte[] foldRight(List<byte[]> hashes) {
		if (hashes.isEmpty()) {
			return this.hasher.emptyRoot();
		}
		byte[] hash = hashes.get(hashes.size() - 1);
		for (int i = hashes.size() - 2; i >= 0; i--) {
			hash = this.hasher.hashChildren(hashes.get(i), hash);
		}
		return hash;
	}

}
