package com.veritrace.dashboards;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.scan.ScanWatch.Kind;
import com.veritrace.scan.ScanWatch.LoggedScan;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suspicious codes' range sums and the all-brands day rows on the embedded default's
 * database (H2 in MySQL mode, migrated by Flyway as the service does): the same SQL as on
 * MariaDB (DashboardsIntegrationTests) adds, rolls and fills.
 */
class SuspiciousWindowsEmbeddedTests {

	static final long DAY = Buckets.DAY;

	final AtomicLong now = new AtomicLong(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());

	final Clock clock = new Clock() {

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(SuspiciousWindowsEmbeddedTests.this.now.get());
		}

	};

	JdbcTemplate jdbc;

	SuspiciousWindows windows;

	ScanRollups rollups;

	@BeforeEach
	void database() {
		DriverManagerDataSource data = new DriverManagerDataSource(
				"jdbc:h2:mem:windows-" + System.nanoTime()
						+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
				"sa", "");
		Flyway.configure()
			.dataSource(data)
			.locations("classpath:db/migration", "classpath:db/migration-uuid")
			.load()
			.migrate();
		this.jdbc = new JdbcTemplate(data);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(data));
		this.windows = new SuspiciousWindows(this.jdbc, transactions, this.clock);
		this.rollups = new ScanRollups(this.jdbc, transactions, this.windows);
	}

	LoggedScan suspicious(long brand, String serial, long at) {
		return new LoggedScan(Kind.SCAN, "09506000134352", serial, "L1", brand, at, "SUSPICIOUS", "CN-31", "c");
	}

	long window(int days, String serial) {
		List<Long> n = this.jdbc.queryForList(
				"SELECT scans FROM scan_suspicious_window WHERE window_days = ? AND serial = ?", Long.class, days,
				serial);
		return n.isEmpty() ? 0 : n.get(0);
	}

	@Test
	void rangesAreFilledAddedToRolledAndRebuilt() {
		long t = this.now.get();
		// scans before the first roll: only the days table has them, the first roll fills
		this.rollups.logged(List.of(suspicious(7, "A", t - 10 * DAY), suspicious(7, "A", t)));
		this.windows.roll();
		assertThat(List.of(window(7, "A"), window(30, "A"), window(90, "A"))).containsExactly(1L, 2L, 2L);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_suspicious_window_start", Long.class))
			.isEqualTo(3);

		// after it, the writer adds; a day on, nothing leaves the ranges yet
		this.rollups.logged(List.of(suspicious(8, "B", t), suspicious(8, "B", t)));
		assertThat(List.of(window(7, "B"), window(90, "B"))).containsExactly(2L, 2L);
		this.now.addAndGet(DAY);
		this.windows.roll();
		assertThat(List.of(window(7, "A"), window(30, "A"), window(7, "B"))).containsExactly(1L, 2L, 2L);
		// seven days on, today's scans left the 7-day range; 21 more, A's older one the
		// 30-day range
		this.now.addAndGet(6 * DAY);
		this.windows.roll();
		assertThat(List.of(window(7, "A"), window(30, "A"), window(7, "B"))).containsExactly(0L, 2L, 0L);
		this.now.addAndGet(14 * DAY);
		this.windows.roll();
		assertThat(List.of(window(30, "A"), window(90, "A"), window(30, "B"))).containsExactly(1L, 2L, 2L);

		// the all-brands day rows, and a rebuild refilling the ranges from the days
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(scans) FROM scan_rollup_brand_day WHERE brand_id = -1 AND verdict = 'SUSPICIOUS'",
				Long.class))
			.isEqualTo(4);
		this.jdbc.update("UPDATE scan_suspicious_window SET scans = 99");
		this.rollups.rebuild(this.now.get() + DAY, this.now.get() + DAY);
		assertThat(List.of(window(30, "A"), window(90, "A"), window(90, "B"))).containsExactly(1L, 2L, 2L);
	}

}
