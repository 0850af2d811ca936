package com.veritrace.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Transactions that stored events and committed late ({@code trace_event_late}, V29). An
 * event's record time is stamped when it is inserted, not when its transaction commits,
 * so a reader that moves through events in record-time order (an EPCIS subscription) and
 * stays {@code settle} behind the clock could pass over an event whose transaction
 * committed later than that. When such a transaction is about to commit longer than
 * {@code veritrace.events.late-commit-after} after its earliest record time, it notes, in
 * the same transaction, the earliest (record time, row id) position it stored; readers go
 * back to it ({@link #earliestNoted}) and deliver again from there (at least once: what
 * lies after that position and was already delivered comes again).
 */
@Repository
public class LateCommits {

	/** A position in (record time, row id) order. */
	public record Position(long recordTimeMs, long rowId) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final long afterMs;

	LateCommits(JdbcTemplate jdbc, Clock clock, @Value("${veritrace.events.late-commit-after:PT0.2S}") Duration after) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.afterMs = after.toMillis();
	}

	/** How long after its record time a commit is noted as late. */
	public Duration after() {
		return Duration.ofMillis(this.afterMs);
	}

	/**
	 * Rows this transaction stored, from {@code firstRowId} on, with this record time:
	 * checked when the transaction commits.
	 */
	void track(long recordTimeMs, long firstRowId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return; // no transaction: the rows are committed already
		}
		Tracked tracked = (Tracked) TransactionSynchronizationManager.getResource(this);
		if (tracked == null) {
			tracked = new Tracked(recordTimeMs, firstRowId);
			TransactionSynchronizationManager.bindResource(this, tracked);
			TransactionSynchronizationManager.registerSynchronization(tracked);
		}
		else {
			tracked.add(recordTimeMs, firstRowId);
		}
	}

	/**
	 * The earliest position a late transaction noted in {@code (fromMs, untilMs]} (the
	 * time of noting), if any.
	 */
	public Optional<Position> earliestNoted(long fromMs, long untilMs) {
		List<Position> found = this.jdbc.query(
				"SELECT record_time_ms, first_row_id FROM trace_event_late WHERE noted_ms > ? AND noted_ms <= ?"
						+ " ORDER BY record_time_ms, first_row_id LIMIT 1",
				(rs, n) -> new Position(rs.getLong(1), rs.getLong(2)), fromMs, untilMs);
		return found.stream().findFirst();
	}

	/** Forgets the notes made before {@code beforeMs}; how many. */
	public int prune(long beforeMs) {
		return this.jdbc.update("DELETE FROM trace_event_late WHERE noted_ms < ?", beforeMs);
	}

	/** The earliest position of one transaction's stored rows. */
	private final class Tracked implements TransactionSynchronization {

		private long recordTimeMs;

		private long firstRowId;

		Tracked(long recordTimeMs, long firstRowId) {
			this.recordTimeMs = recordTimeMs;
			this.firstRowId = firstRowId;
		}

		void add(long recordTimeMs, long firstRowId) {
			// every row of the transaction comes after (earliest record time, lowest
			// row id - 1) in (record time, row id) order
			this.recordTimeMs = Math.min(this.recordTimeMs, recordTimeMs);
			this.firstRowId = Math.min(this.firstRowId, firstRowId);
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			long now = LateCommits.this.clock.millis();
			if (now - this.recordTimeMs > LateCommits.this.afterMs) {
				LateCommits.this.jdbc.update(
						"INSERT INTO trace_event_late (record_time_ms, first_row_id, noted_ms) VALUES (?, ?, ?)",
						this.recordTimeMs, this.firstRowId, now);
			}
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(LateCommits.this);
		}

	}

}
