package com.veritrace.notify;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The tables of EPCIS query subscriptions ({@code epcis_subscription}, V27) and their
 * delivery log. Every change a worker makes to a subscription is conditional on its
 * lease, so a node that lost it (it ran out, the subscription was deleted) changes
 * nothing.
 */
@Repository
class SubscriptionStore {

	private final JdbcTemplate jdbc;

	SubscriptionStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A subscription as stored. */
	record Row(long id, String subscriptionId, long queryId, long organisationId, String dest,
			byte @Nullable [] signatureBox, boolean stream, @Nullable String schedule, boolean reportIfEmpty,
			long initialRecordMs, long cursorRecordMs, long cursorRowId, int batchSize, int failures, long nextRunMs,
			long createdMs, @Nullable Long lastNotifiedMs, @Nullable String lastError, long lateCheckedMs) {
	}

	/** One attempt of the log. */
	record Attempt(long id, long atMs, long durationMs, @Nullable Integer statusCode, int events, boolean delivered,
			@Nullable String error) {
	}

	private static final String COLUMNS = "id, subscription_id, query_id, organisation_id, dest, signature_box, stream,"
			+ " schedule, report_if_empty, initial_record_ms, cursor_record_ms, cursor_row_id, batch_size, failures,"
			+ " next_run_ms, created_ms, last_notified_ms, last_error, late_checked_ms";

