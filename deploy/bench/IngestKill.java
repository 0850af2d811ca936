import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka side of ingest-kill.sh (issue 18 item 4): {@code produce <topic> <events>
 * <partitions> <gtin> <tag>} creates the topic and writes that many distinct EPCIS 2.0
 * ObjectEvents (one item each, serial {@code <tag>S<i>}, keyed by item) and prints the
 * seconds it took; {@code lag <group> <topic>} prints the group's committed offsets and
 * the topic's end offsets, summed over the partitions.
 */
public class IngestKill {

	static final String SERVERS = System.getProperty("kafka", "127.0.0.1:9092");

	public static void main(String[] args) throws Exception {
		if (args[0].equals("produce")) {
			produce(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5]);
		}
		else {
			lag(args[1], args[2]);
		}
	}

	static void produce(String topic, int events, int partitions, String gtin, String tag) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", SERVERS))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		Properties p = new Properties();
		p.put("bootstrap.servers", SERVERS);
		p.put("acks", "all");
		p.put("linger.ms", "20");
		p.put("batch.size", Integer.toString(512 * 1024));
		p.put("compression.type", "lz4");
		p.put("key.serializer", StringSerializer.class.getName());
		p.put("value.serializer", ByteArraySerializer.class.getName());
		long t0 = System.nanoTime();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
			for (int i = 0; i < events; i++) {
				String serial = tag + "S" + i;
				String value = """
						{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], \
						"type": "ObjectEvent", "eventTime": "%s", "eventTimeZoneOffset": "+08:00", \
						"epcList": ["https://id.gs1.org/01/%s/21/%s"], "action": "OBSERVE", \
						"bizStep": "https://ref.gs1.org/cbv/BizStep-receiving", \
						"disposition": "https://ref.gs1.org/cbv/Disp-in_progress", \
						"readPoint": {"id": "https://id.gs1.org/414/6901234000016/254/D%d"}}"""
					.formatted(Instant.ofEpochMilli(1_790_000_000_000L + i * 37L), gtin, serial, i % 8);
				producer.send(new ProducerRecord<>(topic, gtin + "/" + serial, value.getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
		System.out.printf("produced %d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);
	}

	static void lag(String group, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", SERVERS))) {
			int n = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int i = 0; i < n; i++) {
				latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
			}
			long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
			long committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get()
				.entrySet()
				.stream()
				.filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
				.mapToLong(e -> e.getValue().offset())
				.sum();
			System.out.println(committed + " " + end);
		}
	}

}
