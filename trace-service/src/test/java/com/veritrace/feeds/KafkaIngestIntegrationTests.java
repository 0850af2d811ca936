package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.connect.IngestMetrics;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.ingest.connect.KafkaIngestConsumer;
import com.veritrace.ingest.connect.PartnerFormats;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Kafka ingestion against the real KRaft broker on loopback and MariaDB: the
 * application's own consumers (transport kafka) read partner topics of this run's prefix;
 * round trips in all three formats, duplicates, poison records and unauthorised partners
 * to the dead-letter topic, and a consumer killed mid-batch and restarted.
 */
@MariaDbIntegrationTest
class KafkaIngestIntegrationTests {

	static final String PREFIX = "it" + Long.toHexString(System.nanoTime());

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		LocalKafka.consumeWithPrefix(registry, PREFIX);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry registry;

	@Autowired
	EventRecorder recorder;

	@Autowired
	PartnerFormats formats;

	ApiClient api;

	Tenant brand;

	Tenant carrier;

	String gtin;

	KafkaProducer<String, byte[]> producer;

	final PartnerTopics topics = new PartnerTopics(PREFIX);

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Brand"), "BRAND", "products:write", "grants:manage",
				"events:write");
		this.carrier = this.api.tenant(ApiClient.unique("Carrier"), "LOGISTICS", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.carrier.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		this.producer = LocalKafka.producer();
	}

	@AfterEach
	void tearDown() {
		this.producer.close();
	}

	/**
	 * A brand with product {@code gtin} and a carrier granted to report its events: the
	 * carrier.
	 */
	static Tenant carrierReportingFor(ApiClient api, String gtin) throws Exception {
		Tenant brand = api.tenant(ApiClient.unique("Brand"), "BRAND", "products:write", "grants:manage");
		Tenant carrier = api.tenant(ApiClient.unique("Carrier"), "LOGISTICS", "events:write");
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + carrier.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + gtin + "\"}", 201);
		return carrier;
	}

	static byte[] epcis(String gtin, String serial, String bizStep) {
		return ("""
				{"type": "ObjectEvent", "eventTime": "2026-11-20T08:30:00.123+08:00", "eventTimeZoneOffset": "+08:00",
				 "epcList": ["https://id.gs1.org/01/%s/21/%s"], "action": "OBSERVE", "bizStep": "%s",
				 "readPoint": {"id": "https://id.gs1.org/414/6901234000016"}}
				""").formatted(gtin, serial, bizStep).getBytes(StandardCharsets.UTF_8);
	}

	/** The XML twin of {@link #epcis} with bizStep receiving: the same event. */
	static byte[] epcisXml(String gtin, String serial) {
		return ("""
				<?xml version="1.0" encoding="UTF-8"?>
				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"
				    creationDate="2026-11-20T08:30:00Z"><EPCISBody><EventList><ObjectEvent>
				  <eventTime>2026-11-20T08:30:00.123+08:00</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
				  <epcList><epc>https://id.gs1.org/01/%s/21/%s</epc></epcList><action>OBSERVE</action>
				  <bizStep>receiving</bizStep><readPoint><id>https://id.gs1.org/414/6901234000016</id></readPoint>
				</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>""").formatted(gtin, serial)
			.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] wms(String gtin, String serial, String lot) {
		return ("""
				{"recordId": "WMS-%s", "shippedAt": "2026-11-20T08:30:00.250+08:00", "warehouseGln": "6901234000016",
				 "dock": "D3", "orderNumber": "SO-88231", "shipTo": "6901234000023",
				 "items": [{"gtin": "%s", "serial": "%s"}], "lots": [{"gtin": "%s", "lot": "%s", "quantity": 12}]}
				""").formatted(serial, gtin, serial, gtin, lot).getBytes(StandardCharsets.UTF_8);
	}

	static byte[] carrierDelivery(String gtin, String serial) {
		return ("""
				{"recordId": "POD-%s", "waybill": "SF1402938475", "carrierGln": "6901234000030",
				 "deliveredAt": "2026-11-21T15:02:11+08:00", "consigneeGln": "6901234000023",
				 "items": [{"gtin": "%s", "serial": "%s"}]}
				""").formatted(serial, gtin, serial).getBytes(StandardCharsets.UTF_8);
	}

	String topic(Tenant tenant, IngestStream stream) {
		return this.topics.topic(tenant.id(), stream);
	}

	long rows(long reporter) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event WHERE reporter_id = ?", Long.class, reporter);
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		await(what, condition, () -> "");
	}

	/**
	 * Waits up to 90 s; on time-out the message says what {@code state} saw, so that a CI
	 * failure explains itself.
	 */
	static void await(String what, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
		long until = System.currentTimeMillis() + 90_000;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > until) {
				throw new AssertionError("timed out waiting for " + what + " " + state.get());
			}
			Thread.sleep(200);
		}
	}

	/** Counters, liveness and failure of a test's own consumer, for time-out messages. */
	String consumerState(KafkaIngestConsumer consumer, SimpleMeterRegistry metrics, long reporter) {
		StringBuilder state = new StringBuilder("(rows ").append(rows(reporter))
			.append(", consumer running ")
			.append(consumer.isRunning())
			.append(", failure ")
			.append(consumer.failure().map(Throwable::toString).orElse("none"));
		metrics.getMeters()
			.forEach(meter -> meter.measure()
				.forEach(m -> state.append(", ")
					.append(meter.getId().getName())
					.append(meter.getId().getTags())
					.append('=')
					.append(m.getValue())));
		return state.append(')').toString();
	}

	/**
	 * Client settings of a test's own consumer group: a member that vanished is evicted
	 * in seconds, not 45 s.
	 */
	static Map<String, Object> ownClient(String groupId) {
		Map<String, Object> client = new HashMap<>();
		client.put("bootstrap.servers", LocalKafka.BOOTSTRAP);
		client.put("group.id", groupId);
		client.put("session.timeout.ms", 10_000);
		client.put("heartbeat.interval.ms", 1_000);
		return client;
	}

	double counter(String name, String... tags) {
		var counter = this.registry.find(name).tags(tags).counter();
		return counter == null ? 0 : counter.count();
	}

	static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	@Test
	void allThreeFormatsRoundTripIntoTheStoreAsTheTopicsOrganisation() throws Exception {
		LocalKafka.createTopics(3, topic(this.carrier, IngestStream.EPCIS),
				topic(this.carrier, IngestStream.WMS_OUTBOUND), topic(this.carrier, IngestStream.CARRIER_DELIVERY));
		LocalKafka.send(this.producer, topic(this.carrier, IngestStream.EPCIS), this.gtin + "/S1",
				epcis(this.gtin, "S1", "receiving"));
		LocalKafka.send(this.producer, topic(this.carrier, IngestStream.WMS_OUTBOUND), this.gtin + "/S1",
				wms(this.gtin, "S1", "L1"));
		LocalKafka.send(this.producer, topic(this.carrier, IngestStream.CARRIER_DELIVERY), this.gtin + "/S1",
				carrierDelivery(this.gtin, "S1"));

		await("3 events of the carrier", () -> rows(this.carrier.id()) == 3);
		List<String> steps = this.jdbc.queryForList(
				"SELECT biz_step FROM trace_event WHERE reporter_id = ? ORDER BY biz_step", String.class,
				this.carrier.id());
		assertThat(steps).containsExactly("https://ref.gs1.org/cbv/BizStep-arriving",
				"https://ref.gs1.org/cbv/BizStep-receiving", "https://ref.gs1.org/cbv/BizStep-shipping");
		// the item's timeline index holds all three, the lot index the WMS record's lot
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ? AND serial = 'S1'",
				Integer.class, this.gtin))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_lot WHERE gtin = ? AND lot_number = 'L1'",
				Integer.class, this.gtin))
			.isEqualTo(1);
		String wmsJson = this.jdbc.queryForObject(
				"SELECT event_json FROM trace_event WHERE reporter_id = ? AND biz_step LIKE '%shipping'", String.class,
				this.carrier.id());
		assertThat(wmsJson).contains("\"vt:sourceRecord\":\"wms-outbound/WMS-S1\"")
			.contains("https://id.gs1.org/414/6901234000016/254/D3");
	}

	@Test
	void aRecordDeliveredTwiceIsStoredOnceAndCountedAsDuplicate() throws Exception {
		String topic = topic(this.carrier, IngestStream.EPCIS);
		LocalKafka.createTopics(2, topic);
		double duplicatesBefore = counter("veritrace.ingest.events", "transport", "kafka", "outcome", "duplicate");
		byte[] record = epcis(this.gtin, "D1", "receiving");
		LocalKafka.send(this.producer, topic, this.gtin + "/D1", record);
		await("the first copy stored", () -> rows(this.carrier.id()) == 1);
		LocalKafka.send(this.producer, topic, this.gtin + "/D1", record);
		LocalKafka.send(this.producer, topic, this.gtin + "/D2", epcis(this.gtin, "D2", "receiving"));
		await("the next record stored", () -> rows(this.carrier.id()) == 2);
		assertThat(counter("veritrace.ingest.events", "transport", "kafka", "outcome", "duplicate"))
			.isEqualTo(duplicatesBefore + 1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ? AND serial = 'D1'",
				Integer.class, this.gtin))
			.isEqualTo(1);
	}

	@Test
	void poisonRecordsGoToTheDeadLetterTopicWithReasonAndOriginalBytesAndThePartitionGoesOn() throws Exception {
		String topic = topic(this.carrier, IngestStream.EPCIS);
		LocalKafka.createTopics(3, topic);
		double invalidBefore = counter("veritrace.ingest.dead.letters", "transport", "kafka", "reason", "invalid");
		// all on one key, hence one partition: the good record after the poison ones must
		// still be stored
		byte[] notJson = "{\"type\": \"ObjectEvent\", ".getBytes(StandardCharsets.UTF_8);
		byte[] invalid = epcis(this.gtin, "P1", "receiving");
		invalid = new String(invalid, StandardCharsets.UTF_8).replace("OBSERVE", "LOOK")
			.getBytes(StandardCharsets.UTF_8);
		RecordMetadata first = LocalKafka.send(this.producer, topic, "k", notJson);
		RecordMetadata second = LocalKafka.send(this.producer, topic, "k", invalid);
		LocalKafka.send(this.producer, topic, "k", epcis(this.gtin, "P2", "receiving"));

		await("the good record after the poison", () -> rows(this.carrier.id()) == 1);
		List<ConsumerRecord<byte[], byte[]>> dead = LocalKafka.readAll(topic + "-dlt", 2);
		assertThat(dead).hasSize(2);
		assertThat(LocalKafka.partitions(topic + "-dlt")).isEqualTo(3);
		ConsumerRecord<byte[], byte[]> d1 = dead.stream()
			.filter(r -> header(r, "original-offset").equals(Long.toString(first.offset())))
			.findFirst()
			.orElseThrow();
		assertThat(d1.value()).isEqualTo(notJson);
		assertThat(new String(d1.key(), StandardCharsets.UTF_8)).isEqualTo("k");
		assertThat(d1.partition()).isEqualTo(first.partition());
		assertThat(header(d1, "reason")).isEqualTo("invalid");
		assertThat(header(d1, "original-topic")).isEqualTo(topic);
		assertThat(header(d1, "original-partition")).isEqualTo(Integer.toString(first.partition()));
		assertThat(header(d1, "exception-class")).isEqualTo("com.veritrace.ingest.InvalidEventException");
		assertThat(header(d1, "detail")).contains("malformed JSON");
		ConsumerRecord<byte[], byte[]> d2 = dead.stream()
			.filter(r -> header(r, "original-offset").equals(Long.toString(second.offset())))
			.findFirst()
			.orElseThrow();
		assertThat(d2.value()).isEqualTo(invalid);
		assertThat(header(d2, "detail")).contains("/action");
		assertThat(counter("veritrace.ingest.dead.letters", "transport", "kafka", "reason", "invalid"))
			.isEqualTo(invalidBefore + 2);
		// the carrier reads them (API and portal share the store), newest first, each
		// once
		JsonNode read = this.api.call(get("/api/v1/ingest/dead-letters"), this.carrier.key(), "", 200);
		assertThat(read).hasSize(2);
		assertThat(read.get(0).get("source").asString())
			.isEqualTo("kafka:" + topic + "/" + second.partition() + "@" + second.offset());
		assertThat(read.get(0).get("detail").asString()).contains("/action");
		assertThat(read.get(1).get("original").asString()).isEqualTo(new String(notJson, StandardCharsets.UTF_8));
		assertThat(read.get(1).get("reason").asString()).isEqualTo("invalid");
		// another organisation reads none of them
		assertThat(this.api.call(get("/api/v1/ingest/dead-letters"), this.brand.key(), "", 200)).isEmpty();
	}

	/**
	 * EPCIS XML on the epcis stream, told from JSON-LD by its first character: stored
	 * with the hash of its JSON-LD twin; a hostile XML record is a dead letter with the
	 * reason.
	 */
	@Test
	void xmlRecordsAreStoredAsTheirJsonLdTwinsAndHostileXmlIsDeadLettered() throws Exception {
		String topic = topic(this.carrier, IngestStream.EPCIS);
		LocalKafka.createTopics(1, topic);
		byte[] xml = epcisXml(this.gtin, "X1");
		byte[] laughs = """
				<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]>
				<lolz>&lol1;</lolz>""".getBytes(StandardCharsets.UTF_8);
		RecordMetadata hostile = LocalKafka.send(this.producer, topic, "k", laughs);
		LocalKafka.send(this.producer, topic, "k", xml);

		await("the XML record stored", () -> rows(this.carrier.id()) == 1);
		byte[] stored = this.jdbc.queryForObject("SELECT event_hash FROM trace_event WHERE reporter_id = ?",
				byte[].class, this.carrier.id());
		var twin = new com.veritrace.ingest.EpcisDocumentParser().parse(epcis(this.gtin, "X1", "receiving"));
		assertThat(stored).isEqualTo(new EventHasher().hash(twin.events().get(0)).digest());
		List<ConsumerRecord<byte[], byte[]>> dead = LocalKafka.readAll(topic + "-dlt", 1);
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), "reason")).isEqualTo("invalid");
		assertThat(header(dead.get(0), "detail")).contains("XML DOCTYPE declarations are refused");
		assertThat(header(dead.get(0), "original-offset")).isEqualTo(Long.toString(hostile.offset()));
		assertThat(dead.get(0).value()).isEqualTo(laughs);
	}

	@Test
	void aPartnerWithoutAGrantCannotReportAndItsRecordIsDeadLettered() throws Exception {
		Tenant stranger = this.api.tenant(ApiClient.unique("Stranger"), "WAREHOUSE", "events:write");
		String topic = topic(stranger, IngestStream.WMS_OUTBOUND);
		LocalKafka.createTopics(1, topic);
		byte[] record = wms(this.gtin, "U1", "L9");
		RecordMetadata sent = LocalKafka.send(this.producer, topic, this.gtin + "/U1", record);

		List<ConsumerRecord<byte[], byte[]>> dead = LocalKafka.readAll(topic + "-dlt", 1);
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), "reason")).isEqualTo("not-granted");
		assertThat(header(dead.get(0), "detail")).contains(this.gtin);
		assertThat(header(dead.get(0), "original-offset")).isEqualTo(Long.toString(sent.offset()));
		assertThat(dead.get(0).value()).isEqualTo(record);
		assertThat(rows(stranger.id())).isZero();
		// the same record on the granted carrier's topic is accepted: the topic decides
		// who reports
		LocalKafka.createTopics(1, topic(this.carrier, IngestStream.WMS_OUTBOUND));
		LocalKafka.send(this.producer, topic(this.carrier, IngestStream.WMS_OUTBOUND), this.gtin + "/U1", record);
		await("the carrier's record", () -> rows(this.carrier.id()) == 1);
	}

	@Test
	void aTopicNamingAnOrganisationThatDoesNotExistStoresNothing() throws Exception {
		String topic = this.topics.topic(987_654_321_000L, IngestStream.EPCIS);
		LocalKafka.createTopics(1, topic);
		// an event touching no GTIN passes every grant check; the reporter must still
		// exist
		byte[] record = """
				{"type": "ObjectEvent", "eventTime": "2026-11-20T08:30:00Z", "eventTimeZoneOffset": "+00:00",
				 "epcList": ["https://id.gs1.org/00/069012340000000016"], "action": "OBSERVE", "bizStep": "arriving"}
				""".getBytes(StandardCharsets.UTF_8);
		LocalKafka.send(this.producer, topic, "069012340000000016", record);
		List<ConsumerRecord<byte[], byte[]>> dead = LocalKafka.readAll(topic + "-dlt", 1);
		assertThat(dead).hasSize(1);
		assertThat(header(dead.get(0), "reason")).isEqualTo("not-granted");
		assertThat(header(dead.get(0), "detail")).contains("organisation 987654321000 does not exist");
		assertThat(rows(987_654_321_000L)).isZero();
	}

	/**
	 * A sink that stores half of its third batch (committed) and then dies like a killed
	 * process.
	 */
	static final class CrashingSink implements com.veritrace.ingest.EventSink {

		private final com.veritrace.ingest.EventSink delegate;

		private final AtomicInteger calls = new AtomicInteger();

		CrashingSink(com.veritrace.ingest.EventSink delegate) {
			this.delegate = delegate;
		}

		@Override
		public List<Outcome> accept(String organisationId, List<HashedEvent> events) {
			if (this.calls.incrementAndGet() == 3) {
				this.delegate.accept(organisationId, events.subList(0, events.size() / 2));
				throw new ThreadDeath();
			}
			return this.delegate.accept(organisationId, events);
		}

	}

	@Test
	void aConsumerKilledMidBatchAndRestartedLosesNothingAndStoresNothingTwice() throws Exception {
		// a prefix and group of its own, so the application's consumers stay out of it
		String prefix = PREFIX + "k";
		PartnerTopics own = new PartnerTopics(prefix);
		String topic = own.topic(this.carrier.id(), IngestStream.EPCIS);
		LocalKafka.createTopics(3, topic);
		int total = 1500;
		List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			sent.add(this.producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
					this.gtin + "/K" + i, epcis(this.gtin, "K" + i, "receiving"))));
		}
		this.producer.flush();
		for (var record : sent) {
			record.get(30, java.util.concurrent.TimeUnit.SECONDS); // every record is in
																	// Kafka before the
																	// consumers run
		}
		Map<String, Object> client = ownClient(prefix + "-group");
		client.put("max.poll.records", 200);
		KafkaIngestConsumer.Settings settings = new KafkaIngestConsumer.Settings(Duration.ofMillis(200),
				Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10));

		SimpleMeterRegistry firstMetrics = new SimpleMeterRegistry();
		KafkaIngestConsumer first = new KafkaIngestConsumer("it-first", client, own,
				pipeline(new CrashingSink(this.recorder)), settings, new IngestMetrics(firstMetrics, "kafka"))
			.start();
		await("the first consumer to die", () -> !first.isRunning(),
				() -> consumerState(first, firstMetrics, this.carrier.id()));
		assertThat(first.failure()).containsInstanceOf(ThreadDeath.class);
		long storedByFirst = rows(this.carrier.id());
		assertThat(storedByFirst).isBetween(400L + 1, (long) total - 1);

		SimpleMeterRegistry secondMetrics = new SimpleMeterRegistry();
		try (KafkaIngestConsumer second = new KafkaIngestConsumer("it-second", client, own, pipeline(this.recorder),
				settings, new IngestMetrics(secondMetrics, "kafka"))
			.start()) {
			await("all records stored", () -> rows(this.carrier.id()) == total,
					() -> consumerState(second, secondMetrics, this.carrier.id()));
			// everything the first consumer stored but had not committed came again and
			// was acknowledged
			await("the redelivered batch",
					() -> secondMetrics.counter("veritrace.ingest.events", "transport", "kafka", "outcome", "duplicate")
						.count() > 0,
					() -> consumerState(second, secondMetrics, this.carrier.id()));
		}
		Set<String> serials = this.jdbc
			.queryForList("SELECT serial FROM trace_event_item WHERE gtin = ?", String.class, this.gtin)
			.stream()
			.collect(Collectors.toSet());
		assertThat(serials).hasSize(total);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ?", Integer.class,
				this.gtin))
			.isEqualTo(total);
		assertThat(rows(this.carrier.id())).isEqualTo(total);
	}

	/**
	 * Graceful shutdown (issue 18): a consumer closed while its batch is being stored
	 * finishes the batch and commits it, so nothing comes back to the next member.
	 */
	@Test
	void aConsumerClosedWhileStoringABatchCommitsTheBatchBeforeStopping() throws Exception {
		String prefix = PREFIX + "c";
		PartnerTopics own = new PartnerTopics(prefix);
		String topic = own.topic(this.carrier.id(), IngestStream.EPCIS);
		LocalKafka.createTopics(1, topic);
		for (int i = 0; i < 20; i++) {
			LocalKafka.send(this.producer, topic, this.gtin + "/C" + i, epcis(this.gtin, "C" + i, "receiving"));
		}
		java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		com.veritrace.ingest.EventSink slow = (org, events) -> {
			storing.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.recorder.accept(org, events);
		};
		String group = prefix + "-group";
		KafkaIngestConsumer consumer = new KafkaIngestConsumer("it-closing", ownClient(group), own, pipeline(slow),
				new KafkaIngestConsumer.Settings(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1),
						Duration.ofSeconds(10)),
				new IngestMetrics(new SimpleMeterRegistry(), "kafka"))
			.start();
		assertThat(storing.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		Thread closing = new Thread(consumer::close);
		closing.start();
		// close() has woken the consumer and waits for its thread
		await("close() to wait for the consumer", () -> closing.getState() == Thread.State.TIMED_WAITING);
		release.countDown();
		closing.join(30_000);
		assertThat(consumer.isRunning()).isFalse();
		assertThat(consumer.failure()).isEmpty();
		long stored = rows(this.carrier.id());
		assertThat(stored).isPositive();
		assertThat(LocalKafka.committed(group, topic)).as("the batch stored while closing is committed")
			.isEqualTo(stored);
	}

	@Test
	void aTransientStoreFailureIsRetriedWithoutCommittingAndWithoutDeadLetters() throws Exception {
		String prefix = PREFIX + "t";
		PartnerTopics own = new PartnerTopics(prefix);
		String topic = own.topic(this.carrier.id(), IngestStream.EPCIS);
		LocalKafka.createTopics(1, topic);
		LocalKafka.send(this.producer, topic, this.gtin + "/T1", epcis(this.gtin, "T1", "receiving"));
		AtomicInteger failures = new AtomicInteger(2);
		com.veritrace.ingest.EventSink flaky = (org, events) -> {
			if (failures.getAndDecrement() > 0) {
				throw new TransientDataAccessResourceException("database is down");
			}
			return this.recorder.accept(org, events);
		};
		Map<String, Object> client = ownClient(prefix + "-group");
		SimpleMeterRegistry metrics = new SimpleMeterRegistry();
		try (KafkaIngestConsumer consumer = new KafkaIngestConsumer(
				"it-flaky", client, own, pipeline(flaky), new KafkaIngestConsumer.Settings(Duration.ofMillis(200),
						Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)),
				new IngestMetrics(metrics, "kafka"))
			.start()) {
			await("the record stored after two failures", () -> rows(this.carrier.id()) == 1,
					() -> consumerState(consumer, metrics, this.carrier.id()));
		}
		assertThat(metrics.counter("veritrace.ingest.retries", "transport", "kafka").count()).isEqualTo(2);
		assertThat(metrics.find("veritrace.ingest.dead.letters").counters()).isEmpty();
	}

	/**
	 * A batch retried because one dead letter could not be published (here: larger than
	 * the producer's max.request.size, so it fails every time) publishes again only that
	 * one: the other, acknowledged on the first try, is on the dead-letter topic once,
	 * and nothing is committed meanwhile.
	 */
	@Test
	void aRetriedBatchDoesNotPublishADeadLetterTheBrokerAlreadyAcknowledged() throws Exception {
		String prefix = PREFIX + "d";
		PartnerTopics own = new PartnerTopics(prefix);
		String topic = own.topic(this.carrier.id(), IngestStream.EPCIS);
		LocalKafka.createTopics(1, topic);
		RecordMetadata small = LocalKafka.send(this.producer, topic, "k", "{".getBytes(StandardCharsets.UTF_8));
		LocalKafka.send(this.producer, topic, "k", "x".repeat(4000).getBytes(StandardCharsets.UTF_8));
		Map<String, Object> client = ownClient(prefix + "-group");
		client.put("max.request.size", 2048);
		SimpleMeterRegistry metrics = new SimpleMeterRegistry();
		try (KafkaIngestConsumer consumer = new KafkaIngestConsumer(
				"it-dlt", client, own, pipeline(this.recorder), new KafkaIngestConsumer.Settings(Duration.ofMillis(200),
						Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10)),
				new IngestMetrics(metrics, "kafka"))
			.start()) {
			await("three retries of the batch",
					() -> metrics.counter("veritrace.ingest.retries", "transport", "kafka").count() >= 3,
					() -> consumerState(consumer, metrics, this.carrier.id()));
		}
		List<ConsumerRecord<byte[], byte[]>> dead = LocalKafka.readAll(topic + "-dlt", 2);
		assertThat(dead).extracting(r -> header(r, "original-offset")).containsExactly(Long.toString(small.offset()));
		// nothing was committed: the group resumes at the first record
		assertThat(LocalKafka.committed(prefix + "-group", topic)).isZero();
	}

	private IngestPipeline pipeline(com.veritrace.ingest.EventSink sink) {
		return new IngestPipeline(this.formats, new EventHasher(), sink, IngestConfiguration::isTransient, 256);
	}

}
