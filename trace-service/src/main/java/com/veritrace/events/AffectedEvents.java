package com.veritrace.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The events of a set of affected goods, for a recall's records (issue 14): every stored
 * event that touches lots of one GTIN or items of it, directly (the lot and item indexes)
 * or through a case or pallet (SSCC) while it held any of those items (the containment
 * history, nested cases in pallets included), in event-time order.
 * <p>
 * Nothing is held but one page per source: the lot rows, the GTIN's item rows and the
 * rows of the containers that held affected items are each read as keyset pages of an
 * index in (event time, row id) order and merged; the events themselves are loaded 200 at
 * a time. What is kept whole is the containment spans of the affected items (one entry
 * per container, time span and lot, not per item).
 * <p>
 * An item belongs to the lot the code registry holds for it ({@link ItemLots}); an item
 * in a serial range is affected whatever its lot.
 */
@Service
public class AffectedEvents {

	/** Index rows read per query of a source. */
	static final int PAGE = 500;

	/** Events loaded per query. */
	static final int LOAD = 200;

	/** Levels of containers followed: case, pallet, and one more. */
	static final int NESTING = 3;

	private static final Comparator<Hit> ORDER = Comparator.comparingLong(Hit::timeMs).thenComparingLong(Hit::rowId);

	private final JdbcTemplate jdbc;

	private final ItemLots itemLots;

	AffectedEvents(JdbcTemplate jdbc, ItemLots itemLots) {
		this.jdbc = jdbc;
		this.itemLots = itemLots;
	}

	/**
	 * What is affected: these lots of the GTIN, and its items whose serial
	 * {@code inRanges} accepts (pass {@code s -> false} when there are no ranges).
	 */
	public record Selection(String gtin, Set<String> lots, Predicate<String> inRanges) {

		public Selection {
			lots = Set.copyOf(lots);
		}

		/** Whether the item is affected: in a recalled lot, or in a serial range. */
		public boolean affects(String serial, @Nullable String lot) {
			return (lot != null && this.lots.contains(lot)) || this.inRanges.test(serial);
		}

	}

	/**
	 * Affected items of one lot (null: the registry knows no lot for them) inside a
	 * container when the event happened on it.
	 */
	public record Held(String sscc, @Nullable String lot, long items) {
	}

	/**
	 * An event touching the selection; {@code held} lists what it touched through
	 * containers (empty when it names the lots or items only).
	 */
	public record Touching(StoredEvent event, List<Held> held) {
	}

	/**
	 * Streams every event touching the selection to {@code sink}, in (event time, row id)
	 * order, each once, in batches of at most {@value #LOAD}.
	 */
	public void forEach(Selection selection, Consumer<List<Touching>> sink) {
		Spans spans = spans(selection);
		merge(sources(selection, spans), spans, sink);
	}

	/**
	 * The organisations that reported an event touching the selection, as
	 * {@link #forEach} finds them (and the packing into or out of a container that held
	 * affected items: whoever did it held them), without loading the events: who holds or
	 * held the goods, for telling partners of a recall. Sorted by id.
	 */
	public Set<Long> reporters(Selection selection) {
		Set<Long> reporters = new TreeSet<>();
		List<Long> rows = new ArrayList<>();
		for (Source source : sources(selection, spans(selection))) {
			while (source.peek() != null) {
				rows.add(source.take().rowId());
				if (rows.size() >= LOAD) {
					reporters.addAll(reportersOf(rows));
					rows.clear();
				}
			}
		}
		reporters.addAll(reportersOf(rows));
		return reporters;
	}

	private List<Long> reportersOf(List<Long> rowIds) {
		return rowIds.isEmpty() ? List.of()
				: this.jdbc.queryForList(
						"SELECT DISTINCT reporter_id FROM trace_event WHERE id IN (" + marks(rowIds) + ")", Long.class,
						rowIds.toArray());
	}

