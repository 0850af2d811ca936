package com.veritrace.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.codes.EpcUris;
import com.veritrace.codes.Sgtin96;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Browsing an organisation's events newest first, for the portal: the events the caller
 * may see under {@link EventQueryService}'s rule (its own; for a brand also every event
 * touching one of its GTINs), filtered by one item code, one lot, one SSCC or one GTIN,
 * and by bizStep and event time; keyset pages (event time, row id), never OFFSET.
 * <p>
 * Each source of events (the caller's own, and for a brand each of its GTINs' item and
 * lot rows) is read as one ordered index range of at most {@code limit + 1} keys; the
 * sources are merged, and a source that came back full bounds the page (as
 * {@link TimelineService} does), so that no event is skipped between pages.
 */
@Service
public class EventBrowser {

	/** At most this many of a brand's GTINs are searched at once. */
	static final int MAX_GTINS = 1000;

	private final JdbcTemplate jdbc;

	private final CatalogService catalog;

	EventBrowser(JdbcTemplate jdbc, CatalogService catalog) {
		this.jdbc = jdbc;
		this.catalog = catalog;
	}

	/** The filters of the portal's search; blank means "any". */
	public record Filter(@Nullable String code, @Nullable String gtin, @Nullable String lot, @Nullable String sscc,
			@Nullable String bizStep, @Nullable String from, @Nullable String to) {

		public static Filter none() {
			return new Filter(null, null, null, null, null, null, null);
		}

	}

	/**
	 * A page of events, newest first; {@code next} is the cursor of the following one.
	 */
	public record Page(List<StoredEvent> events, @Nullable String next) {
	}

	/** An item named by a code: GTIN-14 and serial. */
	public record Item(String gtin, String serial) {
	}

	private record Key(long timeMs, long rowId) {
	}

	private static final Comparator<Key> NEWEST_FIRST = Comparator.comparingLong(Key::timeMs)
		.thenComparingLong(Key::rowId)
		.reversed();

	/**
	 * A page of the events the caller may see that match the filter.
	 * @throws InvalidException naming each bad field (code, gtin, lot, sscc, bizStep,
	 * from, to, cursor)
	 */
	@Transactional(readOnly = true)
	public Page browse(Caller caller, Filter filter, @Nullable String cursor, int limit) {
		caller.require(Scope.READ);
		List<FieldProblem> errors = new ArrayList<>();
		Item item = null;
		if (present(filter.code())) {
			try {
				item = item(filter.code());
			}
			catch (DomainException ex) {
				errors.add(new FieldProblem("code", ex.detail()));
			}
		}
		String gtin = null;
		if (present(filter.gtin())) {
			try {
				gtin = CatalogService.gtin(filter.gtin().strip());
			}
			catch (DomainException ex) {
				errors.add(new FieldProblem("gtin", ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason()));
			}
		}
		String lot = present(filter.lot()) ? filter.lot().strip() : null;
		if (lot != null && !present(filter.gtin())) {
			errors.add(new FieldProblem("lot", "choose the product of the lot"));
		}
		String sscc = null;
		if (present(filter.sscc())) {
			try {
				sscc = sscc(filter.sscc());
			}
			catch (RuntimeException ex) {
				errors.add(new FieldProblem("sscc", "is not an SSCC (18 digits, a Digital Link /00/… or an EPC URN)"));
			}
		}
		int keys = (item != null || present(filter.code()) ? 1 : 0) + (gtin != null || present(filter.gtin()) ? 1 : 0)
				+ (sscc != null || present(filter.sscc()) ? 1 : 0);
		if (keys > 1) {
			errors.add(new FieldProblem(present(filter.sscc()) ? "sscc" : "gtin",
					"search by one of code, product (and lot) or SSCC at a time"));
		}
		Long fromMs = instant("from", filter.from(), errors);
		Long toMs = instant("to", filter.to(), errors);
		Key after = null;
		try {
			StoredEventReader.Cursor c = StoredEventReader.Cursor.parse(cursor);
			after = c == null ? null : new Key(c.eventTimeMs(), c.rowId());
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldProblem("cursor", ex.getMessage()));
		}
		String bizStep = null;
		try {
			bizStep = EventQueryService.bizStep(filter.bizStep());
		}
		catch (RuntimeException ex) {
			errors.add(new FieldProblem("bizStep", "is not a CBV bizStep"));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		Conditions where = new Conditions(bizStep, fromMs, toMs, after);
		List<String> owned = ownedGtins(caller);
		boolean all = caller.readsAcrossTenants();
		long me = caller.organisationId();
		List<List<Key>> sources = new ArrayList<>();
		int n = limit + 1;
		if (item != null) {
			Long reporter = all || owned.contains(item.gtin()) ? null : me;
			sources.add(keys("trace_event_item", "k.gtin = ? AND k.serial = ?", List.of(item.gtin(), item.serial()),
					reporter, where, n));
		}
		else if (gtin != null && lot != null) {
			Long reporter = all || owned.contains(gtin) ? null : me;
			sources.add(
					keys("trace_event_lot", "k.gtin = ? AND k.lot_number = ?", List.of(gtin, lot), reporter, where, n));
		}
		else if (gtin != null && bizStep != null) {
			// driven by the bizStep index: a GTIN's rows hold no bizStep, and a rare step
			// would make its item range a long scan
			sources.add(bizStepKeys(all || owned.contains(gtin) ? null : me, List.of(gtin), true, where, n));
		}
		else if (gtin != null) {
			Long reporter = all || owned.contains(gtin) ? null : me;
			sources.add(keys("trace_event_item", "k.gtin = ?", List.of(gtin), reporter, where, n));
			sources.add(keys("trace_event_lot", "k.gtin = ?", List.of(gtin), reporter, where, n));
		}
		else if (sscc != null) {
			sources.add(ssccKeys(sscc, all ? null : me, owned, where, n));
		}
		else if (all) {
			sources.add(ownKeys(null, where, n));
		}
		else if (bizStep != null) {
			sources.add(bizStepKeys(me, owned, false, where, n));
		}
		else {
			sources.add(ownKeys(me, where, n));
			for (String g : owned) {
				sources.add(keys("trace_event_item", "k.gtin = ?", List.of(g), null, where, n));
				sources.add(keys("trace_event_lot", "k.gtin = ?", List.of(g), null, where, n));
			}
		}
		return page(sources, limit);
	}

