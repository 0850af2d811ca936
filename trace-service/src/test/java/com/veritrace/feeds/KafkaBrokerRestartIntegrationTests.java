package com.veritrace.feeds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.connect.IngestMetrics;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.ingest.connect.KafkaIngestConsumer;
import com.veritrace.ingest.connect.PartnerFormats;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault injection (issue 18): the Kafka broker stopped (SIGTERM) and, later, killed with
 * SIGKILL in the middle of an ingest, and started again each time. The broker is one of
 * this test's own ({@link PrivateKafka}, a KRaft broker on another port started by
 * {@code deploy/kafka/start-kafka.sh}); the consumer is the application's
 * ({@link KafkaIngestConsumer} with the runner's client settings, static membership
 * included) storing through the application's {@link EventRecorder}. A partner keeps
 * sending through both outages: every event is stored once, none twice, and the consumer
 * goes on by itself after each restart.
 */
@MariaDbIntegrationTest
class KafkaBrokerRestartIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(KafkaBrokerRestartIntegrationTests.class);

	static final String PREFIX = "fkb" + Long.toHexString(System.nanoTime());

	static final int TOTAL = 3000;

	static PrivateKafka broker;

	@BeforeAll
	static void startTheBroker() throws Exception {
		broker = PrivateKafka.start("kafka-restart");
	}

	@AfterAll
	static void killTheBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	PartnerFormats formats;

	@Test
	void aBrokerStoppedAndKilledMidIngestAndStartedAgainLosesNothingAndStoresNothingTwice() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		String gtin = ApiClient.randomGtin();
		Tenant carrier = KafkaIngestIntegrationTests.carrierReportingFor(api, gtin);
		PartnerTopics topics = new PartnerTopics(PREFIX);
		String topic = topics.topic(carrier.id(), IngestStream.EPCIS);
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
			KafkaIngestConsumer.awaitLeaders(admin, Duration.ofSeconds(30), List.of(topic));
		}

		// the runner's client settings: one group, static membership, 200 records a batch
		Map<String, Object> client = new HashMap<>();
		client.put("bootstrap.servers", broker.bootstrap());
		client.put("group.id", PREFIX + "-app");
		client.put("group.instance.id", PREFIX + "-node-0");
		client.put("max.poll.records", 200);
		// a commit gives up after 5 s (default 60 s): each outage here (about 12 s) is
		// longer than that, as a broker away for minutes would be in production
		client.put("default.api.timeout.ms", 5000);
		client.put("request.timeout.ms", 4000);
		SimpleMeterRegistry metrics = new SimpleMeterRegistry();
		IngestPipeline pipeline = new IngestPipeline(this.formats, new EventHasher(), this.recorder,
				IngestConfiguration::isTransient, 256);
		AtomicInteger sent = new AtomicInteger();
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		// the partner sends about 100 events a second, through both outages
		Thread partner = new Thread(() -> {
			try (KafkaProducer<String, byte[]> producer = broker.producer()) {
				for (int i = 0; i < TOTAL && !Thread.currentThread().isInterrupted(); i++) {
					Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, gtin + "/B" + i,
							KafkaIngestIntegrationTests.epcis(gtin, "B" + i, "receiving")));
					synchronized (acks) {
						acks.add(ack);
					}
					sent.incrementAndGet();
					if (i % 20 == 19) {
						Thread.sleep(200);
					}
				}
				producer.flush();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "fault-partner");
		try (KafkaIngestConsumer consumer = new KafkaIngestConsumer(
				"it-broker-restart", client, topics, pipeline, new KafkaIngestConsumer.Settings(Duration.ofMillis(500),
						Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10)),
				new IngestMetrics(metrics, "kafka"))
			.start()) {
			partner.start();
			KafkaIngestIntegrationTests.await("the first events stored", () -> rows(carrier) >= 300);

			long atStop = rows(carrier);
			long stopped = System.nanoTime();
			broker.stop();
			Thread.sleep(3_000);
			broker.startBroker();
			long sigtermDownMs = ms(stopped);
			long started = System.nanoTime();
			KafkaIngestIntegrationTests.await("storing again after the SIGTERM restart",
					() -> rows(carrier) > atStop + 100, () -> state(consumer, metrics, carrier, sent));
			long sigtermResumeMs = ms(started);
			log.info(
					"Fault Kafka broker restart (SIGTERM): stopped at {} events stored, {} sent; down {} ms, "
							+ "storing again {} ms after the broker was up",
					atStop, sent.get(), sigtermDownMs, sigtermResumeMs);

			long atKill = rows(carrier);
			long killed = System.nanoTime();
			broker.kill();
			Thread.sleep(3_000);
			broker.startBroker();
			long killDownMs = ms(killed);
			started = System.nanoTime();
			KafkaIngestIntegrationTests.await("storing again after the SIGKILL restart",
					() -> rows(carrier) > atKill + 100, () -> state(consumer, metrics, carrier, sent));
			long killResumeMs = ms(started);
			log.info(
					"Fault Kafka broker restart (SIGKILL): killed at {} events stored, {} sent; down {} ms, "
							+ "storing again {} ms after the broker was up",
					atKill, sent.get(), killDownMs, killResumeMs);
			assertThat(atKill).as("killed in the middle of the ingest").isLessThan(TOTAL);

			partner.join(120_000);
			for (Future<RecordMetadata> ack : acks) {
				ack.get(30, TimeUnit.SECONDS);
			}
			KafkaIngestIntegrationTests.await("all events stored", () -> rows(carrier) == TOTAL,
					() -> state(consumer, metrics, carrier, sent));
			// a late redelivery would show here
			Thread.sleep(2_000);
			long onTopic = recordsOnTopic(topic);
			Map<String, Object> counts = this.jdbc.queryForMap("""
					SELECT COUNT(*) AS events, COUNT(DISTINCT e.event_hash) AS hashes,
					       (SELECT COUNT(*) FROM trace_event_item i WHERE i.gtin = ?) AS items,
					       (SELECT COUNT(DISTINCT i.serial) FROM trace_event_item i WHERE i.gtin = ?) AS serials
					FROM trace_event e WHERE e.reporter_id = ?""", gtin, gtin, carrier.id());
			log.info(
					"Fault Kafka broker restart: {} sent, {} records on the topic, store counts {}; "
							+ "{} duplicates acknowledged, {} batch retries, consumer running {}, failure {}",
					sent.get(), onTopic, counts, count(metrics, "veritrace.ingest.events", "outcome", "duplicate"),
					count(metrics, "veritrace.ingest.retries"), consumer.isRunning(), consumer.failure());
			assertThat(onTopic).as("records on the topic (a resent one counts twice)").isGreaterThanOrEqualTo(TOTAL);
			assertThat(counts).containsEntry("events", (long) TOTAL)
				.containsEntry("hashes", (long) TOTAL)
				.containsEntry("items", (long) TOTAL)
				.containsEntry("serials", (long) TOTAL);
			assertThat(consumer.isRunning()).isTrue();
			assertThat(consumer.failure()).as("the consumer never died").isEmpty();
		}
		finally {
			partner.interrupt();
			partner.join(10_000);
		}
	}

	private long rows(Tenant reporter) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event WHERE reporter_id = ?", Long.class,
				reporter.id());
	}

	private String state(KafkaIngestConsumer consumer, SimpleMeterRegistry metrics, Tenant reporter,
			AtomicInteger sent) {
		return "(rows " + rows(reporter) + ", sent " + sent.get() + ", consumer running " + consumer.isRunning()
				+ ", failure " + consumer.failure() + ", retries " + count(metrics, "veritrace.ingest.retries") + ")";
	}

	private static double count(SimpleMeterRegistry metrics, String name, String... tags) {
		return metrics.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
	}

	private static long ms(long since) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
	}

	private static long recordsOnTopic(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < 3; p++) {
				latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
			}
			return admin.listOffsets(latest)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong(o -> o.offset())
				.sum();
		}
	}

}
