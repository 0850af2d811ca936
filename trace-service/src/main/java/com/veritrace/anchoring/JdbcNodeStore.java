package com.veritrace.anchoring;

import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.LogRangeException;
import com.veritrace.anchor.NodeHash;
import com.veritrace.anchor.NodeId;
import com.veritrace.anchor.NodeStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Merkle log in the database: leaves in {@code anchor_leaf} (one per event row, in
 * log order) and complete subtrees of every {@value #LEVEL_GAP}th level in
 * {@code anchor_node} (about one cached node per 15 leaves). A node the store did not
 * keep is computed here from its at most {@code 2^(LEVEL_GAP-1)} descendants on the kept
 * level below it (or the leaves), read in the same query as the kept ones: a whole proof
 * (at 10^7 leaves ~24 path nodes, ~100 rows) is one indexed query ({@code UNION ALL} of
 * the leaves and the nodes). Were a kept descendant missing, the node is reported unknown
 * and {@code MerkleLog} recomputes it level by level from its children.
 *
 * <p>
 * Appends come only from the anchor leader, which {@linkplain #stage stages} the event
 * row IDs of the leaves it is about to append; {@link #append} writes leaves and nodes in
 * one transaction and fails (changing nothing) if another writer appended meanwhile.
 */
final class JdbcNodeStore implements NodeStore {

	static final int LEVEL_GAP = 4;

	private static final int IN_CHUNK = 500;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final LogHasher hasher;

	private List<Long> staged = List.of();

	private long stagedFirst = -1;

	JdbcNodeStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, LogHasher hasher) {
		this.hasher = hasher;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	static long key(NodeId id) {
		return ((long) id.level() << 56) | id.index();
	}

	static boolean kept(int level) {
		return level > 0 && level % LEVEL_GAP == 0;
	}

	@Override
	public long size() {
		Long max = this.jdbc.queryForObject("SELECT MAX(leaf_index) FROM anchor_leaf", Long.class);
		return (max == null) ? 0 : max + 1;
	}

	@Override
	public byte[] leafHash(long index) {
		List<byte[]> found = this.jdbc.query("SELECT leaf_hash FROM anchor_leaf WHERE leaf_index = ?",
				(rs, n) -> rs.getBytes(1), index);
		if (found.isEmpty()) {
			throw new LogRangeException("no leaf " + index);
		}
		return found.get(0);
	}

	@Override
	public byte @Nullable [] subtreeHash(NodeId id) {
		if (!kept(id.level())) {
			return null;
		}
		List<byte[]> found = this.jdbc.query("SELECT hash FROM anchor_node WHERE node_key = ?",
				(rs, n) -> rs.getBytes(1), key(id));
		return found.isEmpty() ? null : found.get(0);
	}

	@Override
	public List<byte @Nullable []> nodeHashes(List<NodeId> ids) {
		// what to read: each kept node or leaf itself, each other node's descendants on
		// the kept level below it
		Set<Long> leaves = new LinkedHashSet<>();
		Set<Long> nodes = new LinkedHashSet<>();
		for (NodeId id : ids) {
			int below = id.level() % LEVEL_GAP;
			int base = id.level() - below;
			for (long i = id.index() << below; i < (id.index() + 1) << below; i++) {
				if (base == 0) {
					leaves.add(i);
				}
				else {
					nodes.add(key(new NodeId(base, i)));
				}
			}
		}
		Map<Long, byte[]> leafHashes = new HashMap<>();
		Map<Long, byte[]> nodeHashes = new HashMap<>();
		read(new ArrayList<>(leaves), new ArrayList<>(nodes), leafHashes, nodeHashes);
		List<byte @Nullable []> result = new ArrayList<>(ids.size());
		for (NodeId id : ids) {
			if (id.level() == 0) {
				byte[] hash = leafHashes.get(id.index());
				if (hash == null) {
					throw new LogRangeException("no leaf " + id.index());
				}
				result.add(hash);
			}
			else {
				result.add(computed(id, leafHashes, nodeHashes));
			}
		}
		return result;
	}

	/**
	 * The hash of a complete subtree from its descendants on the kept level below it, or
	 * null if one of them is not stored.
	 */
	private byte @Nullable [] computed(NodeId id, Map<Long, byte[]> leafHashes, Map<Long, byte[]> nodeHashes) {
		int below = id.level() % LEVEL_GAP;
		int base = id.level() - below;
		List<byte[]> level = new ArrayList<>(1 << below);
		for (long i = id.index() << below; i < (id.index() + 1) << below; i++) {
			byte[] hash = (base == 0) ? leafHashes.get(i) : nodeHashes.get(key(new NodeId(base, i)));
			if (hash == null) {
				return null;
			}
			level.add(hash);
		}
		while (level.size() > 1) {
			List<byte[]> up = new ArrayList<>(level.size() / 2);
			for (int i = 0; i < level.size(); i += 2) {
				up.add(this.hasher.hashChildren(level.get(i), level.get(i + 1)));
			}
			level = up;
		}
		return level.get(0);
	}

	/**
	 * Reads leaf and node hashes by key, both in one query per {@value #IN_CHUNK} keys of
	 * each.
	 */
	private void read(List<Long> leaves, List<Long> nodes, Map<Long, byte[]> leafHashes, Map<Long, byte[]> nodeHashes) {
		for (int from = 0; from < Math.max(leaves.size(), nodes.size()); from += IN_CHUNK) {
			List<Long> leafChunk = leaves.subList(Math.min(from, leaves.size()),
					Math.min(leaves.size(), from + IN_CHUNK));
			List<Long> nodeChunk = nodes.subList(Math.min(from, nodes.size()), Math.min(nodes.size(), from + IN_CHUNK));
			List<String> selects = new ArrayList<>(2);
			if (!leafChunk.isEmpty()) {
				selects.add("SELECT 0, leaf_index, leaf_hash FROM anchor_leaf WHERE leaf_index IN ("
						+ String.join(",", Collections.nCopies(leafChunk.size(), "?")) + ")");
			}
			if (!nodeChunk.isEmpty()) {
				selects.add("SELECT 1, node_key, hash FROM anchor_node WHERE node_key IN ("
						+ String.join(",", Collections.nCopies(nodeChunk.size(), "?")) + ")");
			}
			List<Object> keys = new ArrayList<>(leafChunk);
			keys.addAll(nodeChunk);
			this.jdbc.query(String.join(" UNION ALL ", selects), (ResultSet rs) -> {
				(rs.getInt(1) == 0 ? leafHashes : nodeHashes).put(rs.getLong(2), rs.getBytes(3));
			}, keys.toArray());
		}
	}

	/**
	 * The event row IDs of the leaves the next {@link #append} writes (the leader only),
	 * and the leaf index the appending log expects the first of them to get.
	 */
	void stage(List<Long> eventRowIds, long expectedFirstIndex) {
		this.staged = List.copyOf(eventRowIds);
		this.stagedFirst = expectedFirstIndex;
	}

	@Override
	public void append(List<byte[]> leafHashes, List<NodeHash> completedSubtrees) {
		List<Long> rowIds = this.staged;
		long expectedFirst = this.stagedFirst;
		this.staged = List.of();
		this.stagedFirst = -1;
		if (rowIds.size() != leafHashes.size()) {
			throw new IllegalStateException(
					"staged " + rowIds.size() + " event rows for " + leafHashes.size() + " leaves");
		}
		long now = this.clock.millis();
		this.transactions.executeWithoutResult((status) -> {
			long first = size();
			if (first != expectedFirst) {
				throw new ConcurrentAppendException("the log has " + first + " leaves, this leader expected "
						+ expectedFirst + ": another process appended");
			}
			List<Object[]> leafRows = new ArrayList<>(leafHashes.size());
			for (int i = 0; i < leafHashes.size(); i++) {
				leafRows.add(new Object[] { first + i, rowIds.get(i), leafHashes.get(i), now });
			}
			this.jdbc.batchUpdate(
					"INSERT INTO anchor_leaf (leaf_index, event_row_id, leaf_hash, appended_ms) VALUES (?,?,?,?)",
					leafRows);
			List<Object[]> nodeRows = new ArrayList<>();
			for (NodeHash node : completedSubtrees) {
				if (kept(node.id().level())) {
					nodeRows.add(new Object[] { key(node.id()), node.hash() });
				}
			}
			if (!nodeRows.isEmpty()) {
				this.jdbc.batchUpdate("INSERT INTO anchor_node (node_key, hash) VALUES (?,?)", nodeRows);
			}
		});
	}

	/**
	 * Another process appended to the log: the appending {@code MerkleLog} must be
	 * reopened.
	 */
	static final class ConcurrentAppendException extends IllegalStateException {

		ConcurrentAppendException(String message) {
			super(message);
		}

	}

}
