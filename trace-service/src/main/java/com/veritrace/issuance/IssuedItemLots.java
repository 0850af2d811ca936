package com.veritrace.issuance;

import java.util.List;

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

}
