package com.veritrace.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The containment history: which container (SSCC) held which child when, derived from
 * stored AggregationEvents by {@link EventWriter} in the transaction that stores them
 * (table {@code code_aggregation}, owned by this module). A child key is
 * {@code 01/<gtin>/21/<serial>} for an item or {@code 00/<sscc>} for a case.
 */
@Repository
public class Containments {

	private final JdbcTemplate jdbc;

	Containments(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A span of time during which a child (item or case) was inside a container (SSCC).
	 */
	public record Containment(String parentSscc, long fromMs, @Nullable Long toMs) {
	}

	/** The containers a child was ever put into, oldest first (at most 1000). */
	@Transactional(readOnly = true)
	public List<Containment> containersOf(String childKey) {
		return this.jdbc.query(
				"SELECT parent_sscc, from_ms, to_ms FROM code_aggregation WHERE child = ? ORDER BY from_ms, id LIMIT 1000",
				(rs, n) -> {
					String parent = rs.getString(1);
					long from = rs.getLong(2);
					long to = rs.getLong(3);
					return new Containment(parent, from, rs.wasNull() ? null : to);
				}, childKey);
	}

	/** The child keys inside the container now, sorted. */
	@Transactional(readOnly = true)
	public List<String> contentsOf(String sscc) {
		return this.jdbc.queryForList(
				"SELECT DISTINCT child FROM code_aggregation WHERE parent_sscc = ? AND to_ms IS NULL ORDER BY child",
				String.class, sscc);
	}

	/** The containers other than {@code sscc} that hold any of these children now. */
	@Transactional(readOnly = true)
	public List<String> otherContainersHolding(String sscc, List<String> childKeys) {
		if (childKeys.isEmpty()) {
			return List.of();
		}
		List<Object> args = new ArrayList<>(childKeys.size() + 1);
		args.add(sscc);
		args.addAll(childKeys);
		String marks = String.join(",", Collections.nCopies(childKeys.size(), "?"));
		return this.jdbc.queryForList(
				"SELECT DISTINCT parent_sscc FROM code_aggregation WHERE "
						+ "to_ms IS NULL AND parent_sscc <> ? AND child IN (" + marks + ")",
				String.class, args.toArray());
	}

}
