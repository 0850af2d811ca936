package com.veritrace.anchoring;

import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.LogRangeException;
import com.veritrace.anchor.NodeHash;
import com.veritrace.anchor.NodeId;
import com.veritrace.anchor.NodeStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Merkle log in the database: leaves in {@code anchor_leaf} (one per event row, in
 * log order) and complete subtrees of every {@value #LEVEL_GAP}th level in
 * {@code anchor_node} (about one cached node per 15 leaves). A proof node the store did
 * not keep is recomputed by {@code MerkleLog} from at most {@code 2^(LEVEL_GAP-1)} stored
 * nodes, read level by level with bulk queries, so a proof at 10^7 leaves costs a handful
 * of indexed queries.
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

	private List<Long> staged = List.of();

	private long stagedFirst = -1;

	JdbcNodeStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
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
		List<Long> leaves = new ArrayList<>();
		List<Long> nodes = new ArrayList<>();
		for (NodeId id : ids) {
			if (id.level() == 0) {
				leaves.add(id.index());
			}
			else if (kept(id.level())) {
				nodes.add(key(id));
			}
		}
		Map<Long, byte[]> leafHashes = read("SELECT leaf_index, leaf_hash FROM anchor_leaf WHERE leaf_index IN ",
				leaves);
		Map<Long, byte[]> nodeHashes = read("SELECT node_key, hash FROM anchor_node WHERE node_key IN ", nodes);
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
				result.add(kept(id.level()) ? nodeHashes.get(key(id)) : null);
			}
		}
		return result;
	}

	private Map<Long, byte[]> read(String select, List<Long> keys) {
		Map<Long, byte[]> found = new HashMap<>();
		for (int from = 0; from < keys.size(); from += IN_CHUNK) {
			List<Long> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
			String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
			this.jdbc.query(select + "(" + marks + ")", (ResultSet rs) -> {
				found.put(rs.getLong(1), rs.getBytes(2));
			}, chunk.toArray());
		}
		return found;
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
