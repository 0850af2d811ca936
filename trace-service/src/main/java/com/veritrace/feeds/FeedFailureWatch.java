package com.veritrace.feeds;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches the partner feeds' refused records ({@code ingest_dead_letter}): a feed (the
 * organisation that sent the records) whose refusals in the last window pass the
 * thresholds of {@link FeedFailureProperties} raises a {@code FEED_FAILURE} alert for the
 * brands concerned (the sender itself when it is a brand, else the brands that granted it
 * rights), or for the platform operator when no brand can be named. Runs on every node:
 * the alert's window makes it one alert per feed and window, its occurrences counting the
 * checks that found the feed still failing.
 */
@Component
public class FeedFailureWatch {

	private static final Logger log = LoggerFactory.getLogger(FeedFailureWatch.class);

	static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

	private final JdbcTemplate jdbc;

	private final AlertService alerts;

	private final MessageSource messages;

	private final FeedFailureProperties properties;

	private final Clock clock;

	FeedFailureWatch(JdbcTemplate jdbc, AlertService alerts, MessageSource messages, FeedFailureProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.alerts = alerts;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
	}

	/** One feed's refusals in the window. */
	record Refusals(long organisationId, String name, String kind, long refused) {
	}

	/**
	 * Checks every feed that had refusals in the last window.
	 * @return how many alerts were raised or counted again
	 */
	@Scheduled(fixedDelayString = "${veritrace.ingest.feed-failure.check-interval:1m}",
			initialDelayString = "${veritrace.ingest.feed-failure.check-interval:1m}")
	public int check() {
		Instant now = this.clock.instant();
		Instant since = now.minus(this.properties.window());
		List<Refusals> feeds = this.jdbc.query(
				"SELECT d.organisation_id, o.name, o.kind, COUNT(*) FROM ingest_dead_letter d "
						+ "JOIN organisation o ON o.id = d.organisation_id WHERE d.at >= ? "
						+ "GROUP BY d.organisation_id, o.name, o.kind HAVING COUNT(*) >= ?",
				(rs, i) -> new Refusals(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
				Timestamp.from(since), Math.min(this.properties.minDeadLetters(), this.properties.deadLetters() + 1));
		int raised = 0;
		for (Refusals feed : feeds) {
			Long stored = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM trace_event WHERE reporter_id = ? AND record_time_ms >= ?", Long.class,
					feed.organisationId(), since.toEpochMilli());
			long total = feed.refused() + (stored == null ? 0 : stored);
			double rate = (double) feed.refused() / total;
			boolean failing = feed.refused() > this.properties.deadLetters()
					|| (feed.refused() >= this.properties.minDeadLetters() && rate > this.properties.rate());
			if (failing) {
				raise(feed, total, rate, since, now);
				raised++;
			}
		}
		return raised;
	}

	private void raise(Refusals feed, long total, double rate, Instant since, Instant now) {
		Map<String, Long> reasons = new LinkedHashMap<>();
		this.jdbc.query("SELECT reason, COUNT(*) FROM ingest_dead_letter WHERE organisation_id = ? AND at >= ? "
				+ "GROUP BY reason ORDER BY COUNT(*) DESC, reason LIMIT 5", rs -> {
					reasons.put(rs.getString(1), rs.getLong(2));
				}, feed.organisationId(), Timestamp.from(since));
		String reason = reasons.isEmpty() ? "-" : reasons.keySet().iterator().next();
		String percent = String.format(Locale.ROOT, "%.1f", rate * 100);
		String minutes = String.valueOf(this.properties.window().toMinutes());
		Map<String, String> title = new LinkedHashMap<>();
		Map<String, String> body = new LinkedHashMap<>();
		for (String language : AlertDraft.languages()) {
			Locale locale = language.equals("en") ? Locale.ENGLISH : ZH;
			title.put(language, this.messages.getMessage("alert.feed.title", new Object[] { feed.name() }, locale));
			body.put(language, this.messages.getMessage("alert.feed.body", new Object[] { feed.name(),
					String.valueOf(feed.refused()), String.valueOf(total), minutes, percent, reason }, locale));
		}
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("partner", feed.name());
		evidence.put("partnerId", feed.organisationId());
		evidence.put("refused", feed.refused());
		evidence.put("records", total);
		evidence.put("refusedPercent", percent);
		evidence.put("since", since.toString());
		evidence.put("until", now.toString());
		evidence.put("reasons", reasons);
		Severity severity = rate >= 0.5 ? Severity.CRITICAL : Severity.WARNING;
		for (long brand : concerned(feed)) {
			this.alerts.raise(new AlertDraft(brand, AlertKind.FEED_FAILURE, severity, "feed:" + feed.organisationId(),
					this.properties.alertWindow(), title, body,
					brand == feed.organisationId() ? "/portal/dead-letters" : null, evidence, feed.name()));
		}
		log.warn("Partner feed of {} ({}) is failing: {} of {} records refused since {}", feed.name(),
				feed.organisationId(), feed.refused(), total, since);
	}

	/**
	 * The brands a feed concerns: the sender when it is a brand; else the brands that
	 * granted it rights (not revoked); else the platform operator.
	 */
	private List<Long> concerned(Refusals feed) {
		if ("BRAND".equals(feed.kind())) {
			return List.of(feed.organisationId());
		}
		List<Long> brands = this.jdbc.queryForList(
				"SELECT DISTINCT brand_id FROM partner_grant WHERE grantee_id = ? AND revoked_at IS NULL ORDER BY brand_id",
				Long.class, feed.organisationId());
		if (!brands.isEmpty()) {
			return brands;
		}
		return this.jdbc.queryForList("SELECT id FROM organisation WHERE kind = 'PLATFORM' ORDER BY id", Long.class);
	}

}
