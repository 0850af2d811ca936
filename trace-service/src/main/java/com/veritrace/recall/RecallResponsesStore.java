package com.veritrace.recall;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Partners' responses to a recall: their acknowledgement on their
 * {@code recall_recipient} row, their removal confirmations in {@code recall_response}.
 * Plain JDBC.
 */
@Repository
class RecallResponsesStore {

	private static final TypeReference<List<String>> SERIALS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	RecallResponsesStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A partner told of the recall, and its acknowledgement. */
	record Recipient(long organisationId, long notifiedMs, @Nullable Long acknowledgedMs,
			@Nullable String acknowledgedBy) {
	}

	/** A removal confirmation; {@code items} null: every affected item it holds. */
	record Response(long id, String recallId, long organisationId, long atMs, String byLabel, @Nullable String note,
			@Nullable Long quantity, @Nullable List<String> items, @Nullable Long appliedMs, long itemsRemoved) {
	}

	/** One recipient's confirmations, summed. */
	record Confirmations(long organisationId, int count, long firstMs, long lastMs, long itemsRemoved,
			@Nullable Long latestQuantity, boolean allApplied) {
	}

	@Nullable Recipient recipient(String recallId, long organisationId) {
		List<Recipient> found = this.jdbc.query(
				"SELECT organisation_id, notified_ms, acknowledged_ms, acknowledged_by FROM recall_recipient "
						+ "WHERE recall_id = ? AND organisation_id = ?",
				(rs, n) -> recipient(rs), recallId, organisationId);
		return found.isEmpty() ? null : found.get(0);
	}

	List<Recipient> recipients(String recallId) {
		return this.jdbc.query(
				"SELECT organisation_id, notified_ms, acknowledged_ms, acknowledged_by FROM "
						+ "recall_recipient WHERE recall_id = ? ORDER BY notified_ms, organisation_id",
				(rs, n) -> recipient(rs), recallId);
	}

	private static Recipient recipient(java.sql.ResultSet rs) throws java.sql.SQLException {
		long acknowledged = rs.getLong(3);
		Long acknowledgedMs = rs.wasNull() ? null : acknowledged;
		return new Recipient(rs.getLong(1), rs.getLong(2), acknowledgedMs, rs.getString(4));
	}

	/** Records the first acknowledgement; false when it was acknowledged before. */
	boolean acknowledge(String recallId, long organisationId, long atMs, String by) {
		return this.jdbc.update(
				"UPDATE recall_recipient SET acknowledged_ms = ?, acknowledged_by = ? "
						+ "WHERE recall_id = ? AND organisation_id = ? AND acknowledged_ms IS NULL",
				atMs, by, recallId, organisationId) == 1;
	}

	long insert(String recallId, long organisationId, long atMs, String byLabel, @Nullable String note,
			@Nullable Long quantity, @Nullable List<String> items) {
		KeyHolder keys = new GeneratedKeyHolder();
		String itemsJson = items == null ? null : this.json.writeValueAsString(items);
		this.jdbc.update(connection -> {
			PreparedStatement ps = connection.prepareStatement(
					"INSERT INTO recall_response (recall_id, "
							+ "organisation_id, at_ms, by_label, note, quantity, items) VALUES (?,?,?,?,?,?,?)",
					Statement.RETURN_GENERATED_KEYS);
			ps.setString(1, recallId);
			ps.setLong(2, organisationId);
			ps.setLong(3, atMs);
			ps.setString(4, byLabel);
			ps.setString(5, note);
			ps.setObject(6, quantity);
			ps.setString(7, itemsJson);
			return ps;
		}, keys);
		return keys.getKeyAs(Number.class).longValue();
	}

	private static final String RESPONSE_COLUMNS = "id, recall_id, organisation_id, at_ms, by_label, note, quantity, "
			+ "items, applied_ms, items_removed";

	@Nullable Response response(long id) {
		List<Response> found = this.jdbc.query("SELECT " + RESPONSE_COLUMNS + " FROM recall_response WHERE id = ?",
				(rs, n) -> response(rs), id);
		return found.isEmpty() ? null : found.get(0);
	}

	/** An organisation's confirmations of a recall, newest first. */
	List<Response> responses(String recallId, long organisationId) {
		return this.jdbc.query(
				"SELECT " + RESPONSE_COLUMNS + " FROM recall_response WHERE recall_id = ? AND "
						+ "organisation_id = ? ORDER BY id DESC LIMIT 100",
				(rs, n) -> response(rs), recallId, organisationId);
	}

	private Response response(java.sql.ResultSet rs) throws java.sql.SQLException {
		long quantity = rs.getLong(7);
		Long quantityOrNull = rs.wasNull() ? null : quantity;
		String items = rs.getString(8);
		long applied = rs.getLong(9);
		Long appliedMs = rs.wasNull() ? null : applied;
		return new Response(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
				rs.getString(6), quantityOrNull, items == null ? null : this.json.readValue(items, SERIALS), appliedMs,
				rs.getLong(10));
	}

	/** Counts what one application removed. */
	void applied(long id, long itemsRemoved, boolean done, long nowMs) {
		this.jdbc.update("UPDATE recall_response SET items_removed = COALESCE(items_removed, 0) + ?, "
				+ "applied_ms = ? WHERE id = ?", itemsRemoved, done ? nowMs : null, id);
	}

	/** Every recipient's confirmations of the recall, summed. */
	List<Confirmations> confirmations(String recallId) {
		return this.jdbc.query("SELECT r.organisation_id, COUNT(*), MIN(r.at_ms), MAX(r.at_ms), "
				+ "COALESCE(SUM(r.items_removed), 0), (SELECT q.quantity FROM recall_response q WHERE q.recall_id = "
				+ "r.recall_id AND q.organisation_id = r.organisation_id AND q.quantity IS NOT NULL ORDER BY q.id DESC "
				+ "LIMIT 1), SUM(CASE WHEN r.applied_ms IS NULL THEN 1 ELSE 0 END) FROM recall_response r "
				+ "WHERE r.recall_id = ? GROUP BY r.recall_id, r.organisation_id", (rs, n) -> {
					long quantity = rs.getLong(6);
					Long latest = rs.wasNull() ? null : quantity;
					return new Confirmations(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
							latest, rs.getLong(7) == 0);
				}, recallId);
	}

}
