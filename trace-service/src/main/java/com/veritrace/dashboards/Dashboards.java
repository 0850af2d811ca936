package com.veritrace.dashboards;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.ExpiringMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The dashboards' aggregates, read from the rollups only (never the scan log or the event
 * table), for one brand or, for a regulator, across brands; each computed aggregate is
 * served again for {@link DashboardProperties#cacheFor()}. The caller's right to the
 * audience is checked by the controller ({@link Audience}).
 */
@Service
public class Dashboards {

	/** The ranges a dashboard offers, in days up to today (UTC). */
	public static final List<Integer> RANGES = List.of(7, 30, 90);

	/** The verdicts in the order the charts stack them; others follow as found. */
	static final List<String> VERDICTS = List.of("GENUINE", "GENUINE_REPEAT", "SUSPICIOUS", "UNKNOWN_CODE", "RECALLED");

	static final int TOP = 20;

	static final int SERIES = 6;

	private final JdbcTemplate jdbc;

	private final DashboardProperties properties;

	private final Clock clock;

	private final ExpiringMap<Table> cache = new ExpiringMap<>(5_000);

	Dashboards(JdbcTemplate jdbc, DashboardProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Whose data: one brand, or every brand (a regulator's view, which also counts scans
	 * of codes of no brand).
	 */
	public record Audience(@Nullable Long brandId) {

		public static Audience brand(long id) {
			return new Audience(id);
		}

		public static Audience allBrands() {
			return new Audience(null);
		}

		String where(String column) {
			return this.brandId == null ? "1 = 1" : column + " = " + this.brandId;
		}

		/** The brand-day table's rows of the audience: every brand's have a row set. */
		String brandDayRows() {
			return "brand_id = " + (this.brandId == null ? ScanRollups.ALL_BRANDS : this.brandId);
		}

	}

	/**
	 * A column: {@code key} names its heading in the messages ({@code dash.col.<key>});
	 * {@code text}, when set, is the heading as it is (a distributor's name).
	 */
	public record Column(String key, @Nullable String text) {

		static Column of(String key) {
			return new Column(key, null);
		}

	}

	/**
	 * An aggregate as a table, the one form the page, the chart's JSON and the CSV share.
	 * Cells are strings or numbers.
	 */
	public record Table(String chart, List<Column> columns, List<List<Object>> rows) {
	}

	/** The charts, by the name of their URLs. */
	public enum Chart {

		SCANS("scans"), REGIONS("regions"), SUSPICIOUS("suspicious"), DIVERSION("diversion"), COLD_CHAIN("cold-chain"),
		PARTNERS("partners"), LEGS("legs"), DWELL("dwell");

		private final String path;

		Chart(String path) {
			this.path = path;
		}

		public String path() {
			return this.path;
		}

		public static @Nullable Chart byPath(String path) {
			for (Chart c : values()) {
				if (c.path.equals(path)) {
					return c;
				}
			}
			return null;
		}

	}

	/** Whether scans by region are also drawn on a world map. */
	public boolean worldMap() {
		return this.properties.worldMap();
	}

	public Table table(Chart chart, Audience audience, int days) {
		if (!RANGES.contains(days)) {
			throw new IllegalArgumentException("A range of 7, 30 or 90 days, got " + days);
		}
		return cached(chart.path() + "|" + audience.brandId() + "|" + days, () -> switch (chart) {
			case SCANS -> scans(audience, days);
			case REGIONS -> regions(audience, days);
			case SUSPICIOUS -> suspicious(audience, days);
			case DIVERSION -> alerts("DIVERSION", audience, days);
			case COLD_CHAIN -> alerts("COLD_CHAIN", audience, days);
			case PARTNERS -> partners(audience, days);
			case LEGS -> legs(audience, days);
			case DWELL -> dwell(audience, days);
		});
	}

	private Table cached(String key, Supplier<Table> compute) {
		Table table = this.cache.get(key);
		if (table == null) {
			table = compute.get();
			this.cache.put(key, table, this.properties.cacheFor());
		}
		return table;
	}

	/** Midnight UTC of the first day of the range. */
	long since(int days) {
		return Buckets.day(this.clock.millis()) - (days - 1) * Buckets.DAY;
	}

	static String date(long dayMs) {
		return LocalDate.ofInstant(Instant.ofEpochMilli(dayMs), ZoneOffset.UTC).toString();
	}

	/** Scans per day and verdict: a row per day of the range, a column per verdict. */
	Table scans(Audience audience, int days) {
		long since = since(days);
		Map<Long, Map<String, Long>> byDay = new LinkedHashMap<>();
		Set<String> verdicts = new LinkedHashSet<>(VERDICTS);
		this.jdbc.query("SELECT day_ms, verdict, SUM(scans) FROM scan_rollup_brand_day WHERE " + audience.brandDayRows()
				+ " AND day_ms >= ? GROUP BY day_ms, verdict", rs -> {
					verdicts.add(rs.getString(2));
					byDay.computeIfAbsent(rs.getLong(1), d -> new LinkedHashMap<>())
						.put(rs.getString(2), rs.getLong(3));
				}, since);
		List<Column> columns = new ArrayList<>();
		columns.add(Column.of("day"));
		verdicts.forEach(v -> columns.add(Column.of("verdict." + v)));
		columns.add(Column.of("total"));
		return new Table("scans", columns, perDay(since, days, byDay, List.copyOf(verdicts)));
	}

	private static List<List<Object>> perDay(long since, int days, Map<Long, Map<String, Long>> byDay,
			List<String> series) {
		List<List<Object>> rows = new ArrayList<>(days);
		for (int d = 0; d < days; d++) {
			long day = since + d * Buckets.DAY;
			Map<String, Long> counts = byDay.getOrDefault(day, Map.of());
			List<Object> row = new ArrayList<>();
			row.add(date(day));
			long total = 0;
			for (String s : series) {
				long n = counts.getOrDefault(s, 0L);
				row.add(n);
				total += n;
			}
			row.add(total);
			rows.add(row);
		}
		return rows;
	}

	/** Scans per region (ISO 3166 code; "" not known), most first, with the share. */
	Table regions(Audience audience, int days) {
		List<List<Object>> rows = new ArrayList<>();
		long[] total = { 0 };
		this.jdbc.query("SELECT region, SUM(scans) AS n FROM scan_rollup_brand_day WHERE " + audience.brandDayRows()
				+ " AND day_ms >= ? GROUP BY region HAVING SUM(scans) > 0 ORDER BY n DESC, region", rs -> {
					rows.add(new ArrayList<>(List.of(rs.getString(1), rs.getLong(2))));
					total[0] += rs.getLong(2);
				}, since(days));
		for (List<Object> row : rows) {
			row.add(share((Long) row.get(1), total[0]));
		}
		return new Table("regions", List.of(Column.of("region"), Column.of("scans"), Column.of("share")), rows);
	}

	static double share(long part, long whole) {
		return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
	}

	static double hours(long sumMs, long count) {
		return count == 0 ? 0 : Math.round(10.0 * sumMs / count / Buckets.HOUR) / 10.0;
	}

	/**
	 * The codes with the most scans judged SUSPICIOUS in the range: an index read of the
	 * range's sums ({@link SuspiciousWindows}).
	 */
	Table suspicious(Audience audience, int days) {
		List<List<Object>> rows = this.jdbc.query(
				"SELECT gtin, serial, scans, last_day_ms FROM scan_suspicious_window " + "WHERE window_days = ? AND "
						+ audience.where("brand_id") + " ORDER BY scans DESC, gtin, serial LIMIT " + TOP,
				(rs, i) -> List.<Object>of(rs.getString(1), rs.getString(2), rs.getLong(3), date(rs.getLong(4))), days);
		return new Table("suspicious",
				List.of(Column.of("gtin"), Column.of("serial"), Column.of("scans"), Column.of("last-day")), rows);
	}

	/**
	 * Alerts of a kind raised per day, a column per group (the distributor of a
	 * diversion, the lot of an excursion): the {@link #SERIES} groups with most alerts,
	 * the rest as "other".
	 */
	Table alerts(String kind, Audience audience, int days) {
		long since = since(days);
		Map<String, Long> totals = new LinkedHashMap<>();
		List<Object[]> counts = new ArrayList<>();
		this.jdbc.query("SELECT raised_ms - MOD(raised_ms, " + Buckets.DAY
				+ ") AS d, COALESCE(group_label, ''), COUNT(*) FROM alert WHERE " + audience.where("organisation_id")
				+ " AND kind = ? AND raised_ms >= ? GROUP BY d, COALESCE(group_label, '')", rs -> {
					counts.add(new Object[] { rs.getLong(1), rs.getString(2), rs.getLong(3) });
					totals.merge(rs.getString(2), rs.getLong(3), Long::sum);
				}, kind, since);
		List<String> groups = totals.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.limit(SERIES)
			.map(Map.Entry::getKey)
			.toList();
		Map<Long, Map<String, Long>> byDay = new LinkedHashMap<>();
		boolean other = false;
		for (Object[] c : counts) {
			String group = groups.contains((String) c[1]) ? (String) c[1] : "\u0000other";
			other |= !groups.contains((String) c[1]);
			byDay.computeIfAbsent((Long) c[0], d -> new LinkedHashMap<>()).merge(group, (Long) c[2], Long::sum);
		}
		List<String> series = new ArrayList<>(groups);
		List<Column> columns = new ArrayList<>();
		columns.add(Column.of("day"));
		groups.forEach(g -> columns.add(g.isEmpty() ? Column.of("ungrouped") : new Column("group", g)));
		if (other) {
			series.add("\u0000other");
			columns.add(Column.of("other"));
		}
		columns.add(Column.of("total"));
		return new Table(kind.equals("DIVERSION") ? "diversion" : "cold-chain", columns,
				perDay(since, days, byDay, series));
	}

	/**
	 * Each partner that reported events of the audience in the range, or has gone silent:
	 * its events, the late ones, the mean reporting lag in hours, and its state (late,
	 * silent or on time).
	 */
	Table partners(Audience audience, int days) {
		long now = this.clock.millis();
		Map<Long, Object[]> byReporter = new LinkedHashMap<>();
		this.jdbc.query("SELECT k.reporter_id, o.name, SUM(k.events) AS n, SUM(k.late_events), SUM(k.lag_ms_sum) "
				+ "FROM kpi_partner_day k JOIN organisation o ON o.id = k.reporter_id WHERE "
				+ audience.where("k.brand_id") + " AND k.day_ms >= ? GROUP BY k.reporter_id, o.name ORDER BY n DESC",
				rs -> {
					byReporter.put(rs.getLong(1),
							new Object[] { rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), null });
				}, since(days));
		this.jdbc.query("SELECT p.reporter_id, o.name, MAX(p.last_ms) FROM kpi_partner_last p JOIN organisation o "
				+ "ON o.id = p.reporter_id WHERE " + audience.where("p.brand_id")
				+ " GROUP BY p.reporter_id, o.name HAVING MAX(p.last_ms) < ?", rs -> {
					byReporter.computeIfAbsent(rs.getLong(1), r -> new Object[] { null, 0L, 0L, 0L, null });
					Object[] p = byReporter.get(rs.getLong(1));
					p[0] = rs.getString(2);
					p[4] = date(Buckets.day(rs.getLong(3)));
				}, now - this.properties.silentAfter().toMillis());
		List<List<Object>> rows = new ArrayList<>();
		for (Object[] p : byReporter.values()) {
			long events = (Long) p[1];
			long late = (Long) p[2];
			String state = p[4] != null ? "silent"
					: events > 0 && late > this.properties.lateShare() * events ? "late" : "on-time";
			rows.add(List.of(p[0], events, late, hours((Long) p[3], events), state, p[4] == null ? "" : (String) p[4]));
		}
		return new Table("partners", List.of(Column.of("partner"), Column.of("events"), Column.of("late-events"),
				Column.of("lag-hours"), Column.of("state"), Column.of("last-report")), rows);
	}

	/**
	 * Legs (shipped from, received at) with the most shipments, and their mean lead time.
	 */
	Table legs(Audience audience, int days) {
		List<List<Object>> rows = this.jdbc.query(
				"SELECT from_location, to_location, SUM(legs) AS n, SUM(lead_ms_sum) FROM kpi_leg_day WHERE "
						+ audience.where("brand_id") + " AND day_ms >= ? GROUP BY from_location, to_location "
						+ "ORDER BY n DESC, from_location, to_location LIMIT " + TOP,
				(rs, i) -> List.<Object>of(rs.getString(1) + " \u2192 " + rs.getString(2), rs.getLong(3),
						hours(rs.getLong(4), rs.getLong(3))),
				since(days));
		return new Table("legs", List.of(Column.of("leg"), Column.of("legs"), Column.of("lead-hours")), rows);
	}

	/** Locations with the most stays, and the mean time goods stayed. */
	Table dwell(Audience audience, int days) {
		List<List<Object>> rows = this.jdbc.query(
				"SELECT location, SUM(stays) AS n, SUM(dwell_ms_sum) FROM kpi_dwell_day WHERE "
						+ audience.where("brand_id")
						+ " AND day_ms >= ? GROUP BY location ORDER BY n DESC, location LIMIT " + TOP,
				(rs, i) -> List.<Object>of(rs.getString(1), rs.getLong(2), hours(rs.getLong(3), rs.getLong(2))),
				since(days));
		return new Table("dwell", List.of(Column.of("location"), Column.of("stays"), Column.of("dwell-hours")), rows);
	}

}
