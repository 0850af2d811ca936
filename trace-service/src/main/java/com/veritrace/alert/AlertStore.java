package com.veritrace.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code alert} table. */
@Repository
class AlertStore {

	static final String COLUMNS = "id, organisation_id, kind, severity, subject, subject_link, title_en, title_zh, "
			+ "body_en, body_zh, evidence, occurrences, raised_ms, last_raised_ms, state, acted_ms, acted_by, note, group_label";

	private final JdbcTemplate jdbc;

	AlertStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts the alert unless its organisation has one with the same dedupe key; then
	 * the existing one gets an occurrence and the new evidence.
	 * @return the new alert's id, or null when it was an occurrence of an existing one
	 */
	@Nullable Long raise(AlertDraft d, String dedupeKey, String evidence, long now) {
		int inserted = this.jdbc.update("INSERT IGNORE INTO alert (organisation_id, dedupe_key, kind, severity, "
				+ "subject, subject_link, title_en, title_zh, body_en, body_zh, evidence, occurrences, raised_ms, "
				+ "last_raised_ms, state, group_label) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?)", d.organisationId(),
				dedupeKey, d.kind().name(), d.severity().name(), d.subject(), d.subjectLink(), d.title().get("en"),
				d.title().get("zh-CN"), d.body().get("en"), d.body().get("zh-CN"), evidence, now, now,
				AlertState.OPEN.name(), d.groupLabel());
		if (inserted == 0) {
			this.jdbc.update(
					"UPDATE alert SET occurrences = occurrences + 1, last_raised_ms = ?, evidence = ? "
							+ "WHERE organisation_id = ? AND dedupe_key = ?",
					now, evidence, d.organisationId(), dedupeKey);
			return null;
		}
		return this.jdbc.queryForObject("SELECT id FROM alert WHERE organisation_id = ? AND dedupe_key = ?", Long.class,
				d.organisationId(), dedupeKey);
	}

	Optional<Alert> find(long id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM alert WHERE id = ?", AlertStore::row, id)
			.stream()
			.findFirst();
	}

	static Alert row(ResultSet rs, int n) throws SQLException {
		long acted = rs.getLong(16);
		Instant actedAt = rs.wasNull() ? null : Instant.ofEpochMilli(acted);
		return new Alert(rs.getLong(1), rs.getLong(2), AlertKind.valueOf(rs.getString(3)),
				Severity.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
				rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12),
				Instant.ofEpochMilli(rs.getLong(13)), Instant.ofEpochMilli(rs.getLong(14)),
				AlertState.valueOf(rs.getString(15)), actedAt, rs.getString(17), rs.getString(18), rs.getString(19));
	}

}
