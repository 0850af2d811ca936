package com.veritrace.anchoring;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Audit paths of inclusion proofs already computed, by leaf index, tree size and root
 * hash. A root commits to every leaf of its tree, so the path of a leaf in the tree of a
 * given root never changes: a new head, a head re-signed with another root or a log
 * rebuilt behind the service is another key, never a stale hit. Only paths that lead to
 * their root are put here ({@link ProofService} checks them first). Bounded: beyond
 * {@code maxEntries} the least recently used path is dropped (a path is
 * {@code 32 * log2(treeSize)} bytes, ~0.8 KB at 10^7 leaves, ~0.9 KB per entry with its
 * key); {@code maxEntries} 0 keeps nothing. Thread-safe.
 */
final class ProofPathCache {

	private final int maxEntries;

	private final Map<Key, byte[]> entries;

	ProofPathCache(int maxEntries) {
		this.maxEntries = maxEntries;
		this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
				return size() > ProofPathCache.this.maxEntries;
			}
		};
	}

	/** The audit path of this leaf in the tree of this size and root, if kept. */
	@Nullable List<byte[]> get(long leafIndex, long treeSize, byte[] rootHash) {
		if (this.maxEntries == 0) {
			return null;
		}
		byte[] joined;
		synchronized (this.entries) {
			joined = this.entries.get(new Key(leafIndex, treeSize, ByteBuffer.wrap(rootHash)));
		}
		if (joined == null) {
			return null;
		}
		List<byte[]> path = new ArrayList<>(joined.length / rootHash.length);
		for (int from = 0; from < joined.length; from += rootHash.length) {
			path.add(Arrays.copyOfRange(joined, from, from + rootHash.length));
		}
		return path;
	}

	/** Keeps a path that leads to {@code rootHash} (checked by the caller). */
	void put(long leafIndex, long treeSize, byte[] rootHash, List<byte[]> path) {
		if (this.maxEntries == 0) {
			return;
		}
		ByteBuffer joined = ByteBuffer.allocate(path.size() * rootHash.length);
		path.forEach(joined::put);
		Key key = new Key(leafIndex, treeSize, ByteBuffer.wrap(rootHash.clone()));
		synchronized (this.entries) {
			this.entries.put(key, joined.array());
		}
	}

	/** How many paths are kept. */
	int size() {
		synchronized (this.entries) {
			return this.entries.size();
		}
	}

	/** A ByteBuffer compares and hashes by content. */
	private record Key(long leafIndex, long treeSize, ByteBuffer rootHash) {
	}

}
