package com.veritrace.review;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.analytics.ScanCounters;
import com.veritrace.analytics.ScanThresholds;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A brand's own verdict thresholds, for one product category or all of them (category
 * ""): stored, and on every node's scan page within a second ({@link ReviewSettings}).
 * Where a brand set none, the configured ones apply.
 */
@Service
public class VerdictThresholdsService {

	/**
	 * A brand's thresholds for a category ("" for all its categories).
	 *
	 * @param burstWindow the burst window in seconds
	 */
	public record BrandThresholds(String category, int maxDistinctPlaces, int burstClients, long burstWindowSeconds,
			int maxTotalScans) {
	}

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final Clock clock;

	VerdictThresholdsService(JdbcTemplate jdbc, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<BrandThresholds> list(Caller caller) {
		CodeReviewService.requireReviewer(caller);
		return this.jdbc.query(
				"SELECT category, max_distinct_places, burst_clients, burst_window_seconds, "
						+ "max_total_scans FROM verdict_thresholds WHERE brand_id = ? ORDER BY category",
				(rs, n) -> new BrandThresholds(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4),
						rs.getInt(5)),
				caller.organisationId());
	}

	/**
	 * Sets the brand's thresholds for a category; 400 listing each value out of range.
	 */
	@Transactional
	public BrandThresholds set(Caller caller, BrandThresholds t) {
		CodeReviewService.requireReviewer(caller);
		String category = t.category() == null ? "" : t.category().strip();
		List<FieldProblem> errors = new ArrayList<>();
		if (category.length() > 64) {
			errors.add(new FieldProblem("category", "has at most 64 characters"));
		}
		if (t.maxDistinctPlaces() < 1 || t.maxDistinctPlaces() >= ScanCounters.MAX_PLACES) {
			errors.add(new FieldProblem("maxDistinctPlaces", "is from 1 to " + (ScanCounters.MAX_PLACES - 1)));
		}
		if (t.burstClients() < 2 || t.burstClients() >= ScanCounters.MAX_RECENT) {
			errors.add(new FieldProblem("burstClients", "is from 2 to " + (ScanCounters.MAX_RECENT - 1)));
		}
		if (t.burstWindowSeconds() < 60 || t.burstWindowSeconds() > 86_400) {
			errors.add(new FieldProblem("burstWindowSeconds", "is from 60 to 86400 (a minute to a day)"));
		}
		if (t.maxTotalScans() < 1) {
			errors.add(new FieldProblem("maxTotalScans", "is at least 1"));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		new ScanThresholds(t.maxDistinctPlaces(), t.burstClients(), Duration.ofSeconds(t.burstWindowSeconds()),
				t.maxTotalScans());
		long now = this.clock.millis();
		this.jdbc.update(
				"INSERT INTO verdict_thresholds (brand_id, category, max_distinct_places, burst_clients, "
						+ "burst_window_seconds, max_total_scans, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
						+ "ON DUPLICATE KEY UPDATE max_distinct_places = VALUES(max_distinct_places), "
						+ "burst_clients = VALUES(burst_clients), burst_window_seconds = VALUES(burst_window_seconds), "
						+ "max_total_scans = VALUES(max_total_scans), updated_ms = VALUES(updated_ms)",
				caller.organisationId(), category, t.maxDistinctPlaces(), t.burstClients(), t.burstWindowSeconds(),
				t.maxTotalScans(), now);
		BrandThresholds stored = new BrandThresholds(category, t.maxDistinctPlaces(), t.burstClients(),
				t.burstWindowSeconds(), t.maxTotalScans());
		this.audit.record(caller, "verdict-thresholds.set", category.isEmpty() ? "(all categories)" : category,
				stored.toString());
		return stored;
	}

	/** Removes the brand's thresholds for a category: the configured ones apply again. */
	@Transactional
	public void remove(Caller caller, @Nullable String category) {
		CodeReviewService.requireReviewer(caller);
		String c = category == null ? "" : category.strip();
		if (this.jdbc.update("DELETE FROM verdict_thresholds WHERE brand_id = ? AND category = ?",
				caller.organisationId(), c) == 0) {
			throw NotFoundException.of("Thresholds", "The brand set no thresholds for '" + c + "'");
		}
		this.audit.record(caller, "verdict-thresholds.remove", c.isEmpty() ? "(all categories)" : c, null);
	}

}