	/** Parses an item code: a Digital Link (any host), an EPC URN or SGTIN-96 hex. */
	public static Item item(String text) {
		String t = text.strip();
		try {
			if (t.length() == 24 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
				Sgtin96 tag = Sgtin96.fromHex(t);
				return new Item(tag.gtin().value(), tag.serial());
			}
			String link = t.startsWith("urn:") ? EpcUris.toDigitalLink(t)
					: t.startsWith("01/") ? DigitalLink.CANONICAL_STEM + "/" + t : t;
			DigitalLink dl = DigitalLink.parse(link, DigitalLinkOptions.LENIENT);
			String serial = dl.value("21");
			if (dl.primaryKey().ai().equals("01") && serial != null) {
				String g = dl.primaryKey().value();
				return new Item("0".repeat(14 - g.length()) + g, serial);
			}
		}
		catch (RuntimeException ex) {
			// answered below
		}
		throw InvalidException.of("code", "'" + t
				+ "' is not an item code: give its Digital Link (…/01/<GTIN>/21/<serial>), EPC URN or SGTIN-96 hex");
	}

	private static String sscc(String text) {
		String t = text.strip();
		if (t.length() == 18 && t.chars().allMatch(Character::isDigit)) {
			return com.veritrace.codes.Sscc.parse(t).value();
		}
		String link = t.startsWith("urn:") ? EpcUris.toDigitalLink(t)
				: t.startsWith("00/") ? DigitalLink.CANONICAL_STEM + "/" + t : t;
		DigitalLink dl = DigitalLink.parse(link, DigitalLinkOptions.LENIENT);
		if (!dl.primaryKey().ai().equals("00")) {
			throw new IllegalArgumentException("not an SSCC");
		}
		return dl.primaryKey().value();
	}

