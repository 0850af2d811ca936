package com.veritrace.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads stored events: by hash or EPCIS eventID, filtered queries, and the item, lot and
 * SSCC timelines in event-time order with a {@link Cursor}. Writing is
 * {@link EventWriter}'s.
 */
@Repository
class StoredEventReader {

	static final String COLUMNS = "e.id, e.event_hash, e.hash_algorithm, e.event_id, e.event_type, e.event_time_ms, "
			+ "e.event_time_offset, e.record_time_ms, e.action, e.biz_step, e.disposition, e.read_point, "
			+ "e.biz_location, e.reporter_id, e.event_json";

	private final JdbcTemplate jdbc;

	StoredEventReader(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	public @Nullable StoredEvent findByHash(byte[] hash) {
		List<StoredEvent> found = this.jdbc.query("SELECT " + COLUMNS + " FROM trace_event e WHERE e.event_hash = ?",
				ROW, (Object) hash);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * Events touching one item, in event-time order, after the cursor, at most
	 * {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> itemTimeline(String gtin, String serial, @Nullable Cursor after, int limit) {
		return timeline("trace_event_item", "serial", gtin, serial, after, limit);
	}

	/**
	 * Events touching one lot, in event-time order, after the cursor, at most
	 * {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> lotTimeline(String gtin, String lotNumber, @Nullable Cursor after, int limit) {
		return timeline("trace_event_lot", "lot_number", gtin, lotNumber, after, limit);
	}

	/** Filters of the event query; null means "any". */
	public record EventFilter(@Nullable String gtin, @Nullable String serial, @Nullable String lotNumber,
			@Nullable String bizStep, @Nullable Long fromMs, @Nullable Long toMs, @Nullable Long reporterId) {
	}

	/**
	 * Events matching every given filter, in event-time order, after the cursor, at most
	 * {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> query(EventFilter f, @Nullable Cursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM trace_event e");
		List<Object> args = new ArrayList<>();
		if (f.gtin() != null && f.serial() != null) {
			sql.append(" JOIN trace_event_item k ON k.event_row_id = e.id AND k.gtin = ? AND k.serial = ?");
			args.add(f.gtin());
			args.add(f.serial());
		}
		else if (f.gtin() != null && f.lotNumber() != null) {
			sql.append(" JOIN trace_event_lot k ON k.event_row_id = e.id AND k.gtin = ? AND k.lot_number = ?");
			args.add(f.gtin());
			args.add(f.lotNumber());
		}
		sql.append(" WHERE 1 = 1");
		if (f.gtin() != null && f.serial() == null && f.lotNumber() == null) {
			sql.append(" AND (EXISTS (SELECT 1 FROM trace_event_item i WHERE i.event_row_id = e.id AND i.gtin = ?)"
					+ " OR EXISTS (SELECT 1 FROM trace_event_lot l WHERE l.event_row_id = e.id AND l.gtin = ?))");
			args.add(f.gtin());
			args.add(f.gtin());
		}
		if (f.bizStep() != null) {
			sql.append(" AND e.biz_step = ?");
			args.add(f.bizStep());
		}
		if (f.fromMs() != null) {
			sql.append(" AND e.event_time_ms >= ?");
			args.add(f.fromMs());
		}
		if (f.toMs() != null) {
			sql.append(" AND e.event_time_ms < ?");
			args.add(f.toMs());
		}
		if (f.reporterId() != null) {
			sql.append(" AND e.reporter_id = ?");
			args.add(f.reporterId());
		}
		if (after != null) {
			sql.append(" AND (e.event_time_ms > ? OR (e.event_time_ms = ? AND e.id > ?))");
			args.add(after.eventTimeMs());
			args.add(after.eventTimeMs());
			args.add(after.rowId());
		}
		sql.append(" ORDER BY e.event_time_ms, e.id LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), ROW, args.toArray());
	}

	/**
	 * Events with this EPCIS eventID (usually one; several reporters may reuse an ID).
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> findByEventId(String eventId) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM trace_event e WHERE e.event_id = ? ORDER BY e.id LIMIT 10",
				ROW, eventId);
	}

	/** The GTINs an event touches (items and lots), for access checks. */
	@Transactional(readOnly = true)
	public List<String> gtinsOf(long rowId) {
		return this.jdbc.queryForList("SELECT gtin FROM trace_event_item WHERE event_row_id = ? UNION "
				+ "SELECT gtin FROM trace_event_lot WHERE event_row_id = ?", String.class, rowId, rowId);
	}

	@Transactional(readOnly = true)
	public long count() {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event", Long.class);
		return n == null ? 0 : n;
	}

	/**
	 * Events naming an SSCC with event time in {@code [fromMs, toMs)} ({@code toMs} null:
	 * open), in event-time order, after the cursor, at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> ssccTimeline(String sscc, long fromMs, @Nullable Long toMs, @Nullable Cursor after,
			int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
				+ " FROM trace_event_sscc k JOIN trace_event e ON e.id = k.event_row_id WHERE k.sscc = ? AND k.event_time_ms >= ?");
		List<Object> args = new ArrayList<>(List.of(sscc, fromMs));
		if (toMs != null) {
			sql.append(" AND k.event_time_ms < ?");
			args.add(toMs);
		}
		if (after != null) {
			sql.append(" AND (k.event_time_ms > ? OR (k.event_time_ms = ? AND k.event_row_id > ?))");
			args.add(after.eventTimeMs());
			args.add(after.eventTimeMs());
			args.add(after.rowId());
		}
		sql.append(" ORDER BY k.event_time_ms, k.event_row_id LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), ROW, args.toArray());
	}

	private List<StoredEvent> timeline(String table, String keyColumn, String gtin, String key, @Nullable Cursor after,
			int limit) {
		String sql = "SELECT " + COLUMNS + " FROM " + table + " k JOIN trace_event e ON e.id = k.event_row_id"
				+ " WHERE k.gtin = ? AND k." + keyColumn + " = ?"
				+ (after == null ? "" : " AND (k.event_time_ms > ? OR (k.event_time_ms = ? AND k.event_row_id > ?))")
				+ " ORDER BY k.event_time_ms, k.event_row_id LIMIT ?";
		Object[] args = after == null ? new Object[] { gtin, key, limit }
				: new Object[] { gtin, key, after.eventTimeMs(), after.eventTimeMs(), after.rowId(), limit };
		return this.jdbc.query(sql, ROW, args);
	}

	static final RowMapper<StoredEvent> ROW = (rs, n) -> new StoredEvent(rs.getLong("id"),
			StoredEvent.hashId(rs.getString("hash_algorithm"), rs.getBytes("event_hash")), rs.getString("event_id"),
			rs.getString("event_type"), Instant.ofEpochMilli(rs.getLong("event_time_ms")),
			rs.getString("event_time_offset"), Instant.ofEpochMilli(rs.getLong("record_time_ms")),
			rs.getString("action"), rs.getString("biz_step"), rs.getString("disposition"), rs.getString("read_point"),
			rs.getString("biz_location"), rs.getLong("reporter_id"), rs.getString("event_json"));

	/** Position in a timeline: the last event seen. */
	public record Cursor(long eventTimeMs, long rowId) {

		public static @Nullable Cursor parse(@Nullable String text) {
			if (text == null || text.isBlank()) {
				return null;
			}
			int dot = text.indexOf('.');
			try {
				return new Cursor(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("cursor '" + text + "' is not one this API returned");
			}
		}

		public static Cursor after(StoredEvent event) {
			return new Cursor(event.eventTime().toEpochMilli(), event.rowId());
		}

		@Override
		public String toString() {
			return this.eventTimeMs + "." + this.rowId;
		}

	}

}
