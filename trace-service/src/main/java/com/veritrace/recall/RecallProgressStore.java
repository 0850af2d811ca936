package com.veritrace.recall;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The progress tables: the build of each recall, the holder rows with their counts, the
 * item and case rows, and the applier's queue. Plain JDBC; the callers bring the
 * transactions (a build chunk, an application of queued changes, a read).
 */
@Repository
class RecallProgressStore {

	static final String BUILDING = "BUILDING";

	static final String READY = "READY";

	/** {@code removed_how}: by a removal event, by a partner's confirmation. */
	static final String BY_EVENT = "EVENT";

	static final String BY_PARTNER = "PARTNER";

	private final JdbcTemplate jdbc;

	RecallProgressStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A recall's build: where it stands and its cursor. */
	record Build(long id, String recallId, String status, int targetVersion, int builtVersion, int scopeIndex,
			@Nullable String afterKey, long itemsBuilt, long startedMs, long updatedMs, @Nullable Long finishedMs) {

		boolean ready() {
			return READY.equals(this.status);
		}

	}

	/**
	 * The state of an item or a case: where it was last seen (holder row), by which event
	 * and when, through which case (items only), and whether it is removed.
	 */
	record State(String key, @Nullable String lotNumber, long holderRow, @Nullable Long seenMs, @Nullable Long seenRow,
			@Nullable String sscc, @Nullable Long stateMs, boolean removed, @Nullable Long removedBy,
			@Nullable String removedHow) {
	}

	/** A holder row with its counts. */
	record Holder(long id, long holderId, String location, long items, long itemsRemoved, long cases, long casesRemoved,
			@Nullable Long lastSeenMs) {
	}

	/** Sums over a recall's holder rows. */
	record Totals(long items, long itemsRemoved, long cases, long casesRemoved, long itemsNotSeen) {
	}

	/** A queued change: a noted event or a partner's response. */
	record Queued(long id, @Nullable Long eventRowId, @Nullable Long responseId) {
	}

	// builds

	/** Starts the recall's build for the version, unless there is one already. */
	void create(String recallId, int version, long nowMs) {
		this.jdbc.update("INSERT INTO recall_progress (recall_id, status, target_version, built_version, scope_index, "
				+ "after_key, items_built, started_ms, updated_ms) SELECT ?, ?, ?, 0, 0, NULL, 0, ?, ? FROM DUAL "
				+ "WHERE NOT EXISTS (SELECT 1 FROM recall_progress WHERE recall_id = ?)", recallId, BUILDING, version,
				nowMs, nowMs, recallId);
	}

	/**
	 * Builds on for a later version (an amendment adds scope rows after those built):
	 * back to BUILDING when the version is newer than the target.
	 */
	void retarget(String recallId, int version, long nowMs) {
		this.jdbc
			.update("UPDATE recall_progress SET status = ?, target_version = ?, updated_ms = ?, finished_ms = NULL "
					+ "WHERE recall_id = ? AND target_version < ?", BUILDING, version, nowMs, recallId, version);
	}

	@Nullable Build find(String recallId) {
		return build("SELECT * FROM recall_progress WHERE recall_id = ?", recallId);
	}

	/** The build, locked: chunks, and the applier, of one recall run one at a time. */
	@Nullable Build lock(String recallId) {
		return build("SELECT * FROM recall_progress WHERE recall_id = ? FOR UPDATE", recallId);
	}

	private @Nullable Build build(String sql, String recallId) {
		List<Build> builds = this.jdbc.query(sql, (rs, n) -> {
			long finished = rs.getLong("finished_ms");
			Long finishedMs = rs.wasNull() ? null : finished;
			return new Build(rs.getLong("id"), rs.getString("recall_id"), rs.getString("status"),
					rs.getInt("target_version"), rs.getInt("built_version"), rs.getInt("scope_index"),
					rs.getString("after_key"), rs.getLong("items_built"), rs.getLong("started_ms"),
					rs.getLong("updated_ms"), finishedMs);
		}, recallId);
		return builds.isEmpty() ? null : builds.get(0);
	}

	void advance(long id, int scopeIndex, @Nullable String afterKey, long addedItems, long nowMs) {
		this.jdbc.update("UPDATE recall_progress SET scope_index = ?, after_key = ?, items_built = items_built + ?, "
				+ "updated_ms = ? WHERE id = ?", scopeIndex, afterKey, addedItems, nowMs, id);
	}

	void finish(long id, int builtVersion, long nowMs) {
		this.jdbc.update("UPDATE recall_progress SET status = ?, built_version = ?, updated_ms = ?, finished_ms = ? "
				+ "WHERE id = ?", READY, builtVersion, nowMs, nowMs, id);
	}

