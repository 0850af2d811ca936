package com.veritrace.issuance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Jobs and their codes, in plain JDBC (the volume is in {@code issued_code}). */
@Repository
class CodeJobRepository {

	static final String INSERT_CODE = "INSERT INTO issued_code (job_id, seq, gtin, serial, lot_id, status) VALUES (?,?,?,?,?,'ISSUED')";

	private final JdbcTemplate jdbc;

	CodeJobRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long insert(CodeJob job) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			var ps = connection
				.prepareStatement("INSERT INTO code_job (brand_id, request_id, product_id, gtin, lot_id, "
						+ "lot_number, code_format, quantity, produced, resolver, company_prefix_length, rfid_filter, "
						+ "drug_code, first_position, status, created_ms) VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?,?,?,?)",
						new String[] { "id" });
			ps.setLong(1, job.brandId());
			ps.setString(2, job.requestId());
			ps.setLong(3, job.productId());
			ps.setString(4, job.gtin());
			ps.setLong(5, job.lotId());
			ps.setString(6, job.lotNumber());
			ps.setString(7, job.format().name());
			ps.setLong(8, job.quantity());
			ps.setString(9, job.resolver());
			ps.setObject(10, job.companyPrefixLength());
			ps.setObject(11, job.filter());
			ps.setString(12, job.drugCode());
			ps.setObject(13, job.firstPosition());
			ps.setString(14, job.status().name());
			ps.setLong(15, job.createdAt().toEpochMilli());
			return ps;
		}, keys);
		Number id = keys.getKey();
		if (id == null) {
			throw new IllegalStateException("no id generated for the job");
		}
		return id.longValue();
	}

	Optional<CodeJob> find(long id) {
		return this.jdbc.query("SELECT * FROM code_job WHERE id = ?", ROW, id).stream().findFirst();
	}

	Optional<CodeJob> findByRequest(long brandId, String requestId) {
		return this.jdbc.query("SELECT * FROM code_job WHERE brand_id = ? AND request_id = ?", ROW, brandId, requestId)
			.stream()
			.findFirst();
	}

	/** A brand's jobs, newest first (index {@code (brand_id, id)}), keyset paged. */
	List<CodeJob> list(long brandId, CodeIssuanceService.JobFilter filter, @Nullable Long beforeId, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM code_job WHERE brand_id = ?");
		List<Object> args = new java.util.ArrayList<>();
		args.add(brandId);
		if (beforeId != null) {
			sql.append(" AND id < ?");
			args.add(beforeId);
		}
		if (filter.productId() != null) {
			sql.append(" AND product_id = ?");
			args.add(filter.productId());
		}
		if (filter.lotId() != null) {
			sql.append(" AND lot_id = ?");
			args.add(filter.lotId());
		}
		if (filter.status() != null) {
			sql.append(" AND status = ?");
			args.add(filter.status().name());
		}
		sql.append(" ORDER BY id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), ROW, args.toArray());
	}

	/** How many of a job's codes are in each status. */
	java.util.Map<CodeStatus, Long> statusCounts(long jobId) {
		java.util.Map<CodeStatus, Long> counts = new java.util.EnumMap<>(CodeStatus.class);
		this.jdbc.query("SELECT status, COUNT(*) FROM issued_code WHERE job_id = ? GROUP BY status", (ResultSet rs) -> {
			counts.put(CodeStatus.valueOf(rs.getString(1)), rs.getLong(2));
		}, jobId);
		return counts;
	}

	List<Long> idsWithStatus(CodeJob.Status status) {
		return this.jdbc.queryForList("SELECT id FROM code_job WHERE status = ? ORDER BY id", Long.class,
				status.name());
	}

	/** Jobs QUEUED since before {@code cutoffMs}: their node may have stopped. */
	List<Long> queuedBefore(long cutoffMs) {
		return this.jdbc.queryForList("SELECT id FROM code_job WHERE status = 'QUEUED' AND created_ms < ? ORDER BY id",
				Long.class, cutoffMs);
	}

	/** RUNNING jobs whose runner last reported before {@code cutoffMs}. */
	List<Long> runningSilentSince(long cutoffMs) {
		return this.jdbc.queryForList(
				"SELECT id FROM code_job WHERE status = 'RUNNING' AND COALESCE(heartbeat_ms, started_ms) < ? ORDER BY id",
				Long.class, cutoffMs);
	}

	/** RUNNING jobs claimed by the node {@code nodeName}. */
	List<Long> runningOn(String nodeName) {
		return this.jdbc.queryForList("SELECT id FROM code_job WHERE status = 'RUNNING' AND run_by = ? ORDER BY id",
				Long.class, nodeName);
	}

	/** Claims a queued job for the runner of the node {@code nodeName}. */
	boolean start(long id, String nodeName, long nowMs) {
		return this.jdbc
			.update("UPDATE code_job SET status = 'RUNNING', run_by = ?, started_ms = ?, heartbeat_ms = ? WHERE id = ?"
					+ " AND status = 'QUEUED'", nodeName, nowMs, nowMs, id) == 1;
	}

	/**
	 * Notes a running job's progress; false when the job is no longer RUNNING (taken for
	 * dead and failed by another node), so that its runner stops.
	 */
	boolean progress(long id, long produced, long nowMs) {
		return this.jdbc.update(
				"UPDATE code_job SET produced = ?, heartbeat_ms = ? WHERE id = ? AND status = 'RUNNING'", produced,
				nowMs, id) == 1;
	}

	/** Ends a RUNNING job; false when it was no longer RUNNING. */
	boolean finish(long id, CodeJob.Status status, @Nullable String failure, long nowMs) {
		return this.jdbc.update(
				"UPDATE code_job SET status = ?, failure = ?, finished_ms = ? WHERE id = ? AND status = 'RUNNING'",
				status.name(), failure, nowMs, id) == 1;
	}

	/**
	 * Fails a RUNNING job that has been silent since before {@code cutoffMs} (checked
	 * again in the same statement, so a runner that just reported keeps its job); true
	 * when this call failed it.
	 */
	boolean failSilent(long id, long cutoffMs, String failure, long nowMs) {
		return this.jdbc.update(
				"UPDATE code_job SET status = 'FAILED', failure = ?, finished_ms = ? WHERE id = ? AND status = 'RUNNING'"
						+ " AND COALESCE(heartbeat_ms, started_ms) < ?",
				failure, nowMs, id, cutoffMs) == 1;
	}

	/** Deletes a job's codes in slices (no huge transaction); returns how many went. */
	long deleteCodes(long jobId) {
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update("DELETE FROM issued_code WHERE job_id = ? LIMIT 10000", jobId);
			total += deleted;
		}
		while (deleted > 0);
		return total;
	}

	/**
	 * Reserves {@code count} consecutive positions of a keyed serial permutation; returns
	 * the first.
	 */
	long reservePositions(String counterKey, long count) {
		this.jdbc.update("INSERT IGNORE INTO code_counter (counter_key, next_position) VALUES (?, 0)", counterKey);
		Long first = this.jdbc.queryForObject("SELECT next_position FROM code_counter WHERE counter_key = ? FOR UPDATE",
				Long.class, counterKey);
		long start = first == null ? 0 : first;
		this.jdbc.update("UPDATE code_counter SET next_position = ? WHERE counter_key = ?", start + count, counterKey);
		return start;
	}

	/** Serials of a job in order, from {@code afterSeq} (exclusive), one keyset page. */
	void serials(long jobId, int afterSeq, int limit, Consumer<String> each) {
		this.jdbc.query("SELECT serial FROM issued_code WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?",
				(ResultSet rs) -> {
					each.accept(rs.getString(1));
				}, jobId, afterSeq, limit);
	}

	private static final RowMapper<CodeJob> ROW = (rs, n) -> new CodeJob(rs.getLong("id"), rs.getLong("brand_id"),
			rs.getString("request_id"), rs.getLong("product_id"), rs.getString("gtin"), rs.getLong("lot_id"),
			rs.getString("lot_number"), CodeFormat.valueOf(rs.getString("code_format")), rs.getLong("quantity"),
			rs.getLong("produced"), rs.getString("resolver"), intOrNull(rs, "company_prefix_length"),
			intOrNull(rs, "rfid_filter"), rs.getString("drug_code"), longOrNull(rs, "first_position"),
			CodeJob.Status.valueOf(rs.getString("status")), rs.getString("failure"),
			Instant.ofEpochMilli(rs.getLong("created_ms")), instantOrNull(rs, "started_ms"),
			instantOrNull(rs, "finished_ms"));

	private static @Nullable Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(value);
	}

}
