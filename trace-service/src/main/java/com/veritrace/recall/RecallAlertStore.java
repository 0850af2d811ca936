package com.veritrace.recall;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.RecalledEvents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The tables of events on recalled items: {@code recall_event} (every stored event that
 * touched an item of an open recall, with its kind), {@code recall_alert} (those after
 * the recall) and the applier's queue entry for each noted event. Plain JDBC, in the
 * caller's transaction (the event store's, or a progress build chunk's).
 */
@Repository
class RecallAlertStore {

	static final String AFTER_RECALL = "AFTER_RECALL";

	static final String REMOVAL = "REMOVAL";

	static final String BEFORE_RECALL = "BEFORE_RECALL";

	private final JdbcTemplate jdbc;

	RecallAlertStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored event noted for a recall. */
	record Noted(String recallId, long eventRowId, byte[] eventHash, String kind, long eventTimeMs, long reporterId) {
	}

	/** What an alert says, before it has an id. */
	record NewAlert(String recallId, long eventRowId, byte[] eventHash, long reporterId, String eventType,
			@Nullable String action, @Nullable String bizStep, @Nullable String disposition, @Nullable String readPoint,
			@Nullable String bizLocation, String what, long itemCount, long eventTimeMs) {
	}

	/**
	 * Notes the event for the recall unless it is noted already, and queues it for the
	 * progress applier; answers whether it was new.
	 */
	boolean note(Noted noted, long nowMs) {
		int inserted = this.jdbc.update(
				"INSERT INTO recall_event (recall_id, event_row_id, event_hash, kind, event_time_ms, reporter_id, "
						+ "noted_ms) SELECT ?, ?, ?, ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS "
						+ "(SELECT 1 FROM recall_event WHERE recall_id = ? AND event_row_id = ?)",
				noted.recallId(), noted.eventRowId(), noted.eventHash(), noted.kind(), noted.eventTimeMs(),
				noted.reporterId(), nowMs, noted.recallId(), noted.eventRowId());
		if (inserted == 0) {
			return false;
		}
		this.jdbc.update("INSERT INTO recall_progress_queue (recall_id, event_row_id) VALUES (?, ?)", noted.recallId(),
				noted.eventRowId());
		return true;
	}

	/** The row ids of these events already noted for the recall. */
	List<Long> notedAmong(String recallId, Collection<Long> rowIds) {
		List<Long> found = new ArrayList<>();
		List<Long> all = List.copyOf(rowIds);
		for (int i = 0; i < all.size(); i += 500) {
			List<Long> chunk = all.subList(i, Math.min(all.size(), i + 500));
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(recallId);
			args.addAll(chunk);
			found.addAll(this.jdbc.queryForList("SELECT event_row_id FROM recall_event WHERE recall_id = ? AND "
					+ "event_row_id IN (" + marks(chunk.size()) + ")", Long.class, args.toArray()));
		}
		return found;
	}

	/** Stores an alert; answers its id. */
	long raise(NewAlert a, long nowMs) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement ps = connection.prepareStatement(
					"INSERT INTO recall_alert (recall_id, event_row_id, event_hash, reporter_id, event_type, action, "
							+ "biz_step, disposition, read_point, biz_location, what, item_count, event_time_ms, "
							+ "raised_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
					Statement.RETURN_GENERATED_KEYS);
			ps.setString(1, a.recallId());
			ps.setLong(2, a.eventRowId());
			ps.setBytes(3, a.eventHash());
			ps.setLong(4, a.reporterId());
			ps.setString(5, a.eventType());
			ps.setString(6, a.action());
			ps.setString(7, a.bizStep());
			ps.setString(8, a.disposition());
			ps.setString(9, a.readPoint());
			ps.setString(10, a.bizLocation());
			ps.setString(11, a.what().length() > 2000 ? a.what().substring(0, 1999) + "…" : a.what());
			ps.setLong(12, a.itemCount());
			ps.setLong(13, a.eventTimeMs());
			ps.setLong(14, nowMs);
			return ps;
		}, keys);
		return keys.getKeyAs(Number.class).longValue();
	}

	/** What was noted about these events (by digest), for capture answers. */
	List<RecalledEvents.Notice> notices(Collection<byte[]> digests) {
		List<RecalledEvents.Notice> notices = new ArrayList<>();
		List<byte[]> all = List.copyOf(digests);
		for (int i = 0; i < all.size(); i += 500) {
			List<byte[]> chunk = all.subList(i, Math.min(all.size(), i + 500));
			this.jdbc.query("SELECT event_hash, recall_id, kind FROM recall_event WHERE event_hash IN ("
					+ marks(chunk.size()) + ")", rs -> {
						notices.add(new RecalledEvents.Notice(rs.getBytes(1), rs.getString(2), rs.getString(3)));
					}, chunk.toArray());
		}
		return notices;
	}

	private static final String ALERT_COLUMNS = "id, recall_id, event_hash, reporter_id, event_type, action, biz_step, "
			+ "disposition, read_point, biz_location, what, item_count, event_time_ms, raised_ms";

	/** An alert row, without the reporter's name. */
	record AlertRow(long id, String recallId, byte[] eventHash, long reporterId, String eventType,
			@Nullable String action, @Nullable String bizStep, @Nullable String disposition, @Nullable String readPoint,
			@Nullable String bizLocation, String what, long itemCount, long eventTimeMs, long raisedMs) {
	}

	@Nullable AlertRow alert(long id) {
		List<AlertRow> rows = this.jdbc.query("SELECT " + ALERT_COLUMNS + " FROM recall_alert WHERE id = ?",
				(rs, n) -> alertRow(rs), id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** A recall's alerts, newest first, before the id (null: from the newest). */
	List<AlertRow> alerts(String recallId, @Nullable Long beforeId, int limit) {
		return this.jdbc.query(
				"SELECT " + ALERT_COLUMNS
						+ " FROM recall_alert WHERE recall_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
				(rs, n) -> alertRow(rs), recallId, beforeId == null ? Long.MAX_VALUE : beforeId, limit);
	}

	long countAlerts(String recallId) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_alert WHERE recall_id = ?", Long.class,
				recallId);
		return n == null ? 0 : n;
	}

	long countNoted(String recallId, String kind) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_event WHERE recall_id = ? AND kind = ?",
				Long.class, recallId, kind);
		return n == null ? 0 : n;
	}

	private static AlertRow alertRow(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new AlertRow(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getLong(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
				rs.getLong(12), rs.getLong(13), rs.getLong(14));
	}

	static String marks(int n) {
		return String.join(",", Collections.nCopies(n, "?"));
	}

}
