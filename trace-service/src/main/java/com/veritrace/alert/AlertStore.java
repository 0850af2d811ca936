package com.veritrace.alert;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

	static final String VIEW_COLUMNS = "a.id, a.organisation_id, o.name, a.kind, a.severity, a.subject, a.subject_link, "
			+ "a.title_en, a.title_zh, a.body_en, a.body_zh, a.evidence, a.occurrences, a.raised_ms, a.last_raised_ms, "
			+ "a.state, a.acknowledged_ms, a.acknowledged_by, a.resolved_ms, a.resolved_by, a.note, a.group_label";

	/** What a list is narrowed to; null members: any. */
	record Filter(@Nullable Long organisationId, @Nullable AlertKind kind, @Nullable Severity severity,
			@Nullable AlertState state) {
	}

	/**
	 * A page of alerts newest first, before {@code beforeId}; {@code organisationId}
	 * null: every organisation's.
	 */
	List<AlertView> page(Filter filter, @Nullable Long beforeId, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + VIEW_COLUMNS
				+ " FROM alert a JOIN organisation o ON o.id = a.organisation_id WHERE a.id < ?");
		List<Object> args = new ArrayList<>();
		args.add(beforeId == null ? Long.MAX_VALUE : beforeId);
		if (filter.organisationId() != null) {
			sql.append(" AND a.organisation_id = ?");
			args.add(filter.organisationId());
		}
		if (filter.kind() != null) {
			sql.append(" AND a.kind = ?");
			args.add(filter.kind().name());
		}
		if (filter.severity() != null) {
			sql.append(" AND a.severity = ?");
			args.add(filter.severity().name());
		}
		if (filter.state() != null) {
			sql.append(" AND a.state = ?");
			args.add(filter.state().name());
		}
		sql.append(" ORDER BY a.id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), AlertStore::view, args.toArray());
	}

	Optional<AlertView> view(long id) {
		return this.jdbc
			.query("SELECT " + VIEW_COLUMNS + " FROM alert a JOIN organisation o ON o.id = a.organisation_id "
					+ "WHERE a.id = ?", AlertStore::view, id)
			.stream()
			.findFirst();
	}

	/** How many alerts are open: the organisation's, or (null) every organisation's. */
	long open(@Nullable Long organisationId) {
		Long n = organisationId == null
				? this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE state = 'OPEN'", Long.class)
				: this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE organisation_id = ? AND state = 'OPEN'",
						Long.class, organisationId);
		return n == null ? 0 : n;
	}

	/**
	 * Moves the alert from one of {@code from} to {@code to}, recording who and when.
	 * @return whether it moved (false: it was in another state by then)
	 */
	boolean act(long id, List<AlertState> from, AlertState to, long now, String who, @Nullable String note) {
		String column = to == AlertState.ACKNOWLEDGED ? "acknowledged" : "resolved";
		String in = String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
		return this.jdbc.update(
				"UPDATE alert SET state = ?, acted_ms = ?, acted_by = ?, note = COALESCE(?, note), " + column
						+ "_ms = ?, " + column + "_by = ? WHERE id = ? AND state IN (" + in + ")",
				to.name(), now, who, note, now, who, id) == 1;
	}

	/** A person's chosen subscriptions: kind to least severity (null: none by mail). */
	Map<AlertKind, Optional<Severity>> subscriptions(long userId) {
		Map<AlertKind, Optional<Severity>> chosen = new EnumMap<>(AlertKind.class);
		this.jdbc.query("SELECT kind, min_severity FROM alert_subscription WHERE user_id = ?", rs -> {
			AlertKind kind = known(rs.getString(1));
			if (kind != null) {
				String least = rs.getString(2);
				chosen.put(kind, Optional.ofNullable(least == null ? null : Severity.valueOf(least)));
			}
		}, userId);
		return chosen;
	}

	void subscribe(long userId, AlertKind kind, @Nullable Severity least, long now) {
		this.jdbc.update("INSERT INTO alert_subscription (user_id, kind, min_severity, updated_ms) VALUES (?,?,?,?) "
				+ "ON DUPLICATE KEY UPDATE min_severity = VALUES(min_severity), updated_ms = VALUES(updated_ms)",
				userId, kind.name(), least == null ? null : least.name(), now);
	}

	/**
	 * The addresses of the organisation's active people whom an alert of this kind and
	 * severity reaches by mail: those subscribed to the kind at or below its severity,
	 * and owners and admins who chose nothing for the kind (the default); oldest account
	 * first.
	 */
	List<String> mailRecipients(long organisationId, AlertKind kind, Severity severity) {
		List<String> to = new ArrayList<>();
		this.jdbc.query("SELECT u.email, u.role, s.user_id, s.min_severity FROM portal_user u "
				+ "LEFT JOIN alert_subscription s ON s.user_id = u.id AND s.kind = ? "
				+ "WHERE u.organisation_id = ? AND u.status = 'ACTIVE' ORDER BY u.id", rs -> {
					boolean chose = rs.getObject(3) != null;
					String least = rs.getString(4);
					boolean manager = "OWNER".equals(rs.getString(2)) || "ADMIN".equals(rs.getString(2));
					if (chose ? least != null && severity.compareTo(Severity.valueOf(least)) >= 0 : manager) {
						to.add(rs.getString(1));
					}
				}, kind.name(), organisationId);
		return to;
	}

	private static @Nullable AlertKind known(String name) {
		for (AlertKind kind : AlertKind.values()) {
			if (kind.name().equals(name)) {
				return kind;
			}
		}
		return null;
	}

	static AlertView view(ResultSet rs, int n) throws SQLException {
		return new AlertView(rs.getLong(1), rs.getLong(2), rs.getString(3), AlertKind.valueOf(rs.getString(4)),
				Severity.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
				Map.of("en", rs.getString(8), "zh-CN", rs.getString(9)),
				Map.of("en", rs.getString(10), "zh-CN", rs.getString(11)), rs.getString(12), rs.getInt(13),
				Instant.ofEpochMilli(rs.getLong(14)), Instant.ofEpochMilli(rs.getLong(15)),
				AlertState.valueOf(rs.getString(16)), instant(rs, 17), rs.getString(18), instant(rs, 19),
				rs.getString(20), rs.getString(21), rs.getString(22));
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		long ms = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
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
