package com.veritrace.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Webhook endpoints and the log of calls to them (V14), plain JDBC. A removed endpoint
 * keeps its row (its log stays consistent) but is gone for its organisation.
 */
@Repository
class WebhookStore {

	private final JdbcTemplate jdbc;

	WebhookStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** An endpoint row. */
	record Row(long id, long organisationId, String url, @Nullable String description, byte[] secretBox,
			String secretHint, long createdMs, String createdBy) {
	}

	long insert(long organisationId, String url, @Nullable String description, byte[] secretBox, String secretHint,
			long createdMs, String createdBy) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			var ps = connection.prepareStatement(
					"INSERT INTO webhook_endpoint (organisation_id, url, description, "
							+ "secret_box, secret_hint, created_ms, created_by) VALUES (?,?,?,?,?,?,?)",
					new String[] { "id" });
			ps.setLong(1, organisationId);
			ps.setString(2, url);
			ps.setString(3, description);
			ps.setBytes(4, secretBox);
			ps.setString(5, secretHint);
			ps.setLong(6, createdMs);
			ps.setString(7, createdBy);
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	/** The organisation's endpoint, unless removed. */
	@Nullable Row find(long organisationId, long id) {
		List<Row> rows = this.jdbc.query(
				"SELECT * FROM webhook_endpoint WHERE id = ? AND organisation_id = ? " + "AND removed_ms IS NULL",
				(rs, n) -> row(rs), id, organisationId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** An endpoint by id, unless removed (for the delivery worker). */
	@Nullable Row findById(long id) {
		List<Row> rows = this.jdbc.query("SELECT * FROM webhook_endpoint WHERE id = ? AND removed_ms IS NULL",
				(rs, n) -> row(rs), id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	List<Row> active(long organisationId) {
		return this.jdbc.query(
				"SELECT * FROM webhook_endpoint WHERE organisation_id = ? AND removed_ms IS NULL " + "ORDER BY id",
				(rs, n) -> row(rs), organisationId);
	}

	int countActive(long organisationId) {
		Integer n = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM webhook_endpoint WHERE organisation_id = ? AND removed_ms IS NULL", Integer.class,
				organisationId);
		return n == null ? 0 : n;
	}

	/** Removes the endpoint and cancels what was still to be delivered to it. */
	boolean remove(long organisationId, long id, long atMs) {
		int removed = this.jdbc.update("UPDATE webhook_endpoint SET removed_ms = ? WHERE id = ? "
				+ "AND organisation_id = ? AND removed_ms IS NULL", atMs, id, organisationId);
		if (removed == 1) {
			this.jdbc.update("UPDATE notice_delivery SET status = 'CANCELLED', finished_ms = ? WHERE endpoint_id = ? "
					+ "AND status = 'PENDING'", atMs, id);
		}
		return removed == 1;
	}

	/** Deliveries to the endpoint by status. */
	long[] counts(long endpointId) {
		long[] counts = new long[3];
		this.jdbc.query("SELECT status, COUNT(*) FROM notice_delivery WHERE endpoint_id = ? GROUP BY status",
				(ResultSet rs) -> {
					switch (rs.getString(1)) {
						case "DELIVERED" -> counts[0] = rs.getLong(2);
						case "PENDING" -> counts[1] = rs.getLong(2);
						case "FAILED" -> counts[2] = rs.getLong(2);
						default -> {
						}
					}
				}, endpointId);
		return counts;
	}

	/** The endpoint's log, newest first, below {@code beforeId} when given. */
	List<WebhookAttempt> attempts(long endpointId, @Nullable Long beforeId, int limit) {
		StringBuilder sql = new StringBuilder("SELECT a.id, a.delivery_id, n.kind, n.title_en, a.attempt, a.at_ms, "
				+ "a.duration_ms, a.status_code, a.delivered, a.error, n.title_zh FROM notice_attempt a "
				+ "LEFT JOIN notice_delivery d ON d.id = a.delivery_id LEFT JOIN notice n ON n.id = d.notice_id "
				+ "WHERE a.endpoint_id = ?");
		List<Object> args = new ArrayList<>(List.of(endpointId));
		if (beforeId != null) {
			sql.append(" AND a.id < ?");
			args.add(beforeId);
		}
		sql.append(" ORDER BY a.id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), (rs, n) -> {
			long delivery = rs.getLong(2);
			Long deliveryId = rs.wasNull() ? null : delivery;
			String kind = rs.getString(3);
			int status = rs.getInt(8);
			Integer statusCode = rs.wasNull() ? null : status;
			return new WebhookAttempt(rs.getLong(1), deliveryId, kind == null ? null : NoticeKind.valueOf(kind),
					kind == null ? null : java.util.Map.of("en", rs.getString(4), "zh-CN", rs.getString(11)),
					rs.getInt(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7), statusCode, rs.getBoolean(9),
					rs.getString(10));
		}, args.toArray());
	}

	private static Row row(ResultSet rs) throws SQLException {
		return new Row(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("url"),
				rs.getString("description"), rs.getBytes("secret_box"), rs.getString("secret_hint"),
				rs.getLong("created_ms"), rs.getString("created_by"));
	}

}
