package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

/**
 * A {@link NodeStore} in memory that keeps every complete subtree (about 64 bytes per
 * leaf for 32-byte hashes). Meant for tests, the embedded mode and as a cache in front of
 * a database. Thread-safe.
 */
public final class InMemoryNodeStore implements NodeStore {

	private static final int CHUNK_HASHES = 1 << 14;

	private final int hashLength;

	/**
	 * levels.get(L) holds the hashes of the complete nodes at level L, in index order.
	 */
	private final List<HashArray> levels = new ArrayList<>();

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	public InMemoryNodeStore() {
		this(HashAlgorithm.DIGEST_LENGTH);
	}

	public InMemoryNodeStore(int hashLength) {
		this.hashLength = hashLength;
		this.levels.add(new HashArray(hashLength));
	}

	@Override
	public long size() {
		this.lock.readLock().lock();
		try {
			return this.levels.get(0).count;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public byte[] leafHash(long index) {
		this.lock.readLock().lock();
		try {
			HashArray leaves = this.levels.get(0);
			if (index < 0 || index >= leaves.count) {
				throw new LogRangeException("leaf " + index + " not in a log of size " + leaves.count);
			}
			return leaves.get(index);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public byte @Nullable [] subtreeHash(NodeId id) {
		this.lock.readLock().lock();
		try {
			if (id.level() >= this.levels.size()) {
				return null;
			}
			HashArray level = this.levels.get(id.level());
			return (id.index() < level.count) ? level.get(id.index()) : null;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	@Override
	public void append(List<byte[]> leafHashes, List<NodeHash> completedSubtrees) {
		this.lock.writeLock().lock();
		try {
			for (byte[] leaf : leafHashes) {
				this.levels.get(0).add(leaf);
			}
			for (NodeHash node : completedSubtrees) {
				int level = node.id().level();
				while (this.levels.size() <= level) {
					this.levels.add(new HashArray(this.hashLength));
				}
				HashArray array = this.levels.get(level);
				if (array.count != node.id().index()) {
					throw new IllegalStateException(
							"subtree " + node.id() + " out of order, expected index " + array.count);
				}
				array.add(node.hash());
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/** Growable array of fixed-length hashes in 512 KiB chunks (no per-hash object). */
	private static final class HashArray {

		private final int hashLength;

		private final List<byte[]> chunks = new ArrayList<>();

		private long count;

		HashArray(int hashLength) {
			this.hashLength = hashLength;
		}

		void add(byte[] hash) {
			if (hash.length != this.hashLength) {
				throw new IllegalArgumentException("hash must be " + this.hashLength + " bytes, was " + hash.length);
			}
			int offset = (int) (this.count % CHUNK_HASHES);
			if (offset == 0) {
				this.chunks.add(new byte[CHUNK_HASHES * this.hashLength]);
			}
			System.arraycopy(hash, 0, this.chunks.get(this.chunks.size() - 1), offset * this.hashLength,
					this.hashLength);
			this.count++;
		}

		byte[] get(long index) {
			byte[] chunk = this.chunks.get((int) (index / CHUNK_HASHES));
			int offset = (int) (index % CHUNK_HASHES) * this.hashLength;
			byte[] out = new byte[this.hashLength];
			System.arraycopy(chunk, offset, out, 0, this.hashLength);
			return out;
		}

	}

}
