package com.veritrace.events;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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

import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.codes.EpcUris;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes stored events: plain JDBC with batching, since this is where the volume is.
 * Identity is the event hash (unique key): an event that arrives again is acknowledged as
 * a duplicate and not stored twice. In the same transaction it writes the item, lot and
 * SSCC indexes, the containment history of AggregationEvents ({@code code_aggregation},
 * read through {@link Containments}) and publishes {@link EventsRecorded}; then it hands
 * the stored events to every {@link EventWatch} (recall alerts and removals, cold chain,
 * shipments to distributors), still in that transaction. Reading is
 * {@link StoredEventReader}'s.
 */
@Repository
class EventWriter {

	private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RowMac rowMac;

	private final ApplicationEventPublisher publisher;

	private final ObjectProvider<EventWatch> watches;

	private final LateCommits late;

	EventWriter(JdbcTemplate jdbc, Clock clock, RowMac rowMac, ApplicationEventPublisher publisher,
			ObjectProvider<EventWatch> watches, LateCommits late) {
		this.late = late;
		this.jdbc = jdbc;
		this.clock = clock;
		this.rowMac = rowMac;
		this.publisher = publisher;
		this.watches = watches;
	}

	/** What happened to each event of a batch, in the batch's order. */
	public enum Outcome {

		STORED, DUPLICATE

	}

	/**
	 * Stores a batch in one transaction. Events already stored (same hash), and repeats
	 * within the batch, come back as {@link Outcome#DUPLICATE}.
	 */
	@Transactional
	public List<Outcome> append(List<NewEvent> events) {
		return append(events, true);
	}

	/**
	 * As {@link #append(List)}; {@code watched} false for events the service writes
	 * itself on an organisation's behalf (a recall's own event), which no
	 * {@link EventWatch} sees.
	 */
	@Transactional
	public List<Outcome> append(List<NewEvent> events, boolean watched) {
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
					// the row's MAC (from anchoring): the anchor leader appends only rows
					// the service wrote itself
					ps.setBytes(15, this.rowMac.of(e.hash(), e.hashAlgorithm(), e.reporterId(), recordTime));
				});
		Map<HashKey, Long> ids = idsOf(fresh.keySet());
		this.late.track(recordTime, java.util.Collections.min(ids.values()));
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
		indexIdentifiers(fresh, ids);
		Map<HashKey, Set<String>> ssccs = indexContainers(fresh, ids);
		log.debug("Stored {} of {} events", fresh.size(), events.size());
		// in this transaction: the event publication registry keeps the hand-off with the
		// rows
		this.publisher.publishEvent(new EventsRecorded(fresh.size(), Collections.max(ids.values())));
		if (watched) {
			List<RecalledEvents.Stored> stored = new ArrayList<>(fresh.size());
			fresh.forEach((key, event) -> stored
				.add(new RecalledEvents.Stored(ids.get(key), event, ssccs.getOrDefault(key, Set.of()))));
			List<RecalledEvents.Stored> batch = List.copyOf(stored);
			this.watches.orderedStream().forEach(watch -> watch.stored(batch));
		}
		return outcomes;
	}

	/**
	 * Writes the EPCIS query index ({@code trace_event_epc}, see {@link EpcKeys}): every
	 * identifier an event names, by role.
	 */
	private void indexIdentifiers(Map<HashKey, NewEvent> fresh, Map<HashKey, Long> ids) {
		List<Object[]> rows = new ArrayList<>();
		for (Map.Entry<HashKey, NewEvent> entry : fresh.entrySet()) {
			NewEvent e = entry.getValue();
			long time = e.eventTime().toEpochMilli();
			long rowId = ids.get(entry.getKey());
			for (EpcKeys.Entry key : EpcKeys.entries(ContainerRefs.JSON.readTree(e.json()))) {
				rows.add(new Object[] { key.key(), key.role().code(), time, rowId });
			}
		}
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(
					"INSERT INTO trace_event_epc (epc, role, event_time_ms, event_row_id) VALUES (?,?,?,?)", rows);
		}
	}

	/**
	 * Writes the SSCC index rows and, for AggregationEvents with an SSCC parent, the
	 * containment history; answers the SSCCs each event names.
	 */
	private Map<HashKey, Set<String>> indexContainers(Map<HashKey, NewEvent> fresh, Map<HashKey, Long> ids) {
		List<Object[]> ssccRows = new ArrayList<>();
		Map<HashKey, Set<String>> named = new HashMap<>();
		for (Map.Entry<HashKey, NewEvent> entry : fresh.entrySet()) {
			NewEvent e = entry.getValue();
			ContainerRefs refs = ContainerRefs.of(e);
			if (refs == null) {
				continue;
			}
			named.put(entry.getKey(), refs.ssccs());
			long time = e.eventTime().toEpochMilli();
			for (String sscc : refs.ssccs()) {
				ssccRows.add(new Object[] { sscc, time, ids.get(entry.getKey()) });
			}
			if (refs.parentSscc() != null && "ADD".equals(e.action())) {
				List<Object[]> rows = new ArrayList<>();
				for (String child : refs.children()) {
					rows.add(new Object[] { refs.parentSscc(), child, time, refs.parentSscc(), child });
				}
				this.jdbc
					.batchUpdate("INSERT INTO code_aggregation (parent_sscc, child, from_ms) SELECT ?, ?, ? FROM DUAL "
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
		return named;
	}

	/**
	 * The SSCCs an event names, and for an aggregation with an SSCC parent its children
	 * as keys.
	 */
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
