package com.veritrace.dashboards;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import com.veritrace.scan.ScanWatch;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the scan rollups current: called on the scan log's writer thread after each
 * batch, it adds the batch's counts to the hour and day cube ({@code scan_rollup}), the
 * per-brand day table the charts read and the suspicious codes (per day, and per range a
 * dashboard offers: {@link SuspiciousWindows}), in one transaction per batch (one upsert
 * statement per table and distinct key, batched). A {@link ScanWatch.Kind#PLACE} moves
 * its scan from "unknown region" to the region it now has, only when the unknown-region
 * count still holds it: a scan is never counted twice.
 * <p>
 * The counts are deltas, so a batch delivered twice would be counted twice; the writer
 * delivers each batch once (a batch whose watch failed is lost to the rollups, logged and
 * counted), and {@link #rebuild} recounts a range of days from the scan log (a repair,
 * and how the benchmark builds its rollups).
 */
@Component
class ScanRollups implements ScanWatch {

	static final String UNKNOWN_REGION = "";

	static final String SUSPICIOUS = "SUSPICIOUS";

	/**
	 * The brand id of the brand-day table's row set for all brands together (a
	 * regulator's view), codes of no brand included.
	 */
	static final long ALL_BRANDS = -1;

	private static final String CUBE = "INSERT INTO scan_rollup (grain, brand_id, bucket_ms, gtin, region, verdict, scans) "
			+ "VALUES (?,?,?,?,?,?,?) ON DUPLICATE KEY UPDATE scans = scans + VALUES(scans)";

	private static final String BRAND_DAY = "INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans) "
			+ "VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE scans = scans + VALUES(scans)";

	private static final String CODE_DAY = "INSERT INTO scan_suspicious_day (brand_id, day_ms, gtin, serial, scans) "
			+ "VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE scans = scans + VALUES(scans)";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final SuspiciousWindows windows;

	ScanRollups(JdbcTemplate jdbc, TransactionTemplate transactions, SuspiciousWindows windows) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.windows = windows;
	}

	/** A cell of the cube. */
	record Cell(char grain, long brandId, long bucketMs, String gtin, String region, String verdict) {

		/**
		 * The order rows are written in: every writer locks them in the same order (no
		 * deadlocks between nodes).
		 */
		static final Comparator<Cell> ORDER = Comparator.comparing(Cell::grain)
			.thenComparingLong(Cell::brandId)
			.thenComparingLong(Cell::bucketMs)
			.thenComparing(Cell::gtin)
			.thenComparing(Cell::region)
			.thenComparing(Cell::verdict);

		Object[] row(long scans) {
			return new Object[] { String.valueOf(this.grain), this.brandId, this.bucketMs, this.gtin, this.region,
					this.verdict, scans };
		}

	}

	/** A code's suspicious scans on a day. */
	record Code(long brandId, long dayMs, String gtin, String serial) {

		static final Comparator<Code> ORDER = Comparator.comparingLong(Code::brandId)
			.thenComparingLong(Code::dayMs)
			.thenComparing(Code::gtin)
			.thenComparing(Code::serial);

	}

	/**
	 * What a batch adds: counts per cell and code, and the moves of places (each from the
	 * unknown region to a region, for the hour and the day cells).
	 */
	record Deltas(Map<Cell, Long> cells, Map<Code, Long> codes, List<LoggedScan> moves) {
	}

	static Deltas deltas(List<LoggedScan> scans) {
		Map<Cell, Long> cells = new HashMap<>();
		Map<Code, Long> codes = new HashMap<>();
		List<LoggedScan> moves = new ArrayList<>();
		for (LoggedScan s : scans) {
			if (s.kind() == Kind.PLACE) {
				if (s.region() != null && !s.region().isEmpty()) {
					moves.add(s);
				}
				continue;
			}
			long brand = brand(s.brandId());
			String region = s.region() == null ? UNKNOWN_REGION : s.region();
			cells.merge(new Cell('H', brand, Buckets.hour(s.scannedMs()), s.gtin(), region, s.verdict()), 1L,
					Long::sum);
			cells.merge(new Cell('D', brand, Buckets.day(s.scannedMs()), s.gtin(), region, s.verdict()), 1L, Long::sum);
			if (SUSPICIOUS.equals(s.verdict()) && s.serial() != null) {
				codes.merge(new Code(brand, Buckets.day(s.scannedMs()), s.gtin(), s.serial()), 1L, Long::sum);
			}
		}
		return new Deltas(sorted(cells, Cell.ORDER), sorted(codes, Code.ORDER), moves);
	}

	/** The map in the key order given (hashed while counting, sorted once). */
	private static <K> Map<K, Long> sorted(Map<K, Long> counts, Comparator<K> order) {
		List<K> keys = new ArrayList<>(counts.keySet());
		keys.sort(order);
		Map<K, Long> sorted = new LinkedHashMap<>();
		keys.forEach(k -> sorted.put(k, counts.get(k)));
		return sorted;
	}

	static long brand(@Nullable Long brandId) {
		return brandId == null ? 0L : brandId;
	}

	@Override
	public void logged(List<LoggedScan> scans) {
		Deltas deltas = deltas(scans);
		this.transactions.executeWithoutResult(status -> write(deltas));
	}

	private void write(Deltas deltas) {
		// the brand-day table is the cube's day cells without the GTIN
		Map<String, Object[]> brandDays = new TreeMap<>();
		List<Object[]> cube = new ArrayList<>(deltas.cells().size());
		deltas.cells().forEach((cell, n) -> {
			cube.add(cell.row(n));
			if (cell.grain() == 'D') {
				addDay(brandDays, cell.brandId(), cell.bucketMs(), cell.region(), cell.verdict(), n);
				addDay(brandDays, ALL_BRANDS, cell.bucketMs(), cell.region(), cell.verdict(), n);
			}
		});
		upsert(cube, brandDays, deltas.codes());
		// after the counts: a place may move a scan of this very batch
		for (LoggedScan move : deltas.moves()) {
			if (moveOut(move)) {
				long brand = brand(move.brandId());
				String region = String.valueOf(move.region());
				Map<String, Object[]> day = new TreeMap<>();
				addDay(day, brand, Buckets.day(move.scannedMs()), region, move.verdict(), 1);
				addDay(day, ALL_BRANDS, Buckets.day(move.scannedMs()), region, move.verdict(), 1);
				upsert(List.of(
						new Cell('H', brand, Buckets.hour(move.scannedMs()), move.gtin(), region, move.verdict())
							.row(1),
						new Cell('D', brand, Buckets.day(move.scannedMs()), move.gtin(), region, move.verdict())
							.row(1)),
						day, Map.of());
			}
		}
	}

	private static void addDay(Map<String, Object[]> days, long brand, long dayMs, String region, String verdict,
			long n) {
		days.merge(brand + "|" + dayMs + "|" + region + "|" + verdict,
				new Object[] { brand, dayMs, region, verdict, n }, (a, b) -> {
					a[4] = (Long) a[4] + (Long) b[4];
					return a;
				});
	}

	private void upsert(List<Object[]> cube, Map<String, Object[]> brandDays, Map<Code, Long> suspicious) {
		if (!cube.isEmpty()) {
			this.jdbc.batchUpdate(CUBE, cube);
		}
		if (!brandDays.isEmpty()) {
			this.jdbc.batchUpdate(BRAND_DAY, new ArrayList<>(brandDays.values()));
		}
		List<Object[]> codes = new ArrayList<>(suspicious.size());
		suspicious.forEach(
				(code, n) -> codes.add(new Object[] { code.brandId(), code.dayMs(), code.gtin(), code.serial(), n }));
		if (!codes.isEmpty()) {
			this.jdbc.batchUpdate(CODE_DAY, codes);
		}
		this.windows.add(suspicious);
	}

	/**
	 * Takes a scan out of the unknown region of its hour, day and brand-day cells (its
	 * brand's and all brands'), when all four still count it; false (nothing changed)
	 * when they do not (a scan logged before the rollups existed, or moved already).
	 */
	private boolean moveOut(LoggedScan move) {
		long brand = brand(move.brandId());
		String cube = "UPDATE scan_rollup SET scans = scans - 1 WHERE grain = ? AND brand_id = ? AND bucket_ms = ? "
				+ "AND gtin = ? AND region = '' AND verdict = ? AND scans > 0";
		int hour = this.jdbc.update(cube, "H", brand, Buckets.hour(move.scannedMs()), move.gtin(), move.verdict());
		if (hour == 0) {
			return false;
		}
		int day = this.jdbc.update(cube, "D", brand, Buckets.day(move.scannedMs()), move.gtin(), move.verdict());
		int brandDay = this.jdbc.update(
				"UPDATE scan_rollup_brand_day SET scans = scans - 1 WHERE brand_id IN (?, ?) "
						+ "AND day_ms = ? AND region = '' AND verdict = ? AND scans > 0",
				brand, ALL_BRANDS, Buckets.day(move.scannedMs()), move.verdict());
		return day == 1 && brandDay == 2;
	}

	/**
	 * Recounts the rollups of the UTC days from {@code fromMs}'s to {@code toMs}'s
	 * (inclusive) from the scan log, and each range's suspicious codes from the days.
	 * Idempotent; run it when no scans of those days are being written (a repair after a
	 * lost batch, or a bulk load).
	 */
	void rebuild(long fromMs, long toMs) {
		long from = Buckets.day(fromMs);
		long to = Buckets.day(toMs) + Buckets.DAY;
		this.transactions.executeWithoutResult(status -> {
			this.jdbc.update("DELETE FROM scan_rollup WHERE bucket_ms >= ? AND bucket_ms < ?", from, to);
			this.jdbc.update("DELETE FROM scan_rollup_brand_day WHERE day_ms >= ? AND day_ms < ?", from, to);
			this.jdbc.update("DELETE FROM scan_suspicious_day WHERE day_ms >= ? AND day_ms < ?", from, to);
			for (String grain : List.of("H", "D")) {
				long size = grain.equals("H") ? Buckets.HOUR : Buckets.DAY;
				this.jdbc.update("INSERT INTO scan_rollup (grain, brand_id, bucket_ms, gtin, region, verdict, scans) "
						+ "SELECT ?, COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, ?), gtin, "
						+ "COALESCE(region, ''), verdict, COUNT(*) FROM scan_log WHERE scanned_ms >= ? "
						+ "AND scanned_ms < ? GROUP BY COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, ?), "
						+ "gtin, COALESCE(region, ''), verdict", grain, size, from, to, size);
			}
			this.jdbc.update("INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans) "
					+ "SELECT brand_id, bucket_ms, region, verdict, SUM(scans) FROM scan_rollup WHERE grain = 'D' "
					+ "AND bucket_ms >= ? AND bucket_ms < ? GROUP BY brand_id, bucket_ms, region, verdict", from, to);
			this.jdbc.update(
					"INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans) "
							+ "SELECT ?, bucket_ms, region, verdict, SUM(scans) FROM scan_rollup WHERE grain = 'D' "
							+ "AND bucket_ms >= ? AND bucket_ms < ? GROUP BY bucket_ms, region, verdict",
					ALL_BRANDS, from, to);
			this.jdbc.update("INSERT INTO scan_suspicious_day (brand_id, day_ms, gtin, serial, scans) "
					+ "SELECT COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, ?), gtin, serial, COUNT(*) "
					+ "FROM scan_log WHERE verdict = ? AND serial IS NOT NULL AND scanned_ms >= ? AND scanned_ms < ? "
					+ "GROUP BY COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, ?), gtin, serial", Buckets.DAY,
					SUSPICIOUS, from, to, Buckets.DAY);
			this.windows.refill();
		});
	}

}
