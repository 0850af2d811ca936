package com.veritrace.diversion;

import java.time.Instant;
import java.util.List;

import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Diversions counted per distributor for dashboards: one per item, distributor and window
 * (as alerted), by the time of the scan that found it.
 */
@Service
public class DiversionStats {

	private final JdbcTemplate jdbc;

	DiversionStats(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A distributor's diversions in the range: how many, of how many items, in how many
	 * regions.
	 */
	public record Count(long distributorId, String distributor, long diversions, long items, long regions) {
	}

	/**
	 * The caller's brand's diversions with a scan in [from, to), per distributor, most
	 * first.
	 */
	@Transactional(readOnly = true)
	public List<Count> byDistributor(Caller caller, Instant from, Instant to) {
		caller.require(Scope.READ);
		return this.jdbc.query(
				"SELECT v.distributor_id, d.name, COUNT(*), COUNT(DISTINCT v.item), "
						+ "COUNT(DISTINCT v.region) FROM diversion v JOIN distributor d ON d.id = v.distributor_id "
						+ "WHERE v.brand_id = ? AND v.scanned_ms >= ? AND v.scanned_ms < ? "
						+ "GROUP BY v.distributor_id, d.name ORDER BY COUNT(*) DESC, d.name",
				(rs, n) -> new Count(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
				caller.organisationId(), from.toEpochMilli(), to.toEpochMilli());
	}

}
