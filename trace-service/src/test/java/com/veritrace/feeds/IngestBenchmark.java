package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.veritrace.VeritraceApplication;
import com.veritrace.catalog.CatalogService;
import com.veritrace.ingest.connect.IngestMetrics;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.ingest.connect.KafkaIngestConsumer;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * End-to-end ingest benchmark (not a test; run by {@code deploy/bench/ingest.sh}). Per
 * run: N EPCIS events (one per record, ~600 bytes, keyed by item) are produced to a
 * partner topic first; then the consumers of the real pipeline (parse, validate, hash,
 * grant check, store in MariaDB, commit offsets) are started and timed until every offset
 * is committed. In the same run, the same rows (read back from the store) are inserted
 * into empty copies of the two tables with plain batched JDBC (same batch size, one
 * transaction per batch): the baseline. Prints one line per run and the medians.
 * Arguments: {@code events runs consumers partitions maxPollRecords}.
 */
public final class IngestBenchmark {

	public static void main(String[] args) throws Exception {
		int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		int consumers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
		int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		int maxPoll = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
		String host = System.getProperty("bench.db.host", "127.0.0.1:3306");
		String bootstrap = System.getProperty("bench.kafka", "127.0.0.1:9092");
		String options = "useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
		try (Connection c = DriverManager.getConnection("jdbc:mysql://" + host + "/?" + options, "root", "");
				Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS veritrace_bench");
			s.execute("CREATE DATABASE veritrace_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		}
		// system properties: they outrank the mariadb profile's datasource defaults
		Map<String, String> settings = Map.ofEntries(
				Map.entry("spring.datasource.url", "jdbc:mysql://" + host + "/veritrace_bench?" + options),
				Map.entry("spring.datasource.username", "root"), Map.entry("spring.datasource.password", ""),
				Map.entry("server.port", "0"), Map.entry("veritrace.demo.enabled", "false"),
				Map.entry("veritrace.production.allow-insecure",
						com.veritrace.support.MariaDbTestDatabase.ALLOW_INSECURE),
				Map.entry("veritrace.anchor.enabled", "false"), Map.entry("logging.level.org.apache.kafka", "warn"),
				Map.entry("logging.level.com.veritrace.ingest", "warn"),
				Map.entry("logging.level.com.veritrace.feeds", "warn"),
				Map.entry("spring.datasource.hikari.maximum-pool-size", Integer.toString(consumers + 4)));
		settings.forEach(System::setProperty);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(VeritraceApplication.class)
			.profiles("mariadb")
			.run();
		try {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate tx = context.getBean(TransactionTemplate.class);
			String buffer = jdbc.queryForObject("SELECT CONCAT(@@version, ', innodb_buffer_pool_size=', "
					+ "@@innodb_buffer_pool_size DIV 1048576, ' MiB, innodb_flush_log_at_trx_commit=', "
					+ "@@innodb_flush_log_at_trx_commit, ', innodb_log_file_size=', @@innodb_log_file_size DIV 1048576,"
					+ " ' MiB')", String.class);
			System.out.printf(
					"setup: %d events/run, %d runs, %d consumers, %d partitions, max.poll.records %d, %d cores,"
							+ " heap %d MiB%n  database: %s%n",
					events, runs, consumers, partitions, maxPoll, Runtime.getRuntime().availableProcessors(),
					Runtime.getRuntime().maxMemory() >> 20, buffer);

			// a brand with 20 products, and a logistics partner holding a brand-wide
			// EVENTS grant
			OrganisationService orgs = context.getBean(OrganisationService.class);
			var brand = orgs.createUnchecked("Bench brand " + System.nanoTime(), OrganisationKind.BRAND);
			var partner = orgs.createUnchecked("Bench carrier " + System.nanoTime(), OrganisationKind.LOGISTICS);
			Caller brandCaller = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
					Set.of(Scope.values()));
			List<String> gtins = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				String body = "0690123456" + String.format("%03d", i);
				String gtin = body + com.veritrace.codes.Gtin.checkDigit(body, 13);
				context.getBean(CatalogService.class).createProduct(brandCaller, gtin, "Bench " + i, null, null);
				gtins.add(gtin);
			}
			context.getBean(GrantService.class).grant(brandCaller, partner.getId(), GrantRight.EVENTS, null, null);

			IngestPipeline pipeline = context.getBean(IngestPipeline.class);
			List<double[]> results = new ArrayList<>();
			for (int run = 1; run <= runs; run++) {
				for (String table : List.of("trace_event_item", "trace_event_lot", "trace_event")) {
					jdbc.execute("DELETE FROM " + table);
				}
				String prefix = "bench" + Long.toHexString(System.nanoTime());
				PartnerTopics topics = new PartnerTopics(prefix);
				String topic = topics.topic(partner.getId(), IngestStream.EPCIS);
				double produceSeconds = produce(bootstrap, topic, partitions, events, run, gtins);

				Map<String, Object> client = new HashMap<>();
				client.put("bootstrap.servers", bootstrap);
				client.put("group.id", prefix + "-group");
				client.put("max.poll.records", maxPoll);
				client.put("fetch.max.bytes", 64 * 1024 * 1024);
				client.put("max.partition.fetch.bytes", 8 * 1024 * 1024);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				IngestMetrics metrics = new IngestMetrics(registry, "kafka");
				long t0 = System.nanoTime();
				List<KafkaIngestConsumer> running = new ArrayList<>();
				for (int i = 0; i < consumers; i++) {
					running.add(new KafkaIngestConsumer("bench-" + i, client, topics, pipeline,
							new KafkaIngestConsumer.Settings(Duration.ofMillis(100), Duration.ofMillis(100),
									Duration.ofSeconds(5), Duration.ofSeconds(30)),
							metrics)
						.start());
				}
				double ingestSeconds;
				try {
					awaitCommitted(bootstrap, prefix + "-group", topic, events, running);
					ingestSeconds = (System.nanoTime() - t0) / 1e9;
				}
				finally {
					// also when the run fails: consumers left running would go on polling
					// (and refusing) after the context is closed
					running.forEach(KafkaIngestConsumer::close);
				}
				long stored = jdbc.queryForObject("SELECT COUNT(*) FROM trace_event", Long.class);
				double dead = registry.find("veritrace.ingest.records")
					.tag("outcome", "dead-lettered")
					.counter()
					.count();
				if (stored != events || dead > 0) {
					throw new IllegalStateException(
							"run " + run + ": stored " + stored + " of " + events + ", dead " + dead);
				}
				double baselineSeconds = baseline(jdbc, tx, maxPoll);
				double ingestRate = events / ingestSeconds;
				double baselineRate = events / baselineSeconds;
				results.add(new double[] { ingestRate, baselineRate, ingestRate / baselineRate });
				System.out.printf(
						"run %d: produced in %.1f s; ingest %,d events in %.1f s = %,.0f events/s; "
								+ "bare batched insert %.1f s = %,.0f rows/s; ratio %.2f%n",
						run, produceSeconds, events, ingestSeconds, ingestRate, baselineSeconds, baselineRate,
						ingestRate / baselineRate);
			}
			System.out.printf("median: ingest %,.0f events/s, bare insert %,.0f rows/s, ratio %.2f (%s)%n",
					median(results, 0), median(results, 1), median(results, 2), Instant.now());
		}
		finally {
			context.close();
		}
		System.exit(0);
	}