	/** The lot, item and container sources of the selection. */
	private List<Source> sources(Selection selection, Spans spans) {
		List<Source> sources = new ArrayList<>();
		List<String> lots = new ArrayList<>(new TreeSet<>(selection.lots()));
		for (int i = 0; i < lots.size(); i += PAGE) {
			sources.add(new LotSource(selection.gtin(), lots.subList(i, Math.min(lots.size(), i + PAGE))));
		}
		sources.add(new ItemSource(selection));
		List<String> containers = new ArrayList<>(new TreeSet<>(spans.bySscc().keySet()));
		for (int i = 0; i < containers.size(); i += PAGE) {
			sources.add(new SsccSource(containers.subList(i, Math.min(containers.size(), i + PAGE)), spans));
		}
		return sources;
	}

	/** The lots the registry holds for these items of the GTIN, by serial. */
	public Map<String, String> lotsOf(String gtin, Collection<String> serials) {
		return serials.isEmpty() ? Map.of() : this.itemLots.lotsOf(gtin, serials);
	}

	/**
	 * TransformationEvents that name any of these lots of the GTIN, or any item of the
	 * GTIN (whose lot the caller checks), in event-time order, at most {@code limit}.
	 * Transformation inputs and outputs are not told apart by the indexes: read them from
	 * the events.
	 */
	public List<StoredEvent> transformationsNaming(String gtin, Collection<String> lots, int limit) {
		Set<Long> ids = new LinkedHashSet<>();
		List<String> list = new ArrayList<>(new TreeSet<>(lots));
		for (int i = 0; i < list.size() && ids.size() < limit; i += PAGE) {
			List<String> chunk = list.subList(i, Math.min(list.size(), i + PAGE));
			List<Object> args = new ArrayList<>(List.of(gtin));
			args.addAll(chunk);
			args.add(limit);
			ids.addAll(this.jdbc.queryForList(
					"SELECT DISTINCT k.event_row_id FROM trace_event_lot k "
							+ "JOIN trace_event e ON e.id = k.event_row_id WHERE k.gtin = ? AND k.lot_number IN ("
							+ marks(chunk) + ") AND e.event_type = 'TransformationEvent' LIMIT ?",
					Long.class, args.toArray()));
		}
		if (ids.size() < limit) {
			ids.addAll(this.jdbc.queryForList(
					"SELECT DISTINCT i.event_row_id FROM trace_event_item i JOIN trace_event e ON e.id = i.event_row_id "
							+ "WHERE i.gtin = ? AND e.event_type = 'TransformationEvent' LIMIT ?",
					Long.class, gtin, limit));
		}
		List<StoredEvent> events = new ArrayList<>(load(new ArrayList<>(ids)).values());
		events.sort(Comparator.comparing(StoredEvent::eventTime).thenComparingLong(StoredEvent::rowId));
		return events.size() > limit ? events.subList(0, limit) : events;
	}

	// --- merging the sources

	/** One index row that passed its source's filter. */
	private record Hit(long timeMs, long rowId, @Nullable String sscc) {
	}

	/** An event found, with the containers it was found through. */
	private static final class Found {

		final long rowId;

		boolean direct;

		final Set<String> ssccs = new LinkedHashSet<>();

		Found(long rowId) {
			this.rowId = rowId;
		}

	}

