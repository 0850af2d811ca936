package com.veritrace.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The notice tables (V14): plain JDBC. A notice is unique per (organisation, key), a
 * delivery per (notice, channel, target): both inserted with {@code INSERT IGNORE}, so
 * posting again changes nothing.
 */
@Repository
class NoticeStore {

	private final JdbcTemplate jdbc;

	private final DeliveryPace pace;

	NoticeStore(JdbcTemplate jdbc, DeliveryPace pace) {
		this.jdbc = jdbc;
		this.pace = pace;
	}

	/** A notice row to write. */
	record NewNotice(long organisationId, NoticeDraft draft, String payload, long createdMs) {
	}

	/**
	 * Writes the notice unless the organisation has one with its key: its id, or null.
	 */
	@Nullable Long insert(NewNotice n) {
		NoticeDraft d = n.draft();
		int inserted = this.jdbc.update("INSERT IGNORE INTO notice (organisation_id, notice_key, kind, subject_id, "
				+ "title_en, title_zh, body_en, body_zh, link, payload, created_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
				n.organisationId(), d.key(), d.kind().name(), d.subjectId(), d.title().get("en"),
				d.title().get("zh-CN"), d.body().get("en"), d.body().get("zh-CN"), d.link(), n.payload(),
				n.createdMs());
		if (inserted == 0) {
			return null;
		}
		return this.jdbc.queryForObject("SELECT id FROM notice WHERE organisation_id = ? AND notice_key = ?",
				Long.class, n.organisationId(), d.key());
	}

	/** A delivery of a notice: to a webhook endpoint, or to an address. */
	record Target(Channel channel, String target, @Nullable Long endpointId) {

		static Target webhook(long endpointId) {
			return new Target(Channel.WEBHOOK, String.valueOf(endpointId), endpointId);
		}

		static Target mail(String address) {
			return new Target(Channel.MAIL, address, null);
		}

	}

	void insertDeliveries(long noticeId, List<Target> targets, long nowMs) {
		if (targets.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(
				"INSERT IGNORE INTO notice_delivery (notice_id, channel, target, endpoint_id, status, "
						+ "attempts, next_attempt_ms, created_ms) VALUES (?,?,?,?,'PENDING',0,?,?)",
				targets, 100, (ps, t) -> {
					ps.setLong(1, noticeId);
					ps.setString(2, t.channel().name());
					ps.setString(3, t.target());
					if (t.endpointId() == null) {
						ps.setNull(4, java.sql.Types.BIGINT);
					}
					else {
						ps.setLong(4, t.endpointId());
					}
					ps.setLong(5, nowMs);
					ps.setLong(6, nowMs);
				});
		this.pace.written();
	}

	private static final String COLUMNS = "id, kind, subject_id, title_en, title_zh, body_en, body_zh, link, "
			+ "created_ms, read_ms, read_by";

	/** The organisation's notices newest first, below {@code beforeId} when given. */
	List<Notice> page(long organisationId, @Nullable Long beforeId, boolean unreadOnly, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notice WHERE organisation_id = ?");
		List<Object> args = new ArrayList<>(List.of(organisationId));
		if (beforeId != null) {
			sql.append(" AND id < ?");
			args.add(beforeId);
		}
		if (unreadOnly) {
			sql.append(" AND read_ms IS NULL");
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), (rs, n) -> notice(rs), args.toArray());
	}

	@Nullable Notice find(long organisationId, long id) {
		List<Notice> found = this.jdbc.query("SELECT " + COLUMNS + " FROM notice WHERE id = ? AND organisation_id = ?",
				(rs, n) -> notice(rs), id, organisationId);
		return found.isEmpty() ? null : found.get(0);
	}

	long unread(long organisationId) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM notice WHERE organisation_id = ? AND read_ms IS NULL",
				Long.class, organisationId);
		return n == null ? 0 : n;
	}

	/** Marks the notice (or, with a null id, every unread one) read; how many changed. */
	int markRead(long organisationId, @Nullable Long id, long atMs, String by) {
		if (id == null) {
			return this.jdbc.update(
					"UPDATE notice SET read_ms = ?, read_by = ? WHERE organisation_id = ? " + "AND read_ms IS NULL",
					atMs, by, organisationId);
		}
		return this.jdbc.update("UPDATE notice SET read_ms = ?, read_by = ? WHERE id = ? AND organisation_id = ? "
				+ "AND read_ms IS NULL", atMs, by, id, organisationId);
	}

	private static Notice notice(ResultSet rs) throws SQLException {
		long read = rs.getLong("read_ms");
		Instant readAt = rs.wasNull() ? null : Instant.ofEpochMilli(read);
		return new Notice(rs.getLong("id"), NoticeKind.valueOf(rs.getString("kind")), rs.getString("subject_id"),
				Map.of("en", rs.getString("title_en"), "zh-CN", rs.getString("title_zh")),
				Map.of("en", rs.getString("body_en"), "zh-CN", rs.getString("body_zh")), rs.getString("link"),
				Instant.ofEpochMilli(rs.getLong("created_ms")), readAt, rs.getString("read_by"));
	}

}
