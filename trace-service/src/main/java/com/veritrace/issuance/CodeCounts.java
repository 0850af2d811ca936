package com.veritrace.issuance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;

/**
 * A brand's codes counted for its dashboard: issued is the sum of its jobs' progress (one
 * row a job); active is counted per job on index {@code (job_id, status)}, never by
 * reading the registry's rows. Callers cache the answer (it is a dashboard's number, not
 * a ledger).
 */
@Service
public class CodeCounts {

	private final JdbcTemplate jdbc;

	CodeCounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public record Counts(long issued, long active) {
	}

	@Transactional(readOnly = true)
	public Counts of(Caller caller) {
		caller.require(Scope.READ);
		Long issued = this.jdbc.queryForObject("SELECT COALESCE(SUM(produced), 0) FROM code_job WHERE brand_id = ?",
				Long.class, caller.organisationId());
		Long active = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM code_job j JOIN issued_code c ON c.job_id = j.id AND c.status = 'ACTIVE' "
						+ "WHERE j.brand_id = ?",
				Long.class, caller.organisationId());
		return new Counts(issued == null ? 0 : issued, active == null ? 0 : active);
	}

}
