package com.veritrace.reports;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.veritrace.inspection.DocumentDigest;
import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.inspection.DocumentType;
import com.veritrace.inspection.Verdict;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Inspection reports over JDBC: insert and read only; the API never updates or deletes a
 * report.
 */
@Repository
class InspectionReportRepository {

	private static final String SELECT = "SELECT r.id, r.lab_id, o.name AS lab_name, r.brand_id, r.report_number, "
			+ "r.gtin, r.lot_number, r.verdict, r.issued_on, r.valid_until, r.accepted_ms, r.metadata_json, "
			+ "r.document_key, r.document_type, r.document_size, r.document_hash_algorithm, r.document_hash, "
			+ "r.event_hash, r.supersedes_id, c.id AS superseded_by "
			+ "FROM inspection_report r JOIN organisation o ON o.id = r.lab_id "
			+ "LEFT JOIN inspection_report c ON c.supersedes_id = r.id ";

	private static final RowMapper<InspectionReportRow> ROW = InspectionReportRepository::row;

	private final JdbcTemplate jdbc;

	InspectionReportRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(InspectionReportRow r) {
		this.jdbc.update(
				"INSERT INTO inspection_report (id, lab_id, brand_id, report_number, gtin, lot_number, "
						+ "verdict, issued_on, valid_until, accepted_ms, metadata_json, document_key, document_type, "
						+ "document_size, document_hash_algorithm, document_hash, event_hash, supersedes_id) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				r.id(), r.labId(), r.brandId(), r.reportNumber(), r.gtin(), r.lotNumber(), r.verdict().name(),
				r.issuedOn(), r.validUntil(), r.acceptedAt().toEpochMilli(), r.metadataJson(), r.documentKey(),
				r.documentType().name(), r.documentSize(), r.documentDigest().algorithm().name(),
				r.documentDigest().bytes(), r.eventHash(), r.supersedes());
	}

	Optional<InspectionReportRow> find(String id) {
		return this.jdbc.query(SELECT + "WHERE r.id = ?", ROW, id).stream().findFirst();
	}

	boolean numberTaken(long labId, String reportNumber) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM inspection_report WHERE lab_id = ? AND report_number = ?", Integer.class, labId,
				reportNumber);
		return count != null && count > 0;
	}

	/**
	 * Reports newest first (accepted time, then id), of one lab or one brand (both null:
	 * all), after the keyset position.
	 */
	List<InspectionReportRow> page(Long labId, Long brandId, Long afterMs, String afterId, int limit) {
		StringBuilder sql = new StringBuilder(SELECT + "WHERE 1 = 1");
		List<Object> args = new java.util.ArrayList<>();
		if (labId != null) {
			sql.append(" AND r.lab_id = ?");
			args.add(labId);
		}
		if (brandId != null) {
			sql.append(" AND r.brand_id = ?");
			args.add(brandId);
		}
		if (afterMs != null) {
			sql.append(" AND (r.accepted_ms < ? OR (r.accepted_ms = ? AND r.id < ?))");
			args.add(afterMs);
			args.add(afterMs);
			args.add(afterId);
		}
		sql.append(" ORDER BY r.accepted_ms DESC, r.id DESC LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), ROW, args.toArray());
	}

	/** A lot's reports, newest first; only those of {@code labId} when it is not null. */
	List<InspectionReportRow> ofLot(String gtin, String lotNumber, Long labId) {
		if (labId == null) {
			return this.jdbc.query(SELECT + "WHERE r.gtin = ? AND r.lot_number = ? ORDER BY r.accepted_ms DESC, r.id",
					ROW, gtin, lotNumber);
		}
		return this.jdbc.query(
				SELECT + "WHERE r.gtin = ? AND r.lot_number = ? AND r.lab_id = ? ORDER BY r.accepted_ms DESC, r.id",
				ROW, gtin, lotNumber, labId);
	}

	private static InspectionReportRow row(ResultSet rs, int n) throws SQLException {
		return new InspectionReportRow(rs.getString("id"), rs.getLong("lab_id"), rs.getString("lab_name"),
				rs.getLong("brand_id"), rs.getString("report_number"), rs.getString("gtin"), rs.getString("lot_number"),
				Verdict.valueOf(rs.getString("verdict")), rs.getObject("issued_on", LocalDate.class),
				rs.getObject("valid_until", LocalDate.class), Instant.ofEpochMilli(rs.getLong("accepted_ms")),
				rs.getString("metadata_json"), rs.getString("document_key"),
				DocumentType.valueOf(rs.getString("document_type")), rs.getLong("document_size"),
				DocumentDigest.of(DocumentHashAlgorithm.valueOf(rs.getString("document_hash_algorithm")),
						rs.getBytes("document_hash")),
				rs.getBytes("event_hash"), rs.getString("supersedes_id"), rs.getString("superseded_by"));
	}

}
