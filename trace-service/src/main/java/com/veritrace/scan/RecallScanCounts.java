package com.veritrace.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.veritrace.analytics.Verdict;
import com.veritrace.recall.RecallProgressScans;
import com.veritrace.recall.RecallScope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consumer scans of recalled items for the recall module's progress, from the scan log:
 * the GTIN's rows with verdict RECALLED since the recall (index
 * {@code ix_scan_log_verdict}: one range however many scans the product has), in the
 * recall's lots or serial ranges.
 */
@Component
class RecallScanCounts implements RecallProgressScans {

	/**
	 * A serial in an inclusive range, ordered shorter first, then character by character.
	 */
	private static final String IN_RANGE = "((CHAR_LENGTH(serial) > ? OR (CHAR_LENGTH(serial) = ? AND serial >= ?)) "
			+ "AND (CHAR_LENGTH(serial) < ? OR (CHAR_LENGTH(serial) = ? AND serial <= ?)))";

	private final JdbcTemplate jdbc;

	RecallScanCounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public Scans recalledScans(String gtin, List<String> lots, List<RecallScope> serialRanges, long sinceMs) {
		List<String> covered = new ArrayList<>();
		List<Object> args = new ArrayList<>(List.of(gtin, Verdict.RECALLED.name(), sinceMs));
		if (!lots.isEmpty()) {
			covered.add("lot_number IN (" + String.join(",", Collections.nCopies(lots.size(), "?")) + ")");
			args.addAll(lots);
		}
		for (RecallScope range : serialRanges) {
			String from = range.serialFrom();
			String to = range.serialTo();
			if (from != null && to != null) {
				covered.add(IN_RANGE);
				args.addAll(List.of(from.length(), from.length(), from, to.length(), to.length(), to));
			}
		}
		if (covered.isEmpty()) {
			return Scans.NONE;
		}
		return this.jdbc.queryForObject("SELECT COUNT(*), COUNT(DISTINCT serial), MAX(scanned_ms) FROM scan_log "
				+ "WHERE gtin = ? AND verdict = ? AND scanned_ms >= ? AND (" + String.join(" OR ", covered) + ")",
				(rs, n) -> {
					long scans = rs.getLong(1);
					long items = rs.getLong(2);
					long last = rs.getLong(3);
					return new Scans(scans, items, rs.wasNull() ? null : Instant.ofEpochMilli(last));
				}, args.toArray());
	}

}
