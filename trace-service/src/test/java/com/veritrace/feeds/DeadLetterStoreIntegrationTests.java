package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.veritrace.ingest.connect.DeadLetterLog;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refused records' store on MariaDB: a record delivered again is kept once, a long
 * record is clipped, and records older than the retention are deleted (the newer stay).
 */
@MariaDbIntegrationTest
class DeadLetterStoreIntegrationTests {

	@Autowired
	DeadLetterStore store;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aRecordDeliveredAgainIsKeptOnceAndALongOneIsClipped() {
		long organisation = 900_000 + System.nanoTime() % 100_000;
		String source = "kafka:test-" + System.nanoTime() + "/0@7";
		byte[] big = "x".repeat(DeadLetterStore.MAX_ORIGINAL + 10).getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < 2; i++) {
			this.store
				.refused(new DeadLetterLog.DeadLetter(organisation, "epcis", source, "invalid", "bad", null, big));
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM ingest_dead_letter WHERE source = ?", Integer.class,
				source))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT CHAR_LENGTH(original) FROM ingest_dead_letter WHERE source = ?",
				Integer.class, source))
			.isEqualTo(DeadLetterStore.MAX_ORIGINAL + 1);
	}

	@Test
	void recordsOlderThanTheRetentionAreDeletedAndNewerOnesStay() {
		long organisation = 800_000 + System.nanoTime() % 100_000;
		String old = "queue:test-" + System.nanoTime() + "#1";
		String recent = "queue:test-" + System.nanoTime() + "#2";
		this.store.refused(new DeadLetterLog.DeadLetter(organisation, "epcis", old, "invalid", "old", null,
				"{}".getBytes(StandardCharsets.UTF_8)));
		this.store.refused(new DeadLetterLog.DeadLetter(organisation, "epcis", recent, "invalid", "recent", null,
				"{}".getBytes(StandardCharsets.UTF_8)));
		// the first is 31 days old (the default retention is 30 days)
		this.jdbc.update("UPDATE ingest_dead_letter SET at = ? WHERE source = ?",
				Timestamp.from(Instant.now().minus(Duration.ofDays(31))), old);
		assertThat(this.store.deleteExpired()).isGreaterThanOrEqualTo(1);
		assertThat(this.jdbc.queryForList("SELECT source FROM ingest_dead_letter WHERE organisation_id = ?",
				String.class, organisation))
			.containsExactly(recent);
	}

}
