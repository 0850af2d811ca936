package com.veritrace.anchoring;

import org.junit.jupiter.api.Test;

import com.veritrace.events.EventRecorder;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The events -> anchoring hand-off of {@link EventsRecordedHandOffTests} on MariaDB
 * (migration V7 there).
 */
@MariaDbIntegrationTest
class EventsRecordedHandOffIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void storingEventsRecordsAPublicationForAnchoringThatIsCompletedAfterTheCommit() throws Exception {
		EventsRecordedHandOffTests.handOff(this.mvc, this.jdbc, this.recorder, this.transactions);
	}

}
