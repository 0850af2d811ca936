package com.veritrace.issuance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.ItemLots;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lot of an issued item code, from this module's code registry, for the events
 * module's item timelines.
 */
@Component
class IssuedItemLots implements ItemLots {

	private final JdbcTemplate jdbc;

	IssuedItemLots(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	@Transactional(readOnly = true)
	public @Nullable String lotOf(String gtin, String serial) {
		List<String> lots = this.jdbc.queryForList(
				"SELECT j.lot_number FROM issued_code c JOIN code_job j "
						+ "ON j.id = c.job_id WHERE c.gtin = ? AND c.serial = ? AND j.status = 'COMPLETED'",
				String.class, gtin, serial);
		return lots.isEmpty() ? null : lots.get(0);
	}

	/** As {@link #lotOf}, 500 serials a query (on the unique key (gtin, serial)). */
	@Override
	@Transactional(readOnly = true)
	public Map<String, String> lotsOf(String gtin, Collection<String> serials) {
		Map<String, String> lots = new HashMap<>();
		List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(serials));
		for (int i = 0; i < all.size(); i += 500) {
			List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
			List<Object> args = new ArrayList<>(chunk.size() + 1);
			args.add(gtin);
			args.addAll(chunk);
			this.jdbc.query(
					"SELECT c.serial, j.lot_number FROM issued_code c JOIN code_job j ON j.id = c.job_id "
							+ "WHERE c.gtin = ? AND c.serial IN ("
							+ String.join(",", Collections.nCopies(chunk.size(), "?")) + ") AND j.status = 'COMPLETED'",
					(java.sql.ResultSet rs) -> {
						lots.put(rs.getString(1), rs.getString(2));
					}, args.toArray());
		}
		return lots;
	}

}