	private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getLong("id"), rs.getString("subscription_id"),
			rs.getLong("query_id"), rs.getLong("organisation_id"), rs.getString("dest"), rs.getBytes("signature_box"),
			rs.getBoolean("stream"), rs.getString("schedule"), rs.getBoolean("report_if_empty"),
			rs.getLong("initial_record_ms"), rs.getLong("cursor_record_ms"), rs.getLong("cursor_row_id"),
			rs.getInt("batch_size"), rs.getInt("failures"), rs.getLong("next_run_ms"), rs.getLong("created_ms"),
			(Long) rs.getObject("last_notified_ms", Long.class), rs.getString("last_error"),
			rs.getLong("late_checked_ms"));

	long insert(String subscriptionId, long queryId, long organisationId, String dest, byte @Nullable [] box,
			boolean stream, @Nullable String schedule, boolean reportIfEmpty, long initialRecordMs, int batchSize,
			long nextRunMs, long createdMs, String createdBy) {
		this.jdbc.update("INSERT INTO epcis_subscription (subscription_id, query_id, organisation_id, dest,"
				+ " signature_box, stream, schedule, report_if_empty, initial_record_ms, cursor_record_ms, cursor_row_id,"
				+ " batch_size, failures, next_run_ms, created_ms, created_by, late_checked_ms)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)", subscriptionId, queryId,
				organisationId, dest, box, stream, schedule, reportIfEmpty, initialRecordMs, initialRecordMs - 1,
				Long.MAX_VALUE, batchSize, nextRunMs, createdMs, createdBy, createdMs);
		Row row = find(queryId, subscriptionId);
		if (row == null) {
			throw new IllegalStateException("the subscription just stored is not found");
		}
		return row.id();
	}

	int countForQuery(long queryId) {
		Integer n = this.jdbc.queryForObject("SELECT COUNT(*) FROM epcis_subscription WHERE query_id = ?",
				Integer.class, queryId);
		return n == null ? 0 : n;
	}

	@Nullable Row find(long queryId, String subscriptionId) {
		List<Row> rows = this.jdbc.query(
				"SELECT " + COLUMNS + " FROM epcis_subscription WHERE query_id = ? AND subscription_id = ?", ROW,
				queryId, subscriptionId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	@Nullable Row load(long id) {
		List<Row> rows = this.jdbc.query("SELECT " + COLUMNS + " FROM epcis_subscription WHERE id = ?", ROW, id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** A query's subscriptions after {@code afterId}, oldest first. */
	List<Row> page(long queryId, long afterId, int limit) {
		return this.jdbc.query(
				"SELECT " + COLUMNS + " FROM epcis_subscription WHERE query_id = ? AND id > ?" + " ORDER BY id LIMIT ?",
				ROW, queryId, afterId, limit);
	}

	boolean delete(long queryId, String subscriptionId) {
		return this.jdbc.update("DELETE FROM epcis_subscription WHERE query_id = ? AND subscription_id = ?", queryId,
				subscriptionId) > 0;
	}

	List<Attempt> attempts(long rowId, long beforeId, int limit) {
		return this.jdbc.query(
				"SELECT id, at_ms, duration_ms, status_code, events, delivered, error"
						+ " FROM epcis_subscription_delivery WHERE subscription_row_id = ? AND id < ?"
						+ " ORDER BY id DESC LIMIT ?",
				(rs, n) -> new Attempt(rs.getLong("id"), rs.getLong("at_ms"), rs.getLong("duration_ms"),
						(Integer) rs.getObject("status_code", Integer.class), rs.getInt("events"),
						rs.getBoolean("delivered"), rs.getString("error")),
				rowId, beforeId, limit);
	}

	// ------------------------------------------------------------------ the worker's

	/** Due subscriptions no live lease holds, most overdue first. */
	List<Long> due(long now, int limit) {
		return this.jdbc.queryForList(
				"SELECT id FROM epcis_subscription WHERE next_run_ms <= ?"
						+ " AND (lease_owner IS NULL OR lease_until_ms < ?) ORDER BY next_run_ms, id LIMIT ?",
				Long.class, now, now, limit);
	}

	/** Takes the lease of a due subscription: false when another node holds it. */
	boolean claim(long id, String node, long now, long until) {
		return this.jdbc.update(
				"UPDATE epcis_subscription SET lease_owner = ?, lease_until_ms = ?"
						+ " WHERE id = ? AND next_run_ms <= ? AND (lease_owner IS NULL OR lease_until_ms < ?)",
				node, until, id, now, now) == 1;
	}

	/**
	 * An acknowledged delivery (or rows passed over): the cursor moves, failures are
	 * forgotten, the lease is renewed. False when the lease is lost.
	 */
	boolean advance(long id, String node, long cursorRecordMs, long cursorRowId, @Nullable Long notifiedMs,
			long leaseUntil) {
		return this.jdbc.update(
				"UPDATE epcis_subscription SET cursor_record_ms = ?, cursor_row_id = ?, failures = 0,"
						+ " last_error = NULL, last_notified_ms = COALESCE(?, last_notified_ms), lease_until_ms = ?"
						+ " WHERE id = ? AND lease_owner = ?",
				cursorRecordMs, cursorRowId, notifiedMs, leaseUntil, id, node) == 1;
	}

	/**
	 * Late commits looked at up to {@code lateCheckedMs}; the cursor, moved back to a
	 * late commit's position if one was found. False when the lease is lost.
	 */
	boolean lateChecked(long id, String node, long cursorRecordMs, long cursorRowId, long lateCheckedMs) {
		return this.jdbc.update(
				"UPDATE epcis_subscription SET cursor_record_ms = ?, cursor_row_id = ?, late_checked_ms = ?"
						+ " WHERE id = ? AND lease_owner = ?",
				cursorRecordMs, cursorRowId, lateCheckedMs, id, node) == 1;
	}

	/** The earliest time up to which a subscription has looked at late commits. */
	@Nullable Long earliestLateChecked() {
		return this.jdbc.queryForObject("SELECT MIN(late_checked_ms) FROM epcis_subscription", Long.class);
	}

	boolean batchSize(long id, String node, int size) {
		return this.jdbc.update("UPDATE epcis_subscription SET batch_size = ? WHERE id = ? AND lease_owner = ?", size,
				id, node) == 1;
	}

	/** A failed delivery: due again at {@code nextRunMs}; the lease is given up. */
	void failed(long id, String node, int failures, long nextRunMs, String error) {
		this.jdbc.update(
				"UPDATE epcis_subscription SET failures = ?, next_run_ms = ?, last_error = ?,"
						+ " lease_owner = NULL, lease_until_ms = NULL WHERE id = ? AND lease_owner = ?",
				failures, nextRunMs, clip(error), id, node);
	}

	/** Done for now: due again at {@code nextRunMs}; the lease is given up. */
	void release(long id, String node, long nextRunMs) {
		this.jdbc.update("UPDATE epcis_subscription SET next_run_ms = ?, lease_owner = NULL, lease_until_ms = NULL"
				+ " WHERE id = ? AND lease_owner = ?", nextRunMs, id, node);
	}

	void log(long rowId, long atMs, long durationMs, @Nullable Integer status, int events, boolean delivered,
			@Nullable String error) {
		this.jdbc.update(
				"INSERT INTO epcis_subscription_delivery (subscription_row_id, at_ms, duration_ms,"
						+ " status_code, events, delivered, error) SELECT id, ?, ?, ?, ?, ?, ? FROM epcis_subscription"
						+ " WHERE id = ?",
				atMs, durationMs, status, events, delivered, error == null ? null : clip(error), rowId);
	}

	private static String clip(String text) {
		return text.length() > 500 ? text.substring(0, 499) + "…" : text;
	}

}
