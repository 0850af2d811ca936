package com.veritrace.feeds;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.veritrace.ingest.connect.KafkaIngestConsumer;

/**
 * The real KRaft broker on 127.0.0.1:9092 the Kafka integration tests use. Started
 * through {@code deploy/kafka/start-kafka.sh} when nothing answers there; when it cannot
 * be started the tests fail (they never skip).
 */
public final class LocalKafka {

	static final String BOOTSTRAP = "127.0.0.1:9092";

	private static boolean checked;

	private LocalKafka() {
	}

	public static synchronized void ensureRunning() {
		if (checked) {
			return;
		}
		if (!answers()) {
			Path script = findScript();
			try {
				Process start = new ProcessBuilder(script.toString()).inheritIO().start();
				if (!start.waitFor(300, TimeUnit.SECONDS) || start.exitValue() != 0) {
					throw new IllegalStateException("deploy/kafka/start-kafka.sh failed (exit "
							+ (start.isAlive() ? "timeout" : start.exitValue()) + ")");
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("Kafka integration tests could not run " + script, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (!answers()) {
				throw new IllegalStateException("No Kafka broker on " + BOOTSTRAP + " after start-kafka.sh");
			}
		}
		checked = true;
	}

	/**
	 * The application's own consumers on this broker (transport kafka), with topics and
	 * consumer group of the prefix; starts the broker when needed.
	 */
	static void consumeWithPrefix(org.springframework.test.context.DynamicPropertyRegistry registry, String prefix) {
		ensureRunning();
		registry.add("veritrace.ingest.transport", () -> "kafka");
		registry.add("veritrace.ingest.topic-prefix", () -> prefix);
		registry.add("veritrace.ingest.kafka.group-id", () -> prefix + "-app");
		registry.add("veritrace.ingest.kafka.bootstrap-servers", () -> BOOTSTRAP);
	}

	private static boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 9092), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Path findScript() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path script = dir.resolve("deploy/kafka/start-kafka.sh");
			if (Files.isExecutable(script)) {
				return script;
			}
		}
		throw new IllegalStateException("Kafka integration tests need deploy/kafka/start-kafka.sh above "
				+ Path.of("").toAbsolutePath() + " or a broker on " + BOOTSTRAP);
	}

	public static void createTopics(int partitions, String... names) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
			List<NewTopic> topics = new ArrayList<>();
			for (String name : names) {
				topics.add(new NewTopic(name, partitions, (short) 1));
			}
			admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
			KafkaIngestConsumer.awaitLeaders(admin, Duration.ofSeconds(30), List.of(names));
		}
	}

	static int partitions(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
			return admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.size();
		}
	}

	/**
	 * The offsets {@code group} has committed on {@code topic}, summed over its
	 * partitions (0 when none).
	 */
	static long committed(String group, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
			return admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(30, TimeUnit.SECONDS)
				.entrySet()
				.stream()
				.filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
				.mapToLong(e -> e.getValue().offset())
				.sum();
		}
	}

	public static KafkaProducer<String, byte[]> producer() {
		return producer(BOOTSTRAP);
	}

	/** The tests' partner producer, on the broker at {@code bootstrap}. */
	static KafkaProducer<String, byte[]> producer(String bootstrap) {
		Map<String, Object> p = new HashMap<>();
		p.put("bootstrap.servers", bootstrap);
		p.put("acks", "all");
		// not idempotent: a first batch refused by a partition whose leader is not ready
		// yet (a topic just created)
		// made the idempotent producer answer OUT_OF_ORDER_SEQUENCE to every retry until
		// its delivery timeout
		// (120 s), and the records never arrived (seen once in CI). One request in flight
		// keeps the order.
		p.put("enable.idempotence", false);
		p.put("max.in.flight.requests.per.connection", 1);
		p.put("key.serializer", StringSerializer.class);
		p.put("value.serializer", ByteArraySerializer.class);
		return new KafkaProducer<>(p);
	}

	static RecordMetadata send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
			throws Exception {
		return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Reads a topic from the beginning until {@code count} records arrived (or 60 s
	 * passed).
	 */
	static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
		Map<String, Object> c = new HashMap<>();
		c.put("bootstrap.servers", BOOTSTRAP);
		c.put("group.id", "it-reader-" + System.nanoTime());
		c.put("auto.offset.reset", "earliest");
		c.put("key.deserializer", ByteArrayDeserializer.class);
		c.put("value.deserializer", ByteArrayDeserializer.class);
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
			consumer.subscribe(List.of(topic));
			long until = System.currentTimeMillis() + 60_000;
			while (records.size() < count && System.currentTimeMillis() < until) {
				consumer.poll(java.time.Duration.ofMillis(500)).forEach(records::add);
			}
		}
		return records;
	}

}
