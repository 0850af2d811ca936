package com.veritrace.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Where items and cases were seen, read in bulk from the event store's index tables
 * ({@code trace_event_item}, {@code trace_event_sscc}, {@code code_aggregation}): for the
 * recall module's progress, which follows up to millions of items in chunks and must not
 * read this module's tables itself. Every method takes a batch and answers in one query
 * per 500 keys; callers bring the transaction.
 */
@Repository
public class ItemSightings {

	/** Keys per {@code IN} list. */
	static final int CHUNK = 500;

	private final JdbcTemplate jdbc;

	ItemSightings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** An event that touched a key, by its event time and row id. */
	public record Sighting(String key, long timeMs, long rowId) {
	}

	/**
	 * A span during which a child (key {@code 01/<gtin>/21/<serial>} or
	 * {@code 00/<sscc>}) was inside a container; {@code toMs} null while it still is.
	 */
	public record Span(String child, String parentSscc, long fromMs, @Nullable Long toMs) {

		/** Whether the child was inside at {@code timeMs}. */
		public boolean covers(long timeMs) {
			return this.fromMs <= timeMs && (this.toMs == null || timeMs < this.toMs);
		}

	}

	/** What a stored event says about where and how, from its row. */
	public record EventFacts(long rowId, byte[] hash, String eventType, @Nullable String action, long timeMs,
			long reporterId, @Nullable String bizStep, @Nullable String disposition, @Nullable String readPoint,
			@Nullable String bizLocation) {
	}

	/** Every event that named one of these items of the GTIN (key: the serial). */
	public List<Sighting> ofItems(String gtin, Collection<String> serials) {
		List<Sighting> sightings = new ArrayList<>();
		for (List<String> chunk : EventWriter.chunks(List.copyOf(serials), CHUNK)) {
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(gtin);
			args.addAll(chunk);
			this.jdbc
				.query("SELECT serial, event_time_ms, event_row_id FROM trace_event_item WHERE gtin = ? AND serial IN ("
						+ marks(chunk.size()) + ")", rs -> {
							sightings.add(new Sighting(rs.getString(1), rs.getLong(2), rs.getLong(3)));
						}, args.toArray());
		}
		return sightings;
	}

	/** Every event that named one of these SSCCs (key: the SSCC). */
	public List<Sighting> ofContainers(Collection<String> ssccs) {
		List<Sighting> sightings = new ArrayList<>();
		for (List<String> chunk : EventWriter.chunks(List.copyOf(ssccs), CHUNK)) {
			this.jdbc.query("SELECT sscc, event_time_ms, event_row_id FROM trace_event_sscc WHERE sscc IN ("
					+ marks(chunk.size()) + ")", rs -> {
						sightings.add(new Sighting(rs.getString(1), rs.getLong(2), rs.getLong(3)));
					}, chunk.toArray());
		}
		return sightings;
	}

	/**
	 * Events on the lot of the GTIN with an event time after {@code afterMs}, oldest
	 * first, at most {@code limit} (key: the lot number).
	 */
	public List<Sighting> ofLot(String gtin, String lotNumber, long afterMs, int limit) {
		return this.jdbc.query(
				"SELECT lot_number, event_time_ms, event_row_id FROM trace_event_lot WHERE gtin = ? AND lot_number = ? "
						+ "AND event_time_ms > ? ORDER BY event_time_ms, event_row_id LIMIT ?",
				(rs, n) -> new Sighting(rs.getString(1), rs.getLong(2), rs.getLong(3)), gtin, lotNumber, afterMs,
				limit);
	}

	/** The containers these children were ever in. */
	public List<Span> containersOf(Collection<String> childKeys) {
		List<Span> spans = new ArrayList<>();
		for (List<String> chunk : EventWriter.chunks(List.copyOf(childKeys), CHUNK)) {
			this.jdbc.query("SELECT child, parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child IN ("
					+ marks(chunk.size()) + ")", rs -> {
						spans.add(span(rs));
					}, chunk.toArray());
		}
		return spans;
	}

	/**
	 * What these containers held at any time from {@code fromMs} on (spans still open or
	 * closed after it).
	 */
	public List<Span> contentsOf(Collection<String> ssccs, long fromMs) {
		List<Span> spans = new ArrayList<>();
		for (List<String> chunk : EventWriter.chunks(List.copyOf(ssccs), CHUNK)) {
			List<Object> args = new ArrayList<>(chunk);
			args.add(fromMs);
			this.jdbc.query("SELECT child, parent_sscc, from_ms, to_ms FROM code_aggregation WHERE parent_sscc IN ("
					+ marks(chunk.size()) + ") AND (to_ms IS NULL OR to_ms > ?)", rs -> {
						spans.add(span(rs));
					}, args.toArray());
		}
		return spans;
	}

	/** The facts of these stored events, by row id. */
	public Map<Long, EventFacts> facts(Collection<Long> rowIds) {
		Map<Long, EventFacts> facts = new HashMap<>();
		for (List<Long> chunk : EventWriter.chunks(List.copyOf(rowIds), CHUNK)) {
			this.jdbc.query("SELECT id, event_hash, event_type, action, event_time_ms, reporter_id, biz_step, "
					+ "disposition, read_point, biz_location FROM trace_event WHERE id IN (" + marks(chunk.size())
					+ ")", rs -> {
						facts.put(rs.getLong(1),
								new EventFacts(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getString(4),
										rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
										rs.getString(10)));
					}, chunk.toArray());
		}
		return facts;
	}

	/**
	 * The row ids of these stored events (by 32-byte digest); unknown ones are left out.
	 */
	public List<Long> rowIds(Collection<byte[]> digests) {
		List<Long> ids = new ArrayList<>();
		for (List<byte[]> chunk : EventWriter.chunks(List.copyOf(digests), CHUNK)) {
			ids.addAll(this.jdbc.queryForList(
					"SELECT id FROM trace_event WHERE event_hash IN (" + marks(chunk.size()) + ")", Long.class,
					chunk.toArray()));
		}
		return ids;
	}

	/** The serials of the GTIN each of these events names, by row id. */
	public Map<Long, List<String>> itemsOf(String gtin, Collection<Long> rowIds) {
		Map<Long, List<String>> items = new LinkedHashMap<>();
		for (List<Long> chunk : EventWriter.chunks(List.copyOf(rowIds), CHUNK)) {
			List<Object> args = new ArrayList<>(chunk);
			args.add(gtin);
			this.jdbc.query("SELECT event_row_id, serial FROM trace_event_item WHERE event_row_id IN ("
					+ marks(chunk.size()) + ") AND gtin = ?", rs -> {
						items.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
					}, args.toArray());
		}
		return items;
	}

	/** The SSCCs each of these events names, by row id. */
	public Map<Long, List<String>> containersNamedBy(Collection<Long> rowIds) {
		Map<Long, List<String>> ssccs = new LinkedHashMap<>();
		for (List<Long> chunk : EventWriter.chunks(List.copyOf(rowIds), CHUNK)) {
			this.jdbc.query("SELECT event_row_id, sscc FROM trace_event_sscc WHERE event_row_id IN ("
					+ marks(chunk.size()) + ")", rs -> {
						ssccs.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
					}, chunk.toArray());
		}
		return ssccs;
	}

	private static Span span(java.sql.ResultSet rs) throws java.sql.SQLException {
		String child = rs.getString(1);
		String parent = rs.getString(2);
		long from = rs.getLong(3);
		long to = rs.getLong(4);
		return new Span(child, parent, from, rs.wasNull() ? null : to);
	}

	private static String marks(int n) {
		return String.join(",", Collections.nCopies(n, "?"));
	}

}
