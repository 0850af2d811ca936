package com.veritrace.feeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.VeritraceApplication;
import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import com.veritrace.support.PrivateMariaDb;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * Fault injection (issue 18): the database killed with SIGKILL in the middle of a Kafka
 * ingest and started again. The application (transport kafka, its own consumer group)
 * runs on a MariaDB server of this test's own ({@link PrivateMariaDb}), so that the
 * shared server stays up for every other test. While the server is away the consumer
 * retries its batch without committing; when it is back the consumer goes on by itself:
 * every event is stored once, none twice, and the consumer never died.
 */
class MariaDbRestartIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(MariaDbRestartIntegrationTests.class);

	static final String PREFIX = "fdb" + Long.toHexString(System.nanoTime());

	static final int TOTAL = 3000;

	static PrivateMariaDb database;

	static ConfigurableApplicationContext app;

	@BeforeAll
	static void startTheServerAndTheApplication() throws Exception {
		LocalKafka.ensureRunning();
		database = PrivateMariaDb.start("mariadb-restart");
		List<String> properties = List.of("server.port=0",
				"veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY, "veritrace.demo.enabled=false",
				"spring.datasource.url=" + database.url("veritrace"), "spring.datasource.username=root",
				"spring.datasource.password=",
				"veritrace.production.allow-insecure=" + MariaDbTestDatabase.ALLOW_INSECURE,
				// a connection is given up on after 2 s (not 30 s), and a failed batch is
				// retried at least every 2 s (production: 30 s), so that the test sees
				// the
				// restart quickly
				"spring.datasource.hikari.connection-timeout=2000", "veritrace.ingest.transport=kafka",
				"veritrace.ingest.topic-prefix=" + PREFIX, "veritrace.ingest.kafka.group-id=" + PREFIX + "-app",
				"veritrace.ingest.kafka.bootstrap-servers=" + LocalKafka.BOOTSTRAP,
				"veritrace.ingest.kafka.max-poll-records=200", "veritrace.ingest.kafka.retry-backoff-max=2s",
				"veritrace.epcis.subscriptions.enabled=false");
		app = new SpringApplicationBuilder(VeritraceApplication.class).profiles("mariadb")
			.run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
	}

	@AfterAll
	static void stopBoth() {
		try {
			if (app != null) {
				app.close();
			}
		}
		finally {
			if (database != null) {
				database.close();
			}
		}
	}

	@Test
	void aDatabaseKilledMidIngestAndStartedAgainLosesNothingAndStoresNothingTwice() throws Exception {
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		MeterRegistry meters = app.getBean(MeterRegistry.class);
		KafkaIngestRunner runner = app.getBean(KafkaIngestRunner.class);
		MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) app).apply(springSecurity()).build();
		ApiClient api = new ApiClient(mvc);
		String gtin = ApiClient.randomGtin();
		Tenant carrier = KafkaIngestIntegrationTests.carrierReportingFor(api, gtin);
		String topic = new PartnerTopics(PREFIX).topic(carrier.id(), IngestStream.EPCIS);
		LocalKafka.createTopics(3, topic);

		// the partner sends about 500 events a second for 6 s, through the outage
		AtomicInteger sent = new AtomicInteger();
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		Thread partner = new Thread(() -> {
			try (KafkaProducer<String, byte[]> producer = LocalKafka.producer()) {
				for (int i = 0; i < TOTAL; i++) {
					synchronized (acks) {
						acks.add(producer.send(new ProducerRecord<>(topic, gtin + "/M" + i,
								KafkaIngestIntegrationTests.epcis(gtin, "M" + i, "receiving"))));
					}
					sent.incrementAndGet();
					if (i % 50 == 49) {
						producer.flush();
						Thread.sleep(100);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "fault-partner");
		partner.start();
		try {
			KafkaIngestIntegrationTests.await("the first events stored", () -> rows(jdbc, carrier) >= 300);
			long storedBeforeKill = rows(jdbc, carrier);
			int sentBeforeKill = sent.get();
			double retriesBefore = retries(meters);
			long killed = System.nanoTime();
			database.kill();
			Thread.sleep(5_000);
			int sentWhileDown = sent.get() - sentBeforeKill;
			database.restart();
			long restarted = System.nanoTime();
			log.info(
					"Fault MariaDB restart: killed with SIGKILL at {} events stored of {} sent; down {} ms, "
							+ "{} events sent meanwhile",
					storedBeforeKill, sentBeforeKill, TimeUnit.NANOSECONDS.toMillis(restarted - killed), sentWhileDown);
			assertThat(storedBeforeKill).as("killed in the middle of the ingest").isLessThan(TOTAL);

			KafkaIngestIntegrationTests.await("all events stored after the restart", () -> rows(jdbc, carrier) == TOTAL,
					() -> "(rows " + rows(jdbc, carrier) + ", sent " + sent.get() + ", failures " + runner.failures()
							+ ")");
			long resumedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
			partner.join(30_000);
			for (Future<RecordMetadata> ack : acks) {
				ack.get(30, TimeUnit.SECONDS);
			}
			KafkaIngestIntegrationTests.await("a log leaf for every stored event", () -> leaves(jdbc, carrier) == TOTAL,
					() -> "(leaves " + leaves(jdbc, carrier) + ")");
			// a late redelivery would show here
			Thread.sleep(2_000);

			Map<String, Object> counts = jdbc.queryForMap("""
					SELECT COUNT(*) AS events, COUNT(DISTINCT e.event_hash) AS hashes,
					       (SELECT COUNT(*) FROM trace_event_item i WHERE i.gtin = ?) AS items,
					       (SELECT COUNT(DISTINCT i.serial) FROM trace_event_item i WHERE i.gtin = ?) AS serials,
					       (SELECT COUNT(*) FROM anchor_leaf l JOIN trace_event t ON t.id = l.event_row_id
					         WHERE t.reporter_id = ?) AS leaves
					FROM trace_event e WHERE e.reporter_id = ?""", gtin, gtin, carrier.id(), carrier.id());
			double retried = retries(meters) - retriesBefore;
			double duplicates = counter(meters, "duplicate");
			log.info(
					"Fault MariaDB restart: {} sent, counts after {} ms: {}; {} batch retries, {} duplicates "
							+ "acknowledged, consumer failures {}",
					sent.get(), resumedMs, counts, retried, duplicates, runner.failures());
			assertThat(counts).containsEntry("events", (long) TOTAL)
				.containsEntry("hashes", (long) TOTAL)
				.containsEntry("items", (long) TOTAL)
				.containsEntry("serials", (long) TOTAL);
			assertThat(counts).as("one log leaf per stored event").containsEntry("leaves", (long) TOTAL);
			assertThat(retried).as("batches retried while the server was away").isPositive();
			assertThat(runner.isRunning()).isTrue();
			assertThat(runner.failures()).as("no consumer died").isEmpty();
		}
		finally {
			partner.interrupt();
			partner.join(10_000);
		}
	}

	private static long rows(JdbcTemplate jdbc, Tenant reporter) {
		try {
			return jdbc.queryForObject("SELECT COUNT(*) FROM trace_event WHERE reporter_id = ?", Long.class,
					reporter.id());
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return -1;
		}
	}

	private static long leaves(JdbcTemplate jdbc, Tenant reporter) {
		return jdbc.queryForObject(
				"SELECT COUNT(*) FROM anchor_leaf l JOIN trace_event t ON t.id = l.event_row_id WHERE t.reporter_id = ?",
				Long.class, reporter.id());
	}

	private static double retries(MeterRegistry meters) {
		var counter = meters.find("veritrace.ingest.retries").tags("transport", "kafka").counter();
		return counter == null ? 0 : counter.count();
	}

	private static double counter(MeterRegistry meters, String outcome) {
		var counter = meters.find("veritrace.ingest.events").tags("transport", "kafka", "outcome", outcome).counter();
		return counter == null ? 0 : counter.count();
	}

}
