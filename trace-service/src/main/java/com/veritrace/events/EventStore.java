package com.veritrace.events;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchoring.EventRowMac;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.codes.EpcUris;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The event store: plain JDBC with batching, since this is where the volume is. Identity is
 * the event hash (unique key): an event that arrives again is acknowledged as a duplicate and
 * not stored twice.
 */
@Repository
public class EventStore {

	private static final Logger log = LoggerFactory.getLogger(EventStore.class);

	static final String COLUMNS = "e.id, e.event_hash, e.hash_algorithm, e.event_id, e.event_type, e.event_time_ms, "
			+ "e.event_time_offset, e.record_time_ms, e.action, e.biz_step, e.disposition, e.read_point, "
			+ "e.biz_location, e.reporter_id, e.event_json";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final EventRowMac rowMac;

	EventStore(JdbcTemplate jdbc, Clock clock, EventRowMac rowMac) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.rowMac = rowMac;
	}

	/** What happened to each event of a batch, in the batch's order. */
	public enum Outcome {

		STORED, DUPLICATE

	}

	/**
	 * Stores a batch in one transaction. Events already stored (same hash), and repeats within
	 * the batch, come back as {@link Outcome#DUPLICATE}.
	 */
	@Transactional
	public List<Outcome> append(List<NewEvent> events) {
		if (events.isEmpty()) {
			return List.of();
		}
		Set<HashKey> existing = existingHashes(events);
		List<Outcome> outcomes = new ArrayList<>(events.size());
		Map<HashKey, NewEvent> fresh = new LinkedHashMap<>();
		for (NewEvent event : events) {
			HashKey key = new HashKey(event.hash());
			if (existing.contains(key) || fresh.containsKey(key)) {
				outcomes.add(Outcome.DUPLICATE);
			}
			else {
				fresh.put(key, event);
				outcomes.add(Outcome.STORED);
			}
		}
		if (fresh.isEmpty()) {
			return outcomes;
		}
		List<NewEvent> rows = new ArrayList<>(fresh.values());
		long recordTime = this.clock.millis();
		this.jdbc.batchUpdate("INSERT INTO trace_event (event_hash, hash_algorithm, event_id, event_type, "
				+ "event_time_ms, event_time_offset, record_time_ms, action, biz_step, disposition, read_point, "
				+ "biz_location, reporter_id, event_json, row_mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows, 500,
				(ps, e) -> {
					bindEvent(ps, e, recordTime);
					// the row's MAC: the anchor leader appends only rows the service wrote itself
					ps.setBytes(15, this.rowMac.of(e.hash(), e.hashAlgorithm(), e.reporterId(), recordTime));
				});
		Map<HashKey, Long> ids = idsOf(fresh.keySet());
		List<Object[]> itemRows = new ArrayList<>();
		List<Object[]> lotRows = new ArrayList<>();
		for (Map.Entry<HashKey, NewEvent> entry : fresh.entrySet()) {
			long rowId = ids.get(entry.getKey());
			NewEvent e = entry.getValue();
			long time = e.eventTime().toEpochMilli();
			for (NewEvent.ItemKey item : new HashSet<>(e.items())) {
				itemRows.add(new Object[] { item.gtin(), item.serial(), time, rowId });
			}
			for (NewEvent.LotKey lot : new HashSet<>(e.lots())) {
				lotRows.add(new Object[] { lot.gtin(), lot.lotNumber(), time, rowId });
			}
		}
		if (!itemRows.isEmpty()) {
			this.jdbc.batchUpdate(
					"INSERT INTO trace_event_item (gtin, serial, event_time_ms, event_row_id) VALUES (?,?,?,?)",
					itemRows);
		}
		if (!lotRows.isEmpty()) {
			this.jdbc.batchUpdate(
					"INSERT INTO trace_event_lot (gtin, lot_number, event_time_ms, event_row_id) VALUES (?,?,?,?)",
					lotRows);
		}
		indexContainers(fresh, ids);
		log.debug("Stored {} of {} events", fresh.size(), events.size());
		return outcomes;
	}

	@Transactional(readOnly = true)
	public @Nullable StoredEvent findByHash(byte[] hash) {
		List<StoredEvent> found = this.jdbc.query("SELECT " + COLUMNS + " FROM trace_event e WHERE e.event_hash = ?",
				ROW, (Object) hash);
		return found.isEmpty() ? null : found.get(0);
	}

	/** Events touching one item, in event-time order, after the cursor, at most {@code limit}. */
	@Transactional(readOnly = true)
	public List<StoredEvent> itemTimeline(String gtin, String serial, @Nullable Cursor after, int limit) {
		return timeline("trace_event_item", "serial", gtin, serial, after, limit);
	}

	/** Events touching one lot, in event-time order, after the cursor, at most {@code limit}. */
	@Transactional(readOnly = true)
	public List<StoredEvent> lotTimeline(String gtin, String lotNumber, @Nullable Cursor after, int limit) {
		return timeline("trace_event_lot", "lot_number", gtin, lotNumber, after, limit);
	}

	/** Filters of the event query; null means "any". */
	public record EventFilter(@Nullable String gtin, @Nullable String serial, @Nullable String lotNumber,
			@Nullable String bizStep, @Nullable Long fromMs, @Nullable Long toMs, @Nullable Long reporterId) {
	}

	/** Events matching every given filter, in event-time order, after the cursor, at most {@code limit}. */
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

	/** Events with this EPCIS eventID (usually one; several reporters may reuse an ID). */
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

	/** A span of time during which a child (item or case) was inside a container (SSCC). */
	public record Containment(String parentSscc, long fromMs, @Nullable Long toMs) {
	}

	/**
	 * The containers a child was ever put into, from stored AggregationEvents. {@code childKey} is
	 * {@code 01/<gtin>/21/<serial>} for an item or {@code 00/<sscc>} for a case.
	 */
	@Transactional(readOnly = true)
	public List<Containment> containersOf(String childKey) {
		return this.jdbc.query(
				"SELECT parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child = ? ORDER BY from_ms, id LIMIT 1000",
				(rs, n) -> {
					String parent = rs.getString(1);
					long from = rs.getLong(2);
					long to = rs.getLong(3);
					return new Containment(parent, from, rs.wasNull() ? null : to);
				}, childKey);
	}

	/**
	 * Events naming an SSCC with event time in {@code [fromMs, toMs)} ({@code toMs} null: open), in
	 * event-time order, after the cursor, at most {@code limit}.
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

	/** The lot of an issued item code, from the code registry (codes of completed jobs only). */
	@Transactional(readOnly = true)
	public @Nullable String lotOfItem(String gtin, String serial) {
		List<String> lots = this.jdbc.queryForList("SELECT j.lot_number FROM issued_code c JOIN code_job j "
				+ "ON j.id = c.job_id WHERE c.gtin = ? AND c.serial = ? AND j.status = 'COMPLETED'", String.class, gtin,
				serial);
		return lots.isEmpty() ? null : lots.get(0);
	}

	/** Writes the SSCC index rows and, for AggregationEvents with an SSCC parent, the containment history. */
	private void indexContainers(Map<HashKey, NewEvent> fresh, Map<HashKey, Long> ids) {
		List<Object[]> ssccRows = new ArrayList<>();
		for (Map.Entry<HashKey, NewEvent> entry : fresh.entrySet()) {
			NewEvent e = entry.getValue();
			ContainerRefs refs = ContainerRefs.of(e);
			if (refs == null) {
				continue;
			}
			long time = e.eventTime().toEpochMilli();
			for (String sscc : refs.ssccs()) {
				ssccRows.add(new Object[] { sscc, time, ids.get(entry.getKey()) });
			}
			if (refs.parentSscc() != null && "ADD".equals(e.action())) {
				List<Object[]> rows = new ArrayList<>();
				for (String child : refs.children()) {
					rows.add(new Object[] { refs.parentSscc(), child, time, refs.parentSscc(), child });
				}
				this.jdbc.batchUpdate("INSERT INTO code_aggregation (parent_sscc, child, from_ms) SELECT ?, ?, ? FROM DUAL "
						+ "WHERE NOT EXISTS (SELECT 1 FROM code_aggregation WHERE parent_sscc = ? AND child = ? AND to_ms IS NULL)",
						rows);
			}
			else if (refs.parentSscc() != null && "DELETE".equals(e.action())) {
				if (refs.children().isEmpty()) {
					this.jdbc.update("UPDATE code_aggregation SET to_ms = ? WHERE parent_sscc = ? AND to_ms IS NULL "
							+ "AND from_ms <= ?", time, refs.parentSscc(), time);
				}
				else {
					List<Object[]> rows = new ArrayList<>();
					for (String child : refs.children()) {
						rows.add(new Object[] { time, refs.parentSscc(), child, time });
					}
					this.jdbc.batchUpdate("UPDATE code_aggregation SET to_ms = ? WHERE parent_sscc = ? AND child = ? "
							+ "AND to_ms IS NULL AND from_ms <= ?", rows);
				}
			}
		}
		if (!ssccRows.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO trace_event_sscc (sscc, event_time_ms, event_row_id) VALUES (?,?,?)",
					ssccRows);
		}
	}

	/** The SSCCs an event names, and for an aggregation with an SSCC parent its children as keys. */
	record ContainerRefs(Set<String> ssccs, @Nullable String parentSscc, List<String> children) {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		static @Nullable ContainerRefs of(NewEvent e) {
			String json = e.json();
			if (!json.contains("/00/") && !json.contains(":sscc:")) {
				return null; // no SSCC anywhere: skip the parse
			}
			JsonNode node = JSON.readTree(json);
			Set<String> ssccs = new java.util.LinkedHashSet<>();
			String parent = null;
			if (node.hasNonNull("parentID")) {
				parent = sscc(node.get("parentID").asString());
				if (parent != null) {
					ssccs.add(parent);
				}
			}
			List<String> children = new ArrayList<>();
			for (String list : List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList")) {
				JsonNode values = node.get(list);
				if (values == null || !values.isArray()) {
					continue;
				}
				for (JsonNode value : values) {
					String text = value.asString();
					String sscc = sscc(text);
					if (sscc != null) {
						ssccs.add(sscc);
					}
					if (list.equals("childEPCs") && "AggregationEvent".equals(e.eventType())) {
						String key = sscc != null ? "00/" + sscc : itemKey(text);
						if (key != null) {
							children.add(key);
						}
					}
				}
			}
			boolean aggregation = "AggregationEvent".equals(e.eventType()) && parent != null;
			return ssccs.isEmpty() && !aggregation ? null
					: new ContainerRefs(ssccs, aggregation ? parent : null, aggregation ? children : List.of());
		}

		private static @Nullable DigitalLink link(String text) {
			try {
				return DigitalLink.parse(text.startsWith("urn:") ? EpcUris.toDigitalLink(text) : text,
						DigitalLinkOptions.LENIENT);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		private static @Nullable String sscc(String text) {
			if (!text.contains("/00/") && !text.contains(":sscc:")) {
				return null;
			}
			DigitalLink link = link(text);
			return link != null && link.primaryKey().ai().equals("00") ? link.primaryKey().value() : null;
		}

		private static @Nullable String itemKey(String text) {
			DigitalLink link = link(text);
			if (link == null || !link.primaryKey().ai().equals("01") || link.value("21") == null) {
				return null;
			}
			String gtin = link.primaryKey().value();
			String key = "01/" + "0".repeat(14 - gtin.length()) + gtin + "/21/" + link.value("21");
			return key.length() <= 48 ? key : null;
		}

	}

	private List<StoredEvent> timeline(String table, String keyColumn, String gtin, String key,
			@Nullable Cursor after, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM " + table + " k JOIN trace_event e ON e.id = k.event_row_id"
				+ " WHERE k.gtin = ? AND k." + keyColumn + " = ?"
				+ (after == null ? "" : " AND (k.event_time_ms > ? OR (k.event_time_ms = ? AND k.event_row_id > ?))")
				+ " ORDER BY k.event_time_ms, k.event_row_id LIMIT ?";
		Object[] args = after == null ? new Object[] { gtin, key, limit }
				: new Object[] { gtin, key, after.eventTimeMs(), after.eventTimeMs(), after.rowId(), limit };
		return this.jdbc.query(sql, ROW, args);
	}

	private Set<HashKey> existingHashes(List<NewEvent> events) {
		Set<HashKey> found = new HashSet<>();
		for (List<NewEvent> chunk : chunks(events, 500)) {
			String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
			Object[] args = chunk.stream().map(NewEvent::hash).toArray();
			this.jdbc.query("SELECT event_hash FROM trace_event WHERE event_hash IN (" + marks + ")",
					(ResultSet rs) -> {
						found.add(new HashKey(rs.getBytes(1)));
					}, args);
		}
		return found;
	}

	private Map<HashKey, Long> idsOf(Set<HashKey> hashes) {
		Map<HashKey, Long> ids = new HashMap<>();
		for (List<HashKey> chunk : chunks(new ArrayList<>(hashes), 500)) {
			String marks = String.join(",", Collections.nCopies(chunk.size(), "?"));
			Object[] args = chunk.stream().map(HashKey::bytes).toArray();
			this.jdbc.query("SELECT id, event_hash FROM trace_event WHERE event_hash IN (" + marks + ")",
					(ResultSet rs) -> {
						ids.put(new HashKey(rs.getBytes(2)), rs.getLong(1));
					}, args);
		}
		return ids;
	}

	private static void bindEvent(PreparedStatement ps, NewEvent e, long recordTime) throws SQLException {
		ps.setBytes(1, e.hash());
		ps.setString(2, e.hashAlgorithm());
		ps.setString(3, e.eventId());
		ps.setString(4, e.eventType());
		ps.setLong(5, e.eventTime().toEpochMilli());
		ps.setString(6, e.eventTimeZoneOffset());
		ps.setLong(7, recordTime);
		ps.setString(8, e.action());
		ps.setString(9, e.bizStep());
		ps.setString(10, e.disposition());
		ps.setString(11, e.readPoint());
		ps.setString(12, e.bizLocation());
		ps.setLong(13, e.reporterId());
		ps.setString(14, e.json());
	}

	static <T> List<List<T>> chunks(List<T> list, int size) {
		List<List<T>> chunks = new ArrayList<>();
		for (int i = 0; i < list.size(); i += size) {
			chunks.add(list.subList(i, Math.min(list.size(), i + size)));
		}
		return chunks;
	}

	static final RowMapper<StoredEvent> ROW = (rs, n) -> new StoredEvent(rs.getLong("id"),
			StoredEvent.hashId(rs.getString("hash_algorithm"), rs.getBytes("event_hash")), rs.getString("event_id"),
			rs.getString("event_type"), Instant.ofEpochMilli(rs.getLong("event_time_ms")),
			rs.getString("event_time_offset"), Instant.ofEpochMilli(rs.getLong("record_time_ms")),
			rs.getString("action"), rs.getString("biz_step"), rs.getString("disposition"),
			rs.getString("read_point"), rs.getString("biz_location"), rs.getLong("reporter_id"),
			rs.getString("event_json"));

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

	/** A byte[] with value equality, for hash sets. */
	record HashKey(byte[] bytes) {

		@Override
		public boolean equals(Object other) {
			return other instanceof HashKey that && java.util.Arrays.equals(this.bytes, that.bytes);
		}

		@Override
		public int hashCode() {
			return java.util.Arrays.hashCode(this.bytes);
		}

	}

}