	private List<String> ownedGtins(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			return List.of();
		}
		return this.catalog.products(caller, 0, MAX_GTINS, null).stream().map(Product::getGtin).toList();
	}

	private record Conditions(@Nullable String bizStep, @Nullable Long fromMs, @Nullable Long toMs,
			@Nullable Key after) {

		boolean needsEvent() {
			return this.bizStep != null;
		}

	}

	/** One index table's keys, newest first (joined to the event only when filtered). */
	private List<Key> keys(String table, String match, List<Object> matchArgs, @Nullable Long reporter, Conditions c,
			int n) {
		boolean join = reporter != null || c.needsEvent();
		StringBuilder sql = new StringBuilder("SELECT k.event_time_ms, k.event_row_id FROM " + table + " k");
		if (join) {
			sql.append(" JOIN trace_event e ON e.id = k.event_row_id");
		}
		sql.append(" WHERE ").append(match);
		List<Object> args = new ArrayList<>(matchArgs);
		if (reporter != null) {
			sql.append(" AND e.reporter_id = ?");
			args.add(reporter);
		}
		conditions(sql, args, c, "k.event_time_ms", "k.event_row_id", "e.biz_step");
		sql.append(" ORDER BY k.event_time_ms DESC, k.event_row_id DESC LIMIT ?");
		args.add(n);
		return this.jdbc.query(sql.toString(), (rs, i) -> new Key(rs.getLong(1), rs.getLong(2)), args.toArray());
	}

	/** The events an organisation reported (all events: null), newest first. */
	private List<Key> ownKeys(@Nullable Long reporter, Conditions c, int n) {
		StringBuilder sql = new StringBuilder("SELECT e.event_time_ms, e.id FROM trace_event e WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		if (reporter != null) {
			sql.append(" AND e.reporter_id = ?");
			args.add(reporter);
		}
		conditions(sql, args, c, "e.event_time_ms", "e.id", "e.biz_step");
		sql.append(" ORDER BY e.event_time_ms DESC, e.id DESC LIMIT ?");
		args.add(n);
		return this.jdbc.query(sql.toString(), (rs, i) -> new Key(rs.getLong(1), rs.getLong(2)), args.toArray());
	}

	/**
	 * Events of one bizStep newest first (its index), that the reporter reported or that
	 * touch one of the GTINs; with {@code onlyGtins}, only those touching one of the
	 * GTINs (and, when the reporter is given, reported by it).
	 */
	private List<Key> bizStepKeys(@Nullable Long reporter, List<String> gtins, boolean onlyGtins, Conditions c, int n) {
		StringBuilder sql = new StringBuilder("SELECT e.event_time_ms, e.id FROM trace_event e WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		List<String> visible = new ArrayList<>();
		List<Object> visibleArgs = new ArrayList<>();
		if (!gtins.isEmpty()) {
			String marks = String.join(",", java.util.Collections.nCopies(gtins.size(), "?"));
			visible.add(touches("trace_event_item", marks));
			visibleArgs.addAll(gtins);
			visible.add(touches("trace_event_lot", marks));
			visibleArgs.addAll(gtins);
		}
		if (onlyGtins) {
			sql.append(" AND (").append(String.join(" OR ", visible)).append(")");
			args.addAll(visibleArgs);
			if (reporter != null) {
				sql.append(" AND e.reporter_id = ?");
				args.add(reporter);
			}
		}
		else if (reporter != null) {
			visible.add(0, "e.reporter_id = ?");
			visibleArgs.add(0, reporter);
			sql.append(" AND (").append(String.join(" OR ", visible)).append(")");
			args.addAll(visibleArgs);
		}
		conditions(sql, args, c, "e.event_time_ms", "e.id", "e.biz_step");
		sql.append(" ORDER BY e.event_time_ms DESC, e.id DESC LIMIT ?");
		args.add(n);
		return this.jdbc.query(sql.toString(), (rs, i) -> new Key(rs.getLong(1), rs.getLong(2)), args.toArray());
	}

	/**
	 * Events naming an SSCC: the caller's own, and for a brand those touching one of its
	 * GTINs.
	 */
	private List<Key> ssccKeys(String sscc, @Nullable Long reporter, List<String> owned, Conditions c, int n) {
		StringBuilder sql = new StringBuilder(
				"SELECT k.event_time_ms, k.event_row_id FROM trace_event_sscc k JOIN trace_event e ON e.id = k.event_row_id"
						+ " WHERE k.sscc = ?");
		List<Object> args = new ArrayList<>(List.of(sscc));
		if (reporter != null) {
			sql.append(" AND (e.reporter_id = ?");
			args.add(reporter);
			if (!owned.isEmpty()) {
				String marks = String.join(",", java.util.Collections.nCopies(owned.size(), "?"));
				sql.append(" OR ").append(touches("trace_event_item", marks));
				args.addAll(owned);
				sql.append(" OR ").append(touches("trace_event_lot", marks));
				args.addAll(owned);
			}
			sql.append(")");
		}
		conditions(sql, args, c, "k.event_time_ms", "k.event_row_id", "e.biz_step");
		sql.append(" ORDER BY k.event_time_ms DESC, k.event_row_id DESC LIMIT ?");
		args.add(n);
		return this.jdbc.query(sql.toString(), (rs, i) -> new Key(rs.getLong(1), rs.getLong(2)), args.toArray());
	}

	/**
	 * "The event touches one of these GTINs", as a scalar subquery on the event's rows:
	 * an EXISTS would be turned into a semi-join that MariaDB materialises over every row
	 * of the GTINs (about 100 ms at a million events, against 3 ms this way).
	 */
	private static String touches(String table, String marks) {
		return "(SELECT x.gtin FROM " + table + " x WHERE x.event_row_id = e.id AND x.gtin IN (" + marks
				+ ") LIMIT 1) IS NOT NULL";
	}

	private static void conditions(StringBuilder sql, List<Object> args, Conditions c, String time, String row,
			String bizStep) {
		if (c.bizStep() != null) {
			sql.append(" AND ").append(bizStep).append(" = ?");
			args.add(c.bizStep());
		}
		if (c.fromMs() != null) {
			sql.append(" AND ").append(time).append(" >= ?");
			args.add(c.fromMs());
		}
		if (c.toMs() != null) {
			sql.append(" AND ").append(time).append(" < ?");
			args.add(c.toMs());
		}
		if (c.after() != null) {
			sql.append(" AND (")
				.append(time)
				.append(" < ? OR (")
				.append(time)
				.append(" = ? AND ")
				.append(row)
				.append(" < ?))");
			args.add(c.after().timeMs());
			args.add(c.after().timeMs());
			args.add(c.after().rowId());
		}
	}

	/**
	 * Merges the sources (each fetched with {@code limit + 1} keys); a full source bounds
	 * the page at its last key, so what lies beyond it comes on the next page.
	 */
	private Page page(List<List<Key>> sources, int limit) {
		Key boundary = null;
		java.util.TreeSet<Key> merged = new java.util.TreeSet<>(NEWEST_FIRST);
		for (List<Key> source : sources) {
			if (source.size() > limit) {
				Key last = source.get(source.size() - 1);
				if (boundary == null || NEWEST_FIRST.compare(last, boundary) < 0) {
					boundary = last;
				}
			}
			merged.addAll(source);
		}
		List<Key> keys = new ArrayList<>();
		for (Key key : merged) {
			if (boundary != null && NEWEST_FIRST.compare(key, boundary) > 0) {
				break;
			}
			keys.add(key);
		}
		String next = null;
		if (keys.size() > limit) {
			keys = keys.subList(0, limit);
			Key last = keys.get(limit - 1);
			next = new StoredEventReader.Cursor(last.timeMs(), last.rowId()).toString();
		}
		else if (boundary != null) {
			next = new StoredEventReader.Cursor(boundary.timeMs(), boundary.rowId()).toString();
		}
		return new Page(events(keys), next);
	}

	private List<StoredEvent> events(List<Key> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		String marks = String.join(",", java.util.Collections.nCopies(keys.size(), "?"));
		Map<Long, StoredEvent> byId = new LinkedHashMap<>();
		for (StoredEvent e : this.jdbc.query(
				"SELECT " + StoredEventReader.COLUMNS + " FROM trace_event e WHERE e.id IN (" + marks + ")",
				StoredEventReader.ROW, keys.stream().map(Key::rowId).toArray())) {
			byId.put(e.rowId(), e);
		}
		List<StoredEvent> out = new ArrayList<>(keys.size());
		for (Key key : keys) {
			StoredEvent e = byId.get(key.rowId());
			if (e != null) {
				out.add(e);
			}
		}
		return out;
	}

	private static boolean present(@Nullable String text) {
		return text != null && !text.isBlank();
	}

	private static @Nullable Long instant(String field, @Nullable String text, List<FieldProblem> errors) {
		if (!present(text)) {
			return null;
		}
		String t = text.strip();
		try {
			if (t.length() == 10) {
				return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
			}
			if (t.length() == 16) {
				return java.time.LocalDateTime.parse(t).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
			}
			return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
		}
		catch (java.time.format.DateTimeParseException ex) {
			try {
				return Instant.parse(t).toEpochMilli();
			}
			catch (java.time.format.DateTimeParseException again) {
				errors.add(new FieldProblem(field, "is not a date and time, e.g. 2026-04-01T08:00"));
				return null;
			}
		}
	}

}