	private void merge(List<Source> sources, Spans spans, Consumer<List<Touching>> sink) {
		PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> ORDER.compare(a.peek(), b.peek()));
		for (Source source : sources) {
			if (source.peek() != null) {
				queue.add(source);
			}
		}
		List<Found> pending = new ArrayList<>();
		Hit last = null;
		while (!queue.isEmpty()) {
			Source source = queue.poll();
			Hit hit = source.take();
			if (source.peek() != null) {
				queue.add(source);
			}
			if (last == null || ORDER.compare(last, hit) != 0) {
				if (pending.size() >= LOAD) {
					emit(pending, spans, sink);
					pending.clear();
				}
				pending.add(new Found(hit.rowId()));
			}
			Found found = pending.get(pending.size() - 1);
			if (hit.sscc() == null) {
				found.direct = true;
			}
			else {
				found.ssccs.add(hit.sscc());
			}
			last = hit;
		}
		emit(pending, spans, sink);
	}

	private void emit(List<Found> found, Spans spans, Consumer<List<Touching>> sink) {
		if (found.isEmpty()) {
			return;
		}
		Map<Long, StoredEvent> events = load(found.stream().map(f -> f.rowId).toList());
		List<Touching> batch = new ArrayList<>(found.size());
		for (Found f : found) {
			StoredEvent event = events.get(f.rowId);
			if (event == null) {
				continue;
			}
			List<Held> held = new ArrayList<>();
			for (String sscc : f.ssccs) {
				// packing into or out of the container names the items themselves
				if (!TimelineService.changesContentsOf(event, sscc)) {
					spans.heldAt(sscc, event.eventTime().toEpochMilli())
						.forEach((lot, items) -> held.add(new Held(sscc, lot.isEmpty() ? null : lot, items)));
				}
			}
			if (f.direct || !held.isEmpty()) {
				batch.add(new Touching(event, List.copyOf(held)));
			}
		}
		if (!batch.isEmpty()) {
			sink.accept(batch);
		}
	}

	private Map<Long, StoredEvent> load(List<Long> rowIds) {
		Map<Long, StoredEvent> events = new HashMap<>();
		for (int i = 0; i < rowIds.size(); i += LOAD) {
			List<Long> chunk = rowIds.subList(i, Math.min(rowIds.size(), i + LOAD));
			for (StoredEvent e : this.jdbc.query(
					"SELECT " + StoredEventReader.COLUMNS + " FROM trace_event e WHERE e.id IN (" + marks(chunk) + ")",
					StoredEventReader.ROW, chunk.toArray())) {
				events.put(e.rowId(), e);
			}
		}
		return events;
	}

	/**
	 * One ordered index: pages of (key, event time, row id) rows after the last one, in
	 * (event time, row id, key) order, filtered.
	 */
	private abstract class Source {

		private final ArrayDeque<Hit> buffer = new ArrayDeque<>();

		private boolean exhausted;

		private long afterTime = Long.MIN_VALUE;

		private long afterRow = Long.MIN_VALUE;

		private String afterKey = "";

		/** The table, its key column and the condition on it (with {@code ?}s). */
		abstract String from();

		abstract String keyColumn();

		abstract List<Object> arguments();

		/** The hits among a page of rows. */
		abstract List<Hit> filter(List<Row> rows);

		@Nullable Hit peek() {
			while (this.buffer.isEmpty() && !this.exhausted) {
				fill();
			}
			return this.buffer.peek();
		}

		Hit take() {
			Hit hit = peek();
			this.buffer.poll();
			return java.util.Objects.requireNonNull(hit);
		}

		private void fill() {
			String key = keyColumn();
			List<Object> args = new ArrayList<>(arguments());
			args.addAll(List.of(this.afterTime, this.afterTime, this.afterRow, this.afterRow, this.afterKey, PAGE));
			List<Row> rows = AffectedEvents.this.jdbc.query("SELECT " + key + ", event_time_ms, event_row_id FROM "
					+ from()
					+ " AND (event_time_ms > ? OR (event_time_ms = ? AND (event_row_id > ? OR (event_row_id = ? AND "
					+ key + " > ?)))) ORDER BY event_time_ms, event_row_id, " + key + " LIMIT ?",
					(rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getLong(3)), args.toArray());
			if (rows.size() < PAGE) {
				this.exhausted = true;
			}
			if (!rows.isEmpty()) {
				Row lastRow = rows.get(rows.size() - 1);
				this.afterTime = lastRow.timeMs();
				this.afterRow = lastRow.rowId();
				this.afterKey = lastRow.key();
				this.buffer.addAll(filter(rows));
			}
		}

	}

	private record Row(String key, long timeMs, long rowId) {
	}

	/** Events naming the lots (quantity lists, LGTIN classes, ilmd lot numbers). */
	private final class LotSource extends Source {

		private final String gtin;

		private final List<String> lots;

		LotSource(String gtin, List<String> lots) {
			this.gtin = gtin;
			this.lots = lots;
		}

		@Override
		String from() {
			return "trace_event_lot WHERE gtin = ? AND lot_number IN (" + marks(this.lots) + ")";
		}

		@Override
		String keyColumn() {
			return "lot_number";
		}

		@Override
		List<Object> arguments() {
			List<Object> args = new ArrayList<>(List.of(this.gtin));
			args.addAll(this.lots);
			return args;
		}

		@Override
		List<Hit> filter(List<Row> rows) {
			return rows.stream().map(r -> new Hit(r.timeMs(), r.rowId(), null)).toList();
		}

	}

	/** Events naming affected items: the GTIN's item rows, kept when the item is. */
	private final class ItemSource extends Source {

		private final Selection selection;

		ItemSource(Selection selection) {
			this.selection = selection;
		}

		@Override
		String from() {
			return "trace_event_item WHERE gtin = ?";
		}

		@Override
		String keyColumn() {
			return "serial";
		}

		@Override
		List<Object> arguments() {
			return List.of(this.selection.gtin());
		}

		@Override
		List<Hit> filter(List<Row> rows) {
			Map<String, String> lots = lotsOf(this.selection.gtin(), rows.stream().map(Row::key).toList());
			return rows.stream()
				.filter(r -> this.selection.affects(r.key(), lots.get(r.key())))
				.map(r -> new Hit(r.timeMs(), r.rowId(), null))
				.toList();
		}

	}

	/**
	 * Events naming containers that held affected items, kept while they held them.
	 */
	private final class SsccSource extends Source {

		private final List<String> ssccs;

		private final Spans spans;

		SsccSource(List<String> ssccs, Spans spans) {
			this.ssccs = ssccs;
			this.spans = spans;
		}

		@Override
		String from() {
			return "trace_event_sscc WHERE sscc IN (" + marks(this.ssccs) + ")";
		}

		@Override
		String keyColumn() {
			return "sscc";
		}

		@Override
		List<Object> arguments() {
			return new ArrayList<>(this.ssccs);
		}

		@Override
		List<Hit> filter(List<Row> rows) {
			return rows.stream()
				.filter(r -> !this.spans.heldAt(r.key(), r.timeMs()).isEmpty())
				.map(r -> new Hit(r.timeMs(), r.rowId(), r.key()))
				.toList();
		}

	}

	// --- containment spans of the affected items

	/**
	 * Affected items of a lot ({@code ""}: unknown) inside a container from
	 * {@code fromMs} until {@code toMs} (null: still inside).
	 */
	private record Span(long fromMs, @Nullable Long toMs, String lot) {

		boolean covers(long timeMs) {
			return this.fromMs <= timeMs && (this.toMs == null || timeMs < this.toMs);
		}

		@Nullable Span within(long from, @Nullable Long to) {
			long start = Math.max(this.fromMs, from);
			Long end = this.toMs == null ? to : to == null ? this.toMs : Long.valueOf(Math.min(this.toMs, to));
			return end == null || start < end ? new Span(start, end, this.lot) : null;
		}

	}

	/** Per container, its spans with affected items and how many. */
	private record Spans(Map<String, Map<Span, Long>> bySscc) {

		/** Affected items inside the container at that time, by lot. */
		Map<String, Long> heldAt(String sscc, long timeMs) {
			Map<Span, Long> spans = this.bySscc.get(sscc);
			if (spans == null) {
				return Map.of();
			}
			Map<String, Long> byLot = new LinkedHashMap<>();
			spans.forEach((span, items) -> {
				if (span.covers(timeMs)) {
					byLot.merge(span.lot(), items, Long::sum);
				}
			});
			return byLot;
		}

	}

	/** A containment row: the child inside the parent over a span. */
	private record Containment(String child, String parentSscc, long fromMs, @Nullable Long toMs) {
	}

	/**
	 * The spans in which containers held affected items: the items' own containers from
	 * the GTIN's containment rows, then the containers those were put into.
	 */
	private Spans spans(Selection selection) {
		String prefix = "01/" + selection.gtin() + "/21/";
		Map<String, Map<Span, Long>> all = new HashMap<>();
		Map<String, Map<Span, Long>> level = new HashMap<>();
		String afterChild = "";
		long afterId = 0;
		while (true) {
			List<Object[]> rows = this.jdbc.query(
					"SELECT id, child, parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child LIKE ? "
							+ "AND (child > ? OR (child = ? AND id > ?)) ORDER BY child, id LIMIT ?",
					(rs, n) -> new Object[] { rs.getLong(1), containment(rs) }, prefix + "%", afterChild, afterChild,
					afterId, PAGE);
			List<Containment> page = rows.stream().map(r -> (Containment) r[1]).toList();
			Map<String, String> lots = lotsOf(selection.gtin(),
					page.stream().map(c -> c.child().substring(prefix.length())).toList());
			for (Containment c : page) {
				String serial = c.child().substring(prefix.length());
				String lot = lots.get(serial);
				if (selection.affects(serial, lot)) {
					add(level, c.parentSscc(), new Span(c.fromMs(), c.toMs(), lot == null ? "" : lot), 1);
				}
			}
			if (rows.size() < PAGE) {
				break;
			}
			Object[] lastRow = rows.get(rows.size() - 1);
			afterChild = ((Containment) lastRow[1]).child();
			afterId = (Long) lastRow[0];
		}
		for (int depth = 0; depth < NESTING && !level.isEmpty(); depth++) {
			level.forEach((sscc, spans) -> spans.forEach((span, items) -> add(all, sscc, span, items)));
			Map<String, Map<Span, Long>> next = new HashMap<>();
			Map<String, List<Containment>> outer = containersOf(level.keySet());
			level.forEach((sscc, spans) -> {
				for (Containment o : outer.getOrDefault("00/" + sscc, List.of())) {
					spans.forEach((span, items) -> {
						Span inside = span.within(o.fromMs(), o.toMs());
						if (inside != null) {
							add(next, o.parentSscc(), inside, items);
						}
					});
				}
			});
			level = next;
		}
		return new Spans(all);
	}

	private static void add(Map<String, Map<Span, Long>> spans, String sscc, Span span, long items) {
		spans.computeIfAbsent(sscc, s -> new HashMap<>()).merge(span, items, Long::sum);
	}

	/** The containers these containers were put into, by child key. */
	private Map<String, List<Containment>> containersOf(Collection<String> ssccs) {
		List<String> children = ssccs.stream().map(s -> "00/" + s).sorted().toList();
		Map<String, List<Containment>> out = new HashMap<>();
		for (int i = 0; i < children.size(); i += PAGE) {
			List<String> chunk = children.subList(i, Math.min(children.size(), i + PAGE));
			this.jdbc.query("SELECT id, child, parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child IN ("
					+ marks(chunk) + ")", (java.sql.ResultSet rs) -> {
						Containment c = containment(rs);
						out.computeIfAbsent(c.child(), k -> new ArrayList<>()).add(c);
					}, chunk.toArray());
		}
		return out;
	}

	/** A row of (id, child, parent_sscc, from_ms, to_ms). */
	private static Containment containment(java.sql.ResultSet rs) throws java.sql.SQLException {
		long to = rs.getLong(5);
		Long open = rs.wasNull() ? null : to;
		return new Containment(rs.getString(2), rs.getString(3), rs.getLong(4), open);
	}

	private static String marks(Collection<?> values) {
		return String.join(",", Collections.nCopies(values.size(), "?"));
	}

}