	/** Recalls whose build nobody has moved on since {@code updatedBefore}. */
	List<String> stalled(long updatedBefore) {
		return this.jdbc.queryForList(
				"SELECT recall_id FROM recall_progress WHERE status = ? AND updated_ms < ? ORDER BY updated_ms LIMIT 10",
				String.class, BUILDING, updatedBefore);
	}

	// holder rows

	/** The holder row of (holder, location), made when missing. */
	long holderRow(long progressId, long holderId, String location) {
		Long id = findHolderRow(progressId, holderId, location);
		if (id != null) {
			return id;
		}
		this.jdbc.update("INSERT INTO recall_holder (progress_id, holder_id, location, items, items_removed, cases, "
				+ "cases_removed) SELECT ?, ?, ?, 0, 0, 0, 0 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM recall_holder "
				+ "WHERE progress_id = ? AND holder_id = ? AND location = ?)", progressId, holderId, location,
				progressId, holderId, location);
		Long made = findHolderRow(progressId, holderId, location);
		if (made == null) {
			throw new IllegalStateException("holder row of recall progress " + progressId + " not made");
		}
		return made;
	}

	private @Nullable Long findHolderRow(long progressId, long holderId, String location) {
		List<Long> ids = this.jdbc.queryForList(
				"SELECT id FROM recall_holder WHERE progress_id = ? AND holder_id = ? AND location = ?", Long.class,
				progressId, holderId, location);
		return ids.isEmpty() ? null : ids.get(0);
	}

	/** Counts to add to holder rows, applied in row order (no two appliers deadlock). */
	static final class Deltas {

		final Map<Long, long[]> byRow = new TreeMap<>();

		/** items, items removed, cases, cases removed, last seen. */
		void add(long row, long items, long itemsRemoved, long cases, long casesRemoved, @Nullable Long seenMs) {
			long[] d = this.byRow.computeIfAbsent(row, r -> new long[] { 0, 0, 0, 0, Long.MIN_VALUE });
			d[0] += items;
			d[1] += itemsRemoved;
			d[2] += cases;
			d[3] += casesRemoved;
			if (seenMs != null) {
				d[4] = Math.max(d[4], seenMs);
			}
		}

	}

