package com.veritrace.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who holds or held items, as the stored events say: the organisations that reported an
 * event touching them (the item itself, its lot, or a case or pallet while the item was
 * inside it, nested containers included). For telling partners about a recall: reading
 * the event tables is this module's business, so the other modules ask here.
 * <p>
 * A lot's items come from the code registry ({@link ItemLots}), a page at a time; each
 * page is one index lookup per table ({@code trace_event_item}'s and
 * {@code code_aggregation}'s keys), so a lot of a million codes costs a thousand rounds
 * of three queries, not a million.
 */
@Service
public class Custodians {

	/** Items looked up per round. */
	static final int PAGE = 1000;

	/** How deep containers nest (case in pallet in container...) before we stop. */
	static final int MAX_NESTING = 5;

	private final JdbcTemplate jdbc;

	private final ItemLots itemLots;

	Custodians(JdbcTemplate jdbc, ItemLots itemLots) {
		this.jdbc = jdbc;
		this.itemLots = itemLots;
	}

	/**
	 * A part of a set of items: a lot of a GTIN, or an inclusive serial range of it
	 * (ordered shorter first, then character by character), then {@code lotNumber} is
	 * null.
	 */
	public record Part(String gtin, @Nullable String lotNumber, @Nullable String serialFrom,
			@Nullable String serialTo) {

		public static Part lot(String gtin, String lotNumber) {
			return new Part(gtin, lotNumber, null, null);
		}

		public static Part serials(String gtin, String from, String to) {
			return new Part(gtin, null, from, to);
		}

	}

	/**
	 * The organisations that reported a stored event on any item of the parts, on one of
	 * their lots, or on a container (SSCC) while it held one of the items (from the
	 * packing to the unpacking, inclusive); sorted by id.
	 */
	@Transactional(readOnly = true)
	public Set<Long> reporters(List<Part> parts) {
		Set<Long> reporters = new TreeSet<>();
		Set<Span> spans = new HashSet<>();
		for (Part part : parts) {
			if (part.lotNumber() != null) {
				reporters.addAll(this.jdbc.queryForList(
						"SELECT DISTINCT e.reporter_id FROM trace_event_lot l JOIN trace_event e ON e.id = l.event_row_id "
								+ "WHERE l.gtin = ? AND l.lot_number = ?",
						Long.class, part.gtin(), part.lotNumber()));
				this.itemLots.serialsOf(part.gtin(), part.lotNumber(), PAGE,
						serials -> items(part.gtin(), serials, reporters, spans));
			}
			else if (part.serialFrom() != null && part.serialTo() != null) {
				String after = "";
				while (true) {
					List<String> serials = this.jdbc.queryForList("SELECT DISTINCT serial FROM trace_event_item "
							+ "WHERE gtin = ? AND serial > ? AND (CHAR_LENGTH(serial) > ? OR (CHAR_LENGTH(serial) = ? "
							+ "AND serial >= ?)) AND (CHAR_LENGTH(serial) < ? OR (CHAR_LENGTH(serial) = ? AND serial <= ?)) "
							+ "ORDER BY serial LIMIT ?", String.class, part.gtin(), after, part.serialFrom().length(),
							part.serialFrom().length(), part.serialFrom(), part.serialTo().length(),
							part.serialTo().length(), part.serialTo(), PAGE);
					if (serials.isEmpty()) {
						break;
					}
					items(part.gtin(), serials, reporters, spans);
					after = serials.get(serials.size() - 1);
				}
			}
		}
		for (Span span : withOuterContainers(spans)) {
			reporters.addAll(this.jdbc.queryForList(
					"SELECT DISTINCT e.reporter_id FROM trace_event_sscc s JOIN trace_event e ON e.id = s.event_row_id "
							+ "WHERE s.sscc = ? AND s.event_time_ms >= ? AND s.event_time_ms <= ?",
					Long.class, span.sscc(), span.fromMs(), span.toMs()));
		}
		return reporters;
	}

	/** A container and a time during which it held one of the items. */
	private record Span(String sscc, long fromMs, long toMs) {
	}

	private void items(String gtin, List<String> serials, Set<Long> reporters, Set<Span> spans) {
		String marks = String.join(",", Collections.nCopies(serials.size(), "?"));
		List<Object> args = new ArrayList<>(serials.size() + 1);
		args.add(gtin);
		args.addAll(serials);
		reporters.addAll(this.jdbc.queryForList(
				"SELECT DISTINCT e.reporter_id FROM trace_event_item i JOIN trace_event e ON e.id = i.event_row_id "
						+ "WHERE i.gtin = ? AND i.serial IN (" + marks + ")",
				Long.class, args.toArray()));
		Object[] children = serials.stream().map(serial -> "01/" + gtin + "/21/" + serial).toArray();
		spans.addAll(spansOf(marks, children));
	}

	private List<Span> spansOf(String marks, Object[] children) {
		return this.jdbc.query(
				"SELECT parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child IN (" + marks + ")", (rs, n) -> {
					String sscc = rs.getString(1);
					long from = rs.getLong(2);
					long to = rs.getLong(3);
					return new Span(sscc, from, rs.wasNull() ? Long.MAX_VALUE : to);
				}, children);
	}

	/**
	 * The spans and those of the containers around them while they overlapped: a case in
	 * a pallet held the item for the part of the case's span that the pallet held the
	 * case.
	 */
	private List<Span> withOuterContainers(Set<Span> spans) {
		List<Span> all = new ArrayList<>(spans);
		Deque<Span> todo = new ArrayDeque<>(spans);
		Set<Span> seen = new HashSet<>(spans);
		int rounds = 0;
		while (!todo.isEmpty() && rounds++ < MAX_NESTING) {
			List<Span> level = new ArrayList<>(todo);
			todo.clear();
			for (Span inner : level) {
				for (Span outer : spansOf("?", new Object[] { "00/" + inner.sscc() })) {
					long from = Math.max(inner.fromMs(), outer.fromMs());
					long to = Math.min(inner.toMs(), outer.toMs());
					Span overlap = new Span(outer.sscc(), from, to);
					if (from <= to && seen.add(overlap)) {
						all.add(overlap);
						todo.add(overlap);
					}
				}
			}
		}
		return all;
	}

}
