package com.veritrace.notify;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who was told of a recall: table {@code recall_recipient} (the recall module's, V13),
 * whose rows this module writes as it tells partners; the recall module reads them (a
 * recipient may read the recall). Idempotent on the primary key (recall, organisation):
 * told again, the first time stays.
 */
@Repository
class RecallRecipients {

	private final JdbcTemplate jdbc;

	RecallRecipients(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void add(String recallId, Collection<Long> organisations, long nowMs) {
		this.jdbc.batchUpdate(
				"INSERT IGNORE INTO recall_recipient (recall_id, organisation_id, notified_ms) VALUES (?,?,?)",
				organisations, 500, (ps, organisation) -> {
					ps.setString(1, recallId);
					ps.setLong(2, organisation);
					ps.setLong(3, nowMs);
				});
	}

	List<Long> of(String recallId) {
		return this.jdbc.queryForList(
				"SELECT organisation_id FROM recall_recipient WHERE recall_id = ? ORDER BY organisation_id", Long.class,
				recallId);
	}

}
