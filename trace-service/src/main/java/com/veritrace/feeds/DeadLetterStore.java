package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.ingest.connect.DeadLetterLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The refused records of every transport and node, in the database (table
 * {@code ingest_dead_letter}), for the organisation that sent them. Kafka's
 * {@code <topic>-dlt} topics stay the records' keeper; this is what people read.
 */
@Component
public class DeadLetterStore implements DeadLetterLog {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);

	/** The part of a refused record kept for reading (64 KiB). */
	static final int MAX_ORIGINAL = 64 * 1024;

	/** A refused record as the portal and the API show it. */
	public record DeadLetter(long id, long organisationId, String stream, String source, String reason, String detail,
			@Nullable String exceptionClass, String original, Instant at) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration retention;

	DeadLetterStore(JdbcTemplate jdbc, Clock clock, IngestProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.retention = properties.deadLetterRetention();
	}

	@Override
	public void refused(DeadLetterLog.DeadLetter letter) {
		String original = new String(letter.value(), StandardCharsets.UTF_8);
		if (original.length() > MAX_ORIGINAL) {
			original = original.substring(0, MAX_ORIGINAL) + "…";
		}
		try {
			this.jdbc.update(
					"INSERT INTO ingest_dead_letter (organisation_id, stream, source, reason, detail, exception_class,"
							+ " original, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					letter.organisationId(), letter.stream(), clip(letter.source(), 400), clip(letter.reason(), 64),
					clip(letter.detail(), 2000),
					letter.exceptionClass() == null ? null : clip(letter.exceptionClass(), 300), original,
					Timestamp.from(this.clock.instant()));
		}
		catch (DuplicateKeyException ex) {
			// delivered again after a restart: kept once
		}
		catch (DataAccessException ex) {
			log.warn("Could not note the dead letter {} of organisation {}: {}", letter.source(),
					letter.organisationId(), ex.toString());
		}
	}

	/**
	 * The caller's organisation's refused records, newest first, before {@code beforeId}
	 * (keyset pages); needs {@code events:write}, as sending does.
	 */
	public List<DeadLetter> page(Caller caller, @Nullable Long beforeId, int limit) {
		caller.require(Scope.EVENTS_WRITE);
		return this.jdbc.query(
				"SELECT id, organisation_id, stream, source, reason, detail, exception_class, original, at"
						+ " FROM ingest_dead_letter WHERE organisation_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
				(rs, i) -> new DeadLetter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
						rs.getTimestamp(9).toInstant()),
				caller.organisationId(), beforeId == null ? Long.MAX_VALUE : beforeId, limit);
	}

	/**
	 * Deletes the refused records older than
	 * {@code veritrace.ingest.dead-letter-retention} (hourly, on every node: the deletes
	 * are idempotent), a thousand rows per statement so that no delete holds long locks.
	 * @return how many were deleted
	 */
	@Scheduled(fixedDelayString = "${veritrace.ingest.dead-letter-cleanup-interval:PT1H}", initialDelay = 60_000)
	public int deleteExpired() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.retention));
		int deleted = 0;
		int batch;
		do {
			List<Long> ids = this.jdbc.queryForList(
					"SELECT id FROM ingest_dead_letter WHERE at < ? ORDER BY id LIMIT 1000", Long.class, before);
			batch = ids.isEmpty() ? 0 : this.jdbc.update("DELETE FROM ingest_dead_letter WHERE id IN ("
					+ String.join(",", ids.stream().map(String::valueOf).toList()) + ")");
			deleted += batch;
		}
		while (batch == 1000);
		if (deleted > 0) {
			log.info("Deleted {} refused records older than {}", deleted, this.retention);
		}
		return deleted;
	}

	private static String clip(String text, int max) {
		return text.length() <= max ? text : text.substring(0, max - 1) + "…";
	}

}
