package com.veritrace.recall;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The recall tables: plain JDBC. Rows are added, never changed, but for the status
 * projection.
 */
@Repository
class RecallStore {

	private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	RecallStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The recall row: who, what product, where it stands. */
	record Head(String id, long brandId, String gtin, long initiatorId, String initiatorKind, RecallStatus status,
			int currentVersion, RecallClass recallClass, long itemCount, long issuedMs, long statusMs) {
	}

	/** A version row. */
	record VersionRow(String recallId, int version, RecallClass recallClass, RecallReason reasonCode, String reason,
			Map<String, String> consumerInstructions, Map<String, String> partnerInstructions,
			@Nullable LocalDate deadline, String scopeJson, @Nullable String note, long itemCount, long createdMs,
			long createdByOrg, String createdBy, byte[] eventHash) {
	}

	record ScopeRow(int version, RecallScope scope) {
	}

	record TransitionRow(RecallStatus status, long atMs, long byOrg, String byLabel, @Nullable String note) {
	}

	void insertHead(Head h) {
		this.jdbc.update(
				"INSERT INTO recall (id, brand_id, gtin, initiator_id, initiator_kind, status, current_version, "
						+ "recall_class, item_count, issued_ms, status_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
				h.id(), h.brandId(), h.gtin(), h.initiatorId(), h.initiatorKind(), h.status().name(),
				h.currentVersion(), h.recallClass().name(), h.itemCount(), h.issuedMs(), h.statusMs());
	}

	void insertVersion(VersionRow v) {
		this.jdbc.update("INSERT INTO recall_version (recall_id, version, recall_class, reason_code, reason, "
				+ "consumer_instructions, partner_instructions, deadline, scope_json, amendment_note, item_count, "
				+ "created_ms, created_by_org, created_by, event_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
				v.recallId(), v.version(), v.recallClass().name(), v.reasonCode().name(), v.reason(),
				this.json.writeValueAsString(v.consumerInstructions()),
				this.json.writeValueAsString(v.partnerInstructions()),
				v.deadline() == null ? null : java.sql.Date.valueOf(v.deadline()), v.scopeJson(), v.note(),
				v.itemCount(), v.createdMs(), v.createdByOrg(), v.createdBy(), v.eventHash());
	}

	void insertScopes(String recallId, int version, List<RecallScope> scopes) {
		this.jdbc.batchUpdate("INSERT INTO recall_scope (recall_id, version, gtin, lot_number, serial_from, serial_to) "
				+ "VALUES (?,?,?,?,?,?)", scopes, 500, (ps, s) -> {
					ps.setString(1, recallId);
					ps.setInt(2, version);
					ps.setString(3, s.gtin());
					ps.setString(4, s.lotNumber());
					ps.setString(5, s.serialFrom());
					ps.setString(6, s.serialTo());
				});
	}

	void insertTransition(String recallId, TransitionRow t) {
		this.jdbc.update(
				"INSERT INTO recall_transition (recall_id, status, at_ms, by_org, by_label, note) VALUES (?,?,?,?,?,?)",
				recallId, t.status().name(), t.atMs(), t.byOrg(), t.byLabel(), t.note());
	}

	/** Notes a change the scan pages of the GTIN must show. */
	void insertChange(String recallId, String gtin, long atMs) {
		this.jdbc.update("INSERT INTO recall_change (recall_id, gtin, at_ms) VALUES (?,?,?)", recallId, gtin, atMs);
	}

	/**
	 * Moves the status projection forward, if it still is {@code from}; false when it was
	 * not.
	 */
	boolean moveStatus(String recallId, RecallStatus from, RecallStatus to, long atMs) {
		return this.jdbc.update("UPDATE recall SET status = ?, status_ms = ? WHERE id = ? AND status = ?", to.name(),
				atMs, recallId, from.name()) == 1;
	}

	void newVersion(String recallId, int version, RecallClass recallClass, long itemCount) {
		this.jdbc.update("UPDATE recall SET current_version = ?, recall_class = ?, item_count = ? WHERE id = ?",
				version, recallClass.name(), itemCount, recallId);
	}

	/** The recall, locked for an amendment or a transition when {@code lock}. */
	@Nullable Head head(String id, boolean lock) {
		List<Head> heads = this.jdbc.query("SELECT id, brand_id, gtin, initiator_id, initiator_kind, status, "
				+ "current_version, recall_class, item_count, issued_ms, status_ms FROM recall WHERE id = ?"
				+ (lock ? " FOR UPDATE" : ""), (rs, n) -> head(rs), id);
		return heads.isEmpty() ? null : heads.get(0);
	}

	private static Head head(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Head(rs.getString("id"), rs.getLong("brand_id"), rs.getString("gtin"), rs.getLong("initiator_id"),
				rs.getString("initiator_kind"), RecallStatus.valueOf(rs.getString("status")),
				rs.getInt("current_version"), RecallClass.valueOf(rs.getString("recall_class")),
				rs.getLong("item_count"), rs.getLong("issued_ms"), rs.getLong("status_ms"));
	}

	List<VersionRow> versions(String recallId) {
		return this.jdbc.query("SELECT * FROM recall_version WHERE recall_id = ? ORDER BY version", (rs, n) -> {
			java.sql.Date deadline = rs.getDate("deadline");
			return new VersionRow(rs.getString("recall_id"), rs.getInt("version"),
					RecallClass.valueOf(rs.getString("recall_class")),
					RecallReason.valueOf(rs.getString("reason_code")), rs.getString("reason"),
					this.json.readValue(rs.getString("consumer_instructions"), TEXTS),
					this.json.readValue(rs.getString("partner_instructions"), TEXTS),
					deadline == null ? null : deadline.toLocalDate(), rs.getString("scope_json"),
					rs.getString("amendment_note"), rs.getLong("item_count"), rs.getLong("created_ms"),
					rs.getLong("created_by_org"), rs.getString("created_by"), rs.getBytes("event_hash"));
		}, recallId);
	}

