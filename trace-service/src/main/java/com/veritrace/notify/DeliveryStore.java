package com.veritrace.notify;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The delivery queue (table {@code notice_delivery}, V14), shared by every node: a node
 * claims a due row by writing its lease on it with a conditional UPDATE (one winner per
 * row), attempts it, then records the attempt and moves the row on in one transaction,
 * only while it still holds the lease. A node that dies leaves its lease to run out; the
 * row is then due again for any node.
 */
@Repository
class DeliveryStore {

	private final JdbcTemplate jdbc;

	DeliveryStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Pending rows due now and not leased, oldest due first. */
	List<Long> due(long nowMs, int limit) {
		return this.jdbc.queryForList("SELECT id FROM notice_delivery WHERE status = 'PENDING' "
				+ "AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms < ?) "
				+ "ORDER BY next_attempt_ms LIMIT ?", Long.class, nowMs, nowMs, limit);
	}

	/**
	 * Takes the row for {@code owner} until {@code untilMs}, if it still is due and free.
	 */
	boolean claim(long id, String owner, long nowMs, long untilMs) {
		return this.jdbc.update("UPDATE notice_delivery SET lease_owner = ?, lease_until_ms = ? WHERE id = ? "
				+ "AND status = 'PENDING' AND next_attempt_ms <= ? AND (lease_until_ms IS NULL OR lease_until_ms < ?)",
				owner, untilMs, id, nowMs, nowMs) == 1;
	}

	/** A claimed delivery with what it carries. */
	record Due(long id, long noticeId, long organisationId, Channel channel, String target, @Nullable Long endpointId,
			int attempts, String kind, String titleEn, String titleZh, String bodyEn, String bodyZh, String link,
			String payload) {
	}

	@Nullable Due load(long id) {
		List<Due> rows = this.jdbc.query("SELECT d.id, d.notice_id, n.organisation_id, d.channel, d.target, "
				+ "d.endpoint_id, d.attempts, n.kind, n.title_en, n.title_zh, n.body_en, n.body_zh, n.link, n.payload "
				+ "FROM notice_delivery d JOIN notice n ON n.id = d.notice_id WHERE d.id = ?", (rs, n) -> {
					long endpoint = rs.getLong(6);
					Long endpointId = rs.wasNull() ? null : endpoint;
					return new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3), Channel.valueOf(rs.getString(4)),
							rs.getString(5), endpointId, rs.getInt(7), rs.getString(8), rs.getString(9),
							rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14));
				}, id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Where a delivery goes after an attempt. */
	enum Next {

		DELIVERED, RETRY, FAILED, CANCELLED

	}

	/**
	 * Moves the row on after an attempt, if {@code owner} still holds it: delivered,
	 * given up or cancelled (finished), or due again at {@code nextMs}.
	 */
	boolean advance(long id, String owner, int attempts, Next next, long nextMs, long nowMs) {
		String status = next == Next.RETRY ? "PENDING" : next.name();
		return this.jdbc.update(
				"UPDATE notice_delivery SET status = ?, attempts = ?, next_attempt_ms = ?, "
						+ "finished_ms = ?, lease_owner = NULL, lease_until_ms = NULL WHERE id = ? AND lease_owner = ?",
				status, attempts, nextMs, next == Next.RETRY ? null : nowMs, id, owner) == 1;
	}

	/**
	 * Logs one attempt: of a delivery ({@code deliveryId}; by webhook also
	 * {@code endpointId}), or a registration ping (only {@code endpointId}).
	 * {@code statusCode} is the HTTP status of a webhook's answer, if one came.
	 */
	void logAttempt(@Nullable Long deliveryId, @Nullable Long endpointId, int attempt, long atMs, long durationMs,
			@Nullable Integer statusCode, @Nullable String error) {
		this.jdbc.update(
				"INSERT INTO notice_attempt (delivery_id, endpoint_id, attempt, at_ms, duration_ms, status_code, "
						+ "delivered, error) VALUES (?,?,?,?,?,?,?,?)",
				deliveryId, endpointId, attempt, atMs, durationMs, statusCode, error == null,
				error == null || error.length() <= 500 ? error : error.substring(0, 499) + "…");
	}

	void logAttempt(@Nullable Long deliveryId, @Nullable Long endpointId, int attempt, long atMs,
			OutboundHttp.Answer answer) {
		logAttempt(deliveryId, endpointId, attempt, atMs, answer.durationMs(),
				answer.status() == 0 ? null : answer.status(), answer.error());
	}

}
