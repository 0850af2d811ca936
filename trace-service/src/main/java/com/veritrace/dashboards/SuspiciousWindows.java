package com.veritrace.dashboards;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.dashboards.ScanRollups.Code;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each code's suspicious scans summed over each range a dashboard offers (7, 30 and 90
 * days up to today, UTC) in {@code scan_suspicious_window}, so that the top suspicious
 * codes are an index read, not a grouping of the range's code-days at request time (a
 * regulator's every-brand view over 90 days grouped ~200,000 rows a request).
 * <ul>
 * <li>{@link #add} runs in the scan log writer's rollup transaction, for the same counts
 * it adds to {@code scan_suspicious_day}: to every range the scan's day is in today.</li>
 * <li>{@link #roll} (every minute, on every node) subtracts the days that fell out of a
 * range since its recorded first day ({@code scan_suspicious_window_start}), under that
 * row's lock: whichever node rolls first does it, the others find it done. A range with
 * no first day yet (a new database) or one that would lose all its days is filled from
 * {@code scan_suspicious_day}.</li>
 * </ul>
 * For up to a minute after midnight (UTC) a range still counts the day that just left it.
 * A scan delivered to the writer more than six days after it was made would be counted in
 * a range it is not in ({@link ScanRollups#rebuild} refills the ranges).
 */
@Component
class SuspiciousWindows {

	private static final Logger log = LoggerFactory.getLogger(SuspiciousWindows.class);

	private static final String ADD = "INSERT INTO scan_suspicious_window (window_days, brand_id, gtin, serial, scans, "
			+ "last_day_ms) VALUES (?,?,?,?,?,?) ON DUPLICATE KEY UPDATE scans = scans + VALUES(scans), "
			+ "last_day_ms = GREATEST(last_day_ms, VALUES(last_day_ms))";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SuspiciousWindows(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** The first day a range of {@code days} counts today. */
	long firstDay(int days) {
		return Buckets.day(this.clock.millis()) - (days - 1) * Buckets.DAY;
	}

	/**
	 * Adds codes' suspicious scans per day to the ranges their days are in; in the
	 * caller's transaction.
	 */
	void add(Map<Code, Long> codes) {
		if (codes.isEmpty()) {
			return;
		}
		List<Object[]> rows = new ArrayList<>(codes.size() * Dashboards.RANGES.size());
		for (int days : Dashboards.RANGES) {
			long first = firstDay(days);
			// one row per code and range (a batch may hold two days of a code), in key
			// order: every writer locks them in the same order
			Map<Code, Object[]> byCode = new TreeMap<>(Code.ORDER);
			codes.forEach((code, n) -> {
				if (code.dayMs() >= first) {
					byCode.merge(new Code(code.brandId(), 0, code.gtin(), code.serial()),
							new Object[] { days, code.brandId(), code.gtin(), code.serial(), n, code.dayMs() },
							(a, b) -> new Object[] { days, a[1], a[2], a[3], (Long) a[4] + (Long) b[4],
									Math.max((Long) a[5], (Long) b[5]) });
				}
			});
			rows.addAll(byCode.values());
		}
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(ADD, rows);
		}
	}

	/** Moves every range to today: see the class comment. */
	@Scheduled(fixedDelayString = "${veritrace.dashboards.roll-interval:PT1M}", initialDelay = 2000)
	void roll() {
		for (int days : Dashboards.RANGES) {
			try {
				this.transactions.executeWithoutResult(status -> roll(days, false));
			}
			catch (DuplicateKeyException ex) {
				// another node recorded the range's first day at the same moment: it
				// fills it
				log.debug("Range of {} days filled by another node", days);
			}
		}
	}

	/**
	 * Fills every range again from {@code scan_suspicious_day} (after
	 * {@link ScanRollups#rebuild}); in the caller's transaction.
	 */
	void refill() {
		for (int days : Dashboards.RANGES) {
			roll(days, true);
		}
	}

	private void roll(int days, boolean refill) {
		long first = firstDay(days);
		List<Long> recorded = this.jdbc.queryForList(
				"SELECT first_day_ms FROM scan_suspicious_window_start WHERE window_days = ? FOR UPDATE", Long.class,
				days);
		if (recorded.isEmpty()) {
			// recorded first: a node rolling at the same moment waits on the key, then
			// fails
			this.jdbc.update("INSERT INTO scan_suspicious_window_start (window_days, first_day_ms) VALUES (?, ?)", days,
					first);
			fill(days, first);
			return;
		}
		long from = recorded.get(0);
		if (from == first && !refill) {
			return;
		}
		if (refill || from > first || first - from >= days * Buckets.DAY) {
			// asked to, the clock went back, or every day of the range left it
			fill(days, first);
		}
		else {
			List<Object[]> gone = this.jdbc.query(
					"SELECT SUM(scans), brand_id, gtin, serial FROM scan_suspicious_day WHERE day_ms >= ? "
							+ "AND day_ms < ? GROUP BY brand_id, gtin, serial",
					(rs, i) -> new Object[] { rs.getLong(1), days, rs.getLong(2), rs.getString(3), rs.getString(4) },
					from, first);
			this.jdbc.batchUpdate("UPDATE scan_suspicious_window SET scans = scans - ? WHERE window_days = ? "
					+ "AND brand_id = ? AND gtin = ? AND serial = ?", gone);
			this.jdbc.update("DELETE FROM scan_suspicious_window WHERE window_days = ? AND scans <= 0", days);
		}
		this.jdbc.update("UPDATE scan_suspicious_window_start SET first_day_ms = ? WHERE window_days = ?", first, days);
	}

	private void fill(int days, long first) {
		this.jdbc.update("DELETE FROM scan_suspicious_window WHERE window_days = ?", days);
		this.jdbc.update("INSERT INTO scan_suspicious_window (window_days, brand_id, gtin, serial, scans, last_day_ms) "
				+ "SELECT ?, brand_id, gtin, serial, SUM(scans), MAX(day_ms) FROM scan_suspicious_day WHERE day_ms >= ? "
				+ "GROUP BY brand_id, gtin, serial ON DUPLICATE KEY UPDATE scans = VALUES(scans), "
				+ "last_day_ms = VALUES(last_day_ms)", days, first);
	}

}