	static String event(int run, long i, List<String> gtins) {
		String gtin = gtins.get((int) (i % gtins.size()));
		long ms = 1_790_000_000_000L + run * 10_000_000_000L + i * 37;
		return """
				{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], \
				"type": "ObjectEvent", "eventTime": "%s", "eventTimeZoneOffset": "+08:00", \
				"epcList": ["https://id.gs1.org/01/%s/21/R%dS%d"], "action": "OBSERVE", \
				"bizStep": "https://ref.gs1.org/cbv/BizStep-receiving", \
				"disposition": "https://ref.gs1.org/cbv/Disp-in_progress", \
				"readPoint": {"id": "https://id.gs1.org/414/6901234000016/254/D%d"}, \
				"bizLocation": {"id": "https://id.gs1.org/414/6901234000016"}, \
				"bizTransactionList": [{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:6901234000016:PO%d"}]}"""
			.formatted(Instant.ofEpochMilli(ms), gtin, run, i, i % 8, i / 1000);
	}

	/**
	 * Produces the run's events; seconds taken. The topic's partitions have leaders
	 * before the first send, and every record is acknowledged: one the producer gave up
	 * on (delivery timeout after NOT_LEADER and the like) is sent again until it is, so
	 * the topic holds every event at least once (a resend whose first try did land is a
	 * duplicate the ingest stores once).
	 */
	static double produce(String bootstrap, String topic, int partitions, int events, int run, List<String> gtins)
			throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
			KafkaIngestConsumer.awaitLeaders(admin, Duration.ofSeconds(30), List.of(topic));
		}
		Map<String, Object> p = new HashMap<>();
		p.put("bootstrap.servers", bootstrap);
		p.put("acks", "all");
		p.put("enable.idempotence", true);
		p.put("linger.ms", 20);
		p.put("batch.size", 512 * 1024);
		p.put("compression.type", "lz4");
		p.put("key.serializer", StringSerializer.class);
		p.put("value.serializer", ByteArraySerializer.class);
		long t0 = System.nanoTime();
		List<Long> pending = LongStream.range(0, events).boxed().toList();
		int round = 0;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
			while (!pending.isEmpty()) {
				if (++round > 10) {
					throw new IllegalStateException(pending.size() + " records still not acknowledged after 10 rounds");
				}
				Queue<Long> failed = new ConcurrentLinkedQueue<>();
				AtomicReference<Exception> cause = new AtomicReference<>();
				for (long i : pending) {
					String value = event(run, i, gtins);
					producer.send(
							new ProducerRecord<>(topic, "R" + run + "S" + i, value.getBytes(StandardCharsets.UTF_8)),
							(metadata, ex) -> {
								if (ex != null) {
									failed.add(i);
									cause.set(ex);
								}
							});
				}
				producer.flush();
				pending = List.copyOf(failed);
				if (!pending.isEmpty()) {
					System.out.printf("produce: %d records not acknowledged (%s), sent again%n", pending.size(),
							cause.get());
				}
			}
		}
		return (System.nanoTime() - t0) / 1e9;
	}

	static void awaitCommitted(String bootstrap, String group, String topic, long events,
			List<KafkaIngestConsumer> consumers) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int i = 0; i < n; i++) {
				latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
			}
			long end = 0;
			for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(latest).all().get().values()) {
				end += info.offset();
			}
			if (end < events) {
				throw new IllegalStateException("topic holds " + end + " records, expected at least " + events);
			}
			while (true) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				long done = committed.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
				if (done >= end) {
					return;
				}
				for (KafkaIngestConsumer c : consumers) {
					if (c.failure().isPresent()) {
						throw new IllegalStateException("consumer failed", c.failure().get());
					}
				}
				Thread.sleep(100);
			}
		}
	}

	/**
	 * The same rows, inserted with plain JDBC batches into empty copies of the tables;
	 * seconds taken.
	 */
	static double baseline(JdbcTemplate jdbc, TransactionTemplate tx, int batch) {
		jdbc.execute("DROP TABLE IF EXISTS bench_event_item");
		jdbc.execute("DROP TABLE IF EXISTS bench_event");
		jdbc.execute("CREATE TABLE bench_event LIKE trace_event");
		jdbc.execute("CREATE TABLE bench_event_item LIKE trace_event_item");
		List<String> columns = jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE "
				+ "table_schema = DATABASE() AND table_name = 'trace_event' AND column_name <> 'id' "
				+ "ORDER BY ordinal_position", String.class);
		List<Object[]> rows = jdbc.query("SELECT " + String.join(", ", columns) + " FROM trace_event ORDER BY id",
				(rs, n) -> {
					Object[] row = new Object[columns.size()];
					for (int i = 0; i < row.length; i++) {
						row[i] = rs.getObject(i + 1);
					}
					return row;
				});
		List<Object[]> items = jdbc.query("SELECT gtin, serial, event_time_ms, event_row_id FROM trace_event_item",
				(rs, n) -> new Object[] { rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4) });
		String insert = "INSERT INTO bench_event (" + String.join(", ", columns) + ") VALUES ("
				+ String.join(",", java.util.Collections.nCopies(columns.size(), "?")) + ")";
		long t0 = System.nanoTime();
		for (int from = 0; from < rows.size(); from += batch) {
			List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + batch));
			List<Object[]> itemChunk = items.subList(Math.min(items.size(), from),
					Math.min(items.size(), from + batch));
			tx.executeWithoutResult(status -> {
				jdbc.batchUpdate(insert, chunk);
				jdbc.batchUpdate("INSERT INTO bench_event_item (gtin, serial, event_time_ms, event_row_id) "
						+ "VALUES (?,?,?,?)", itemChunk);
			});
		}
		return (System.nanoTime() - t0) / 1e9;
	}

	static double median(List<double[]> results, int column) {
		double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
		return values.length % 2 == 1 ? values[values.length / 2]
				: (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
	}

	private IngestBenchmark() {
	}

}
