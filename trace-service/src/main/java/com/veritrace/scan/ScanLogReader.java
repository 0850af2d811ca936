package com.veritrace.scan;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.tenancy.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A brand's view of one code's consumer scans (the scan log: when, verdict, coarse
 * place), for the portal's code lookup. Only the brand owning the GTIN (or a caller
 * reading across tenants) may read them; anyone else gets the catalog's 404.
 */
@Service
public class ScanLogReader {

	private final JdbcTemplate jdbc;

	private final CatalogService catalog;

	ScanLogReader(JdbcTemplate jdbc, CatalogService catalog) {
		this.jdbc = jdbc;
		this.catalog = catalog;
	}

	/** One scan as logged. */
	public record LoggedScan(Instant scannedAt, String verdict, @Nullable String place) {
	}

	/** How many times a code was scanned and its latest scans, newest first. */
	public record CodeScans(long count, List<LoggedScan> latest) {
	}

	@Transactional(readOnly = true)
	public CodeScans scans(Caller caller, String gtin, String serial, int latest) {
		String gtin14 = this.catalog.requireReadable(caller, gtin).getGtin();
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_log WHERE gtin = ? AND serial = ?", Long.class,
				gtin14, serial);
		List<LoggedScan> rows = this.jdbc.query(
				"SELECT scanned_ms, verdict, place FROM scan_log WHERE gtin = ? AND serial = ? "
						+ "ORDER BY scanned_ms DESC LIMIT ?",
				(rs, n) -> new LoggedScan(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)),
				gtin14, serial, Math.max(1, Math.min(latest, 50)));
		return new CodeScans(count == null ? 0 : count, rows);
	}

}