	/**
	 * The reason code of each recall's latest version, in one query (for a page of
	 * recalls).
	 */
	Map<String, RecallReason> latestReasons(Collection<String> recallIds) {
		Map<String, RecallReason> reasons = new HashMap<>();
		if (recallIds.isEmpty()) {
			return reasons;
		}
		// ascending versions: the last one read for an id is its latest
		this.jdbc.query(
				"SELECT recall_id, reason_code FROM recall_version WHERE recall_id IN ("
						+ RecallAlertStore.marks(recallIds.size()) + ") ORDER BY recall_id, version",
				(java.sql.ResultSet rs) -> {
					reasons.put(rs.getString(1), RecallReason.valueOf(rs.getString(2)));
				}, recallIds.toArray());
		return reasons;
	}

	List<ScopeRow> scopes(String recallId) {
		return this.jdbc.query(
				"SELECT version, gtin, lot_number, serial_from, serial_to FROM recall_scope "
						+ "WHERE recall_id = ? ORDER BY id",
				(rs, n) -> new ScopeRow(rs.getInt(1),
						new RecallScope(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))),
				recallId);
	}

	List<TransitionRow> transitions(String recallId) {
		return this.jdbc.query(
				"SELECT status, at_ms, by_org, by_label, note FROM recall_transition WHERE recall_id = ? ORDER BY id",
				(rs, n) -> new TransitionRow(RecallStatus.valueOf(rs.getString(1)), rs.getLong(2), rs.getLong(3),
						rs.getString(4), rs.getString(5)),
				recallId);
	}

	boolean isRecipient(String recallId, long organisationId) {
		Integer n = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM recall_recipient WHERE recall_id = ? AND organisation_id = ?", Integer.class,
				recallId, organisationId);
		return n != null && n > 0;
	}

	/**
	 * A page of recalls newest first, after the keyset ({@code beforeMs},
	 * {@code beforeId}); {@code audience} null for every recall, else the organisation's:
	 * its brand's, those it initiated and those it was told about.
	 */
	List<Head> page(@Nullable Long audience, @Nullable RecallStatus status, @Nullable String gtin,
			@Nullable Long beforeMs, @Nullable String beforeId, int limit) {
		StringBuilder sql = new StringBuilder("SELECT id, brand_id, gtin, initiator_id, initiator_kind, status, "
				+ "current_version, recall_class, item_count, issued_ms, status_ms FROM recall r WHERE 1 = 1");
		List<Object> args = new java.util.ArrayList<>();
		if (audience != null) {
			sql.append(" AND (r.brand_id = ? OR r.initiator_id = ? OR EXISTS (SELECT 1 FROM recall_recipient p "
					+ "WHERE p.recall_id = r.id AND p.organisation_id = ?))");
			args.add(audience);
			args.add(audience);
			args.add(audience);
		}
		if (status != null) {
			sql.append(" AND r.status = ?");
			args.add(status.name());
		}
		if (gtin != null) {
			sql.append(" AND r.gtin = ?");
			args.add(gtin);
		}
		if (beforeMs != null && beforeId != null) {
			sql.append(" AND (r.issued_ms < ? OR (r.issued_ms = ? AND r.id < ?))");
			args.add(beforeMs);
			args.add(beforeMs);
			args.add(beforeId);
		}
		sql.append(" ORDER BY r.issued_ms DESC, r.id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), (rs, n) -> head(rs), args.toArray());
	}

	/** Every recall's scope rows and current version, for the scan index. */
	record Indexed(String recallId, RecallStatus status, int version, RecallClass recallClass, RecallReason reasonCode,
			long issuedMs, String initiatorKind, String consumerInstructions, RecallScope scope, long scopeSinceMs) {
	}

	/** {@code scopeSinceMs}: when the version that added the scope row was issued. */
	List<Indexed> indexed() {
		return this.jdbc.query("SELECT r.id, r.status, r.current_version, v.recall_class, v.reason_code, r.issued_ms, "
				+ "r.initiator_kind, v.consumer_instructions, s.gtin, s.lot_number, s.serial_from, s.serial_to, "
				+ "sv.created_ms FROM recall r JOIN recall_version v ON v.recall_id = r.id AND v.version = r.current_version "
				+ "JOIN recall_scope s ON s.recall_id = r.id "
				+ "JOIN recall_version sv ON sv.recall_id = s.recall_id AND sv.version = s.version",
				(rs, n) -> new Indexed(rs.getString(1), RecallStatus.valueOf(rs.getString(2)), rs.getInt(3),
						RecallClass.valueOf(rs.getString(4)), RecallReason.valueOf(rs.getString(5)), rs.getLong(6),
						rs.getString(7), rs.getString(8),
						new RecallScope(rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)),
						rs.getLong(13)));
	}

	Map<String, String> texts(String json) {
		return this.json.readValue(json, TEXTS);
	}

	/**
	 * How many changes there are and the highest number: a node reloads when either
	 * moved.
	 */
	long[] changeState() {
		return this.jdbc.queryForObject("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM recall_change",
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) });
	}

}
