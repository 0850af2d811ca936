package com.veritrace.review;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.analytics.CodeReview;
import com.veritrace.analytics.ScanThresholds;
import com.veritrace.scan.VerdictSettings;
import com.veritrace.shared.EveryNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brands' decisions on flagged codes and their own thresholds, as the scan page asks for
 * them on every scan: from memory, which every node refreshes from the database every
 * {@code veritrace.review.refresh-interval} (1 s) by what changed since
 * ({@code updated_ms}, with a margin for transactions that commit late). A decision made
 * on one node is on every node's scan page within about a second; no per-scan query. Only
 * decided codes are held (cleared, confirmed, voided): a handful per brand.
 */
@Component
class ReviewSettings implements VerdictSettings {

	private static final Logger log = LoggerFactory.getLogger(ReviewSettings.class);

	/** How far back each refresh looks again, for rows committed after a later one. */
	static final Duration MARGIN = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	private final Map<String, CodeReview> reviews = new ConcurrentHashMap<>();

	private volatile Map<Long, Map<String, ScanThresholds>> thresholds = Map.of();

	private long reviewsSeen = Long.MIN_VALUE;

	ReviewSettings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		refresh();
	}

	@Override
	public CodeReview review(String gtin, String serial) {
		return this.reviews.getOrDefault(gtin + "/" + serial, CodeReview.NONE);
	}

	@Override
	public @Nullable ScanThresholds thresholds(long brandId, @Nullable String category) {
		Map<String, ScanThresholds> brand = this.thresholds.get(brandId);
		if (brand == null) {
			return null;
		}
		ScanThresholds own = category == null ? null : brand.get(category);
		return own != null ? own : brand.get("");
	}

	@EveryNode
	@Scheduled(fixedDelayString = "${veritrace.review.refresh-interval:PT1S}", initialDelay = 1000)
	synchronized void refresh() {
		try {
			long from = this.reviewsSeen == Long.MIN_VALUE ? Long.MIN_VALUE : this.reviewsSeen - MARGIN.toMillis();
			this.jdbc.query("SELECT gtin, serial, state, cleared_clients, cleared_places, updated_ms FROM code_review "
					+ "WHERE updated_ms >= ?", rs -> {
						String key = rs.getString(1) + "/" + rs.getString(2);
						CodeReview review = switch (rs.getString(3)) {
							case "CLEARED" -> CodeReview.cleared(rs.getInt(4), rs.getInt(5));
							case "CONFIRMED", "VOIDED" -> CodeReview.CONFIRMED;
							default -> null;
						};
						if (review == null) {
							this.reviews.remove(key);
						}
						else {
							this.reviews.put(key, review);
						}
						this.reviewsSeen = Math.max(this.reviewsSeen, rs.getLong(6));
					}, from);
			Map<Long, Map<String, ScanThresholds>> all = new java.util.HashMap<>();
			this.jdbc.query("SELECT brand_id, category, max_distinct_places, burst_clients, burst_window_seconds, "
					+ "max_total_scans FROM verdict_thresholds", rs -> {
						all.computeIfAbsent(rs.getLong(1), b -> new java.util.HashMap<>())
							.put(rs.getString(2), new ScanThresholds(rs.getInt(3), rs.getInt(4),
									Duration.ofSeconds(rs.getInt(5)), rs.getInt(6)));
					});
			this.thresholds = Map.copyOf(all);
		}
		catch (RuntimeException ex) {
			log.warn("Verdict settings not refreshed ({}); the scan page keeps the last ones", ex.toString());
		}
	}

}