	void apply(Deltas deltas) {
		List<Object[]> rows = new ArrayList<>();
		// last_seen_ms 0: never seen in an event
		deltas.byRow.forEach(
				(row, d) -> rows.add(new Object[] { d[0], d[1], d[2], d[3], d[4] == Long.MIN_VALUE ? 0L : d[4], row }));
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate("UPDATE recall_holder SET items = items + ?, items_removed = items_removed + ?, "
					+ "cases = cases + ?, cases_removed = cases_removed + ?, "
					+ "last_seen_ms = GREATEST(COALESCE(last_seen_ms, 0), ?) WHERE id = ?", rows);
		}
	}

	/** The holder rows of an organisation in a recall's progress. */
	List<Long> holderRowsOf(long progressId, long holderId) {
		return this.jdbc.queryForList("SELECT id FROM recall_holder WHERE progress_id = ? AND holder_id = ?",
				Long.class, progressId, holderId);
	}

	// items and cases

	/** The serials (or SSCCs) among these that have a row already. */
	Set<String> existing(Kind kind, long progressId, Collection<String> keys) {
		Set<String> found = new HashSet<>();
		for (List<String> chunk : chunks(keys)) {
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(progressId);
			args.addAll(chunk);
			found.addAll(
					this.jdbc.queryForList(
							"SELECT " + kind.key + " FROM " + kind.table + " WHERE progress_id = ? AND " + kind.key
									+ " IN (" + RecallAlertStore.marks(chunk.size()) + ")",
							String.class, args.toArray()));
		}
		return found;
	}

	/** Items or cases as tables: the item rows have a lot and a case. */
	enum Kind {

		ITEM("recall_item", "serial"), CASE("recall_case", "sscc");

		final String table;

		final String key;

		Kind(String table, String key) {
			this.table = table;
			this.key = key;
		}

	}

	void insert(Kind kind, long progressId, List<State> states) {
		if (states.isEmpty()) {
			return;
		}
		if (kind == Kind.ITEM) {
			this.jdbc.batchUpdate("INSERT INTO recall_item (progress_id, serial, lot_number, holder_row, seen_ms, "
					+ "seen_row, sscc, state_ms, removed, removed_by, removed_how) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
					states, 1000, (ps, s) -> {
						ps.setLong(1, progressId);
						ps.setString(2, s.key());
						ps.setString(3, s.lotNumber());
						ps.setLong(4, s.holderRow());
						ps.setObject(5, s.seenMs());
						ps.setObject(6, s.seenRow());
						ps.setString(7, s.sscc());
						ps.setObject(8, s.stateMs());
						ps.setBoolean(9, s.removed());
						ps.setObject(10, s.removedBy());
						ps.setString(11, s.removedHow());
					});
		}
		else {
			this.jdbc
				.batchUpdate(
						"INSERT INTO recall_case (progress_id, sscc, holder_row, seen_ms, seen_row, state_ms, "
								+ "removed, removed_by, removed_how) VALUES (?,?,?,?,?,?,?,?,?)",
						states, 1000, (ps, s) -> {
							ps.setLong(1, progressId);
							ps.setString(2, s.key());
							ps.setLong(3, s.holderRow());
							ps.setObject(4, s.seenMs());
							ps.setObject(5, s.seenRow());
							ps.setObject(6, s.stateMs());
							ps.setBoolean(7, s.removed());
							ps.setObject(8, s.removedBy());
							ps.setString(9, s.removedHow());
						});
		}
	}

	/** The rows of these items or cases, locked for an update. */
	List<State> lockStates(Kind kind, long progressId, Collection<String> keys) {
		List<State> states = new ArrayList<>();
		for (List<String> chunk : chunks(keys)) {
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(progressId);
			args.addAll(chunk);
			states.addAll(this.jdbc.query(
					"SELECT " + columns(kind) + " FROM " + kind.table + " WHERE progress_id = ? AND " + kind.key
							+ " IN (" + RecallAlertStore.marks(chunk.size()) + ") ORDER BY " + kind.key + " FOR UPDATE",
					(rs, n) -> state(kind, rs), args.toArray()));
		}
		return states;
	}

	/**
	 * Up to {@code limit} rows not removed in these holder rows whose state is not newer
	 * than {@code atMs}, locked: what a partner's confirmation at that time removes (in
	 * no order: each call reads only rows it will remove, from the index ranges of the
	 * holder rows not removed).
	 */
	List<State> lockRemovable(Kind kind, List<Long> holderRows, long atMs, int limit) {
		if (holderRows.isEmpty()) {
			return List.of();
		}
		List<Object> args = new ArrayList<>(holderRows);
		args.add(atMs);
		args.add(limit);
		return this.jdbc.query("SELECT " + columns(kind) + " FROM " + kind.table + " WHERE holder_row IN ("
				+ RecallAlertStore.marks(holderRows.size()) + ") AND removed = FALSE AND (state_ms IS NULL OR "
				+ "state_ms <= ?) LIMIT ? FOR UPDATE", (rs, n) -> state(kind, rs), args.toArray());
	}

	void update(Kind kind, long progressId, List<State> states) {
		if (states.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate("UPDATE " + kind.table + " SET holder_row = ?, seen_ms = ?, seen_row = ?, "
				+ (kind == Kind.ITEM ? "sscc = ?, " : "")
				+ "state_ms = ?, removed = ?, removed_by = ?, removed_how = ? " + "WHERE progress_id = ? AND "
				+ kind.key + " = ?", states, 1000, (ps, s) -> {
					int i = 1;
					ps.setLong(i++, s.holderRow());
					ps.setObject(i++, s.seenMs());
					ps.setObject(i++, s.seenRow());
					if (kind == Kind.ITEM) {
						ps.setString(i++, s.sscc());
					}
					ps.setObject(i++, s.stateMs());
					ps.setBoolean(i++, s.removed());
					ps.setObject(i++, s.removedBy());
					ps.setString(i++, s.removedHow());
					ps.setLong(i++, progressId);
					ps.setString(i, s.key());
				});
	}

	private static String columns(Kind kind) {
		return kind.key + ", " + (kind == Kind.ITEM ? "lot_number, sscc" : "NULL, NULL")
				+ ", holder_row, seen_ms, seen_row, state_ms, removed, removed_by, removed_how";
	}

	private static State state(Kind kind, ResultSet rs) throws SQLException {
		return new State(rs.getString(1), rs.getString(2), rs.getLong(4), nullableLong(rs, 5), nullableLong(rs, 6),
				rs.getString(3), nullableLong(rs, 7), rs.getBoolean(8), nullableLong(rs, 9), rs.getString(10));
	}

	private static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	/** A time column where 0 stands for none. */
	private static @Nullable Long time(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return value == 0 ? null : value;
	}

	// the applier's queue

	/** Recalls with queued changes. */
	List<String> queuedRecalls() {
		return this.jdbc.queryForList("SELECT DISTINCT recall_id FROM recall_progress_queue", String.class);
	}

	List<Queued> queued(String recallId, int limit) {
		return this.jdbc.query(
				"SELECT id, event_row_id, response_id FROM recall_progress_queue WHERE recall_id = ? ORDER BY id LIMIT ?",
				(rs, n) -> new Queued(rs.getLong(1), nullableLong(rs, 2), nullableLong(rs, 3)), recallId, limit);
	}

	long countQueued(String recallId) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_progress_queue WHERE recall_id = ?", Long.class,
				recallId);
		return n == null ? 0 : n;
	}

	void enqueueResponse(String recallId, long responseId) {
		this.jdbc.update("INSERT INTO recall_progress_queue (recall_id, response_id) VALUES (?, ?)", recallId,
				responseId);
	}

	void dequeue(long id) {
		this.jdbc.update("DELETE FROM recall_progress_queue WHERE id = ?", id);
	}

	// reads

	Totals totals(long progressId) {
		return this.jdbc.queryForObject(
				"SELECT COALESCE(SUM(items), 0), COALESCE(SUM(items_removed), 0), "
						+ "COALESCE(SUM(cases), 0), COALESCE(SUM(cases_removed), 0), "
						+ "COALESCE(SUM(CASE WHEN holder_id = 0 THEN items ELSE 0 END), 0) FROM recall_holder "
						+ "WHERE progress_id = ?",
				(rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
				progressId);
	}

	/** Holder rows with items or cases, most still in circulation first. */
	List<Holder> holders(long progressId, int limit) {
		return this.jdbc.query(
				"SELECT id, holder_id, location, items, items_removed, cases, cases_removed, last_seen_ms FROM "
						+ "recall_holder WHERE progress_id = ? AND (items > 0 OR cases > 0) "
						+ "ORDER BY items - items_removed DESC, items DESC, id LIMIT ?",
				(rs, n) -> new Holder(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
						rs.getLong(6), rs.getLong(7), time(rs, 8)),
				progressId, limit);
	}

	/** What an organisation holds: its holder rows summed. */
	Totals holding(long progressId, long holderId) {
		return this.jdbc.queryForObject(
				"SELECT COALESCE(SUM(items), 0), COALESCE(SUM(items_removed), 0), "
						+ "COALESCE(SUM(cases), 0), COALESCE(SUM(cases_removed), 0), 0 FROM recall_holder "
						+ "WHERE progress_id = ? AND holder_id = ?",
				(rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
				progressId, holderId);
	}

	long countHolders(long progressId) {
		Long n = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM recall_holder WHERE progress_id = ? AND (items > 0 OR cases > 0)", Long.class,
				progressId);
		return n == null ? 0 : n;
	}

	/**
	 * A page of item rows in serial order after {@code after}, optionally of some holder
	 * rows, optionally removed or not. Each (holder row, removed) pair is an index range
	 * in serial order: read separately and merged, so a holder of a million items costs a
	 * page, not a sort.
	 */
	List<State> items(long progressId, @Nullable List<Long> holderRows, @Nullable Boolean removed,
			@Nullable String after, int limit) {
		String from = after == null ? "" : after;
		if (holderRows == null) {
			StringBuilder sql = new StringBuilder(
					"SELECT " + columns(Kind.ITEM) + " FROM recall_item WHERE progress_id = ?");
			List<Object> args = new ArrayList<>(List.of(progressId));
			if (removed != null) {
				sql.append(" AND removed = ?");
				args.add(removed);
			}
			sql.append(" AND serial > ? ORDER BY serial LIMIT ?");
			args.add(from);
			args.add(limit);
			return this.jdbc.query(sql.toString(), (rs, n) -> state(Kind.ITEM, rs), args.toArray());
		}
		List<State> merged = new ArrayList<>();
		for (long row : holderRows) {
			for (boolean value : removed == null ? new boolean[] { false, true } : new boolean[] { removed }) {
				merged.addAll(this.jdbc.query(
						"SELECT " + columns(Kind.ITEM) + " FROM recall_item WHERE holder_row = ? "
								+ "AND removed = ? AND serial > ? ORDER BY serial LIMIT ?",
						(rs, n) -> state(Kind.ITEM, rs), row, value, from, limit));
			}
		}
		merged.sort(java.util.Comparator.comparing(State::key));
		return merged.size() > limit ? List.copyOf(merged.subList(0, limit)) : merged;
	}

	/** Holder rows by id. */
	Map<Long, Holder> holdersById(Collection<Long> ids) {
		Map<Long, Holder> holders = new TreeMap<>();
		for (List<Long> chunk : chunks(ids)) {
			this.jdbc.query("SELECT id, holder_id, location, items, items_removed, cases, cases_removed, last_seen_ms "
					+ "FROM recall_holder WHERE id IN (" + RecallAlertStore.marks(chunk.size()) + ")", rs -> {
						holders.put(rs.getLong(1), new Holder(rs.getLong(1), rs.getLong(2), rs.getString(3),
								rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), time(rs, 8)));
					}, chunk.toArray());
		}
		return holders;
	}

	private static <T> List<List<T>> chunks(Collection<T> keys) {
		List<T> all = List.copyOf(keys);
		List<List<T>> chunks = new ArrayList<>();
		for (int i = 0; i < all.size(); i += 500) {
			chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
		}
		return chunks;
	}

}
