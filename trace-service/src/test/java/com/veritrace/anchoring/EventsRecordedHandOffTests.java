package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.veritrace.events.EventRecorder;
import com.veritrace.events.EventsRecorded;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The events -> anchoring hand-off through Spring Modulith's JDBC event publication
 * registry (EVENT_PUBLICATION, migration V7) on the embedded H2 database: storing events
 * writes a publication for the anchoring listener in the same transaction; after the
 * commit the listener runs and its publication is completed (deleted: completion-mode
 * delete), and the event is anchored.
 */
@SpringBootTest(properties = { "veritrace.demo.enabled=false",
		"veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY })
@AutoConfigureMockMvc
class EventsRecordedHandOffTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	TransactionTemplate transactions;

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("veritrace-handoff");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void storingEventsRecordsAPublicationForAnchoringThatIsCompletedAfterTheCommit() throws Exception {
		handOff(this.mvc, this.jdbc, this.recorder, this.transactions);
	}

	/**
	 * The scenario, also run on MariaDB ({@link EventsRecordedHandOffIntegrationTests}).
	 */
	static void handOff(MockMvc mvc, JdbcTemplate jdbc, EventRecorder recorder, TransactionTemplate transactions)
			throws Exception {
		ApiClient api = new ApiClient(mvc);
		Tenant brand = api.tenant(ApiClient.unique("Hand-off brand"), "BRAND", "read", "products:write",
				"events:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		List<EventSink.HashedEvent> events = new EpcisDocumentParser()
			.parse("{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
					+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
					+ "\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-01-15T10:00:00Z\","
					+ "\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"https://id.gs1.org/01/" + gtin
					+ "/21/HAND1\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}]}}")
			.events()
			.stream()
			.map((e) -> new EventSink.HashedEvent(e, new EventHasher().hash(e)))
			.toList();
		byte[] digest = events.get(0).hash().digest();

		List<Map<String, Object>> inTransaction = transactions.execute((status) -> {
			assertThat(recorder.record(brand.id(), events).get(0).status()).isEqualTo(EventSink.Status.STORED);
			return publications(jdbc, rowId(jdbc, digest));
		});
		long rowId = rowId(jdbc, digest);
		// written with the event rows, not yet completed: a crash now would publish it
		// again on restart
		assertThat(inTransaction).singleElement().satisfies((row) -> {
			assertThat(row.get("listener_id")).isEqualTo(EventsRecordedListener.ID);
			assertThat(row.get("completion_date")).isNull();
		});

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!publications(jdbc, rowId).isEmpty()) {
			assertThat(System.nanoTime()).as("publication not completed: " + publications(jdbc, rowId))
				.isLessThan(deadline);
			Thread.sleep(20);
		}
		// completed (a failed one would stay, with status FAILED), and the leader took
		// the row
		while (jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf WHERE event_row_id = ?", Integer.class,
				rowId) == 0) {
			assertThat(System.nanoTime()).as("event not appended to the log").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static long rowId(JdbcTemplate jdbc, byte[] digest) {
		return jdbc.queryForObject("SELECT id FROM trace_event WHERE event_hash = ?", Long.class, (Object) digest);
	}

	/**
	 * This batch's publications: the event is {@code {"stored":1,"lastRowId":<row>}} as
	 * JSON.
	 */
	private static List<Map<String, Object>> publications(JdbcTemplate jdbc, long rowId) {
		return jdbc.queryForList(
				"SELECT listener_id, completion_date, status FROM EVENT_PUBLICATION "
						+ "WHERE event_type = ? AND serialized_event LIKE ?",
				EventsRecorded.class.getName(), "%\"lastRowId\":" + rowId + "}%");
	}

}
