package com.veritrace.events;

import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;

/**
 * Events an organisation reported, counted for its dashboard (a range of index
 * {@code (reporter_id, event_time_ms)}); the same events its event list shows by default.
 */
@Service
public class EventCounts {

	private final JdbcTemplate jdbc;

	EventCounts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Events the caller's organisation reported that happened at or after {@code since}.
	 */
	@Transactional(readOnly = true)
	public long reportedSince(Caller caller, Instant since) {
		caller.require(Scope.READ);
		Long count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM trace_event WHERE reporter_id = ? AND event_time_ms >= ?", Long.class,
				caller.organisationId(), since.toEpochMilli());
		return count == null ? 0 : count;
	}

}
