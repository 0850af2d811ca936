package com.veritrace.issuance;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.ContainerOwners;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Container holders from this module's {@code code_container} table, for the events
 * module's capture checks.
 */
@Component
class IssuedContainerOwners implements ContainerOwners {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	IssuedContainerOwners(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public @Nullable Long ownerOf(String sscc) {
		List<Long> owner = this.jdbc.queryForList("SELECT brand_id FROM code_container WHERE sscc = ?", Long.class,
				sscc);
		return owner.isEmpty() ? null : owner.get(0);
	}

	@Override
	public long claim(String sscc, long organisationId) {
		this.jdbc.update("INSERT IGNORE INTO code_container (sscc, brand_id, created_ms) VALUES (?,?,?)", sscc,
				organisationId, this.clock.millis());
		Long owner = ownerOf(sscc);
		return owner == null ? organisationId : owner;
	}

}
