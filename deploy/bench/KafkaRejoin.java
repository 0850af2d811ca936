import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Restart-to-consuming delay of one Kafka consumer group member killed with SIGKILL and
 * started again (issue 18 item 4), with and without static membership
 * ({@code group.instance.id}), as the ingest consumers are configured. Driven by
 * kafka-rejoin.sh: {@code setup <topic>} creates the topic and writes records;
 * {@code consume <topic> <group> <instance-id|->} consumes like an ingest consumer
 * (no auto-commit, earliest) and prints {@code FIRST_RECORD <epoch ms>} at its first
 * record, then keeps polling until killed.
 */
public class KafkaRejoin {

	static final String SERVERS = System.getProperty("kafka", "127.0.0.1:9092");

	public static void main(String[] args) throws Exception {
		if (args[0].equals("setup")) {
			setup(args[1]);
		}
		else {
			consume(args[1], args[2], args[3]);
		}
	}

	static void setup(String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", SERVERS))) {
			admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
		}
		Properties p = new Properties();
		p.put("bootstrap.servers", SERVERS);
		p.put("key.serializer", ByteArraySerializer.class.getName());
		p.put("value.serializer", ByteArraySerializer.class.getName());
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
			for (int i = 0; i < 1000; i++) {
				producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(), ("v" + i).getBytes()));
			}
		}
	}

	static void consume(String topic, String group, String instanceId) {
		Properties p = new Properties();
		p.put("bootstrap.servers", SERVERS);
		p.put("group.id", group);
		if (!instanceId.equals("-")) {
			p.put("group.instance.id", instanceId);
		}
		p.put("enable.auto.commit", "false");
		p.put("auto.offset.reset", "earliest");
		p.put("key.deserializer", ByteArrayDeserializer.class.getName());
		p.put("value.deserializer", ByteArrayDeserializer.class.getName());
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
			consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				}

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
					System.out.println("ASSIGNED " + System.currentTimeMillis() + " " + partitions.size());
				}
			});
			boolean first = true;
			while (true) {
				if (!consumer.poll(Duration.ofMillis(200)).isEmpty() && first) {
					System.out.println("FIRST_RECORD " + System.currentTimeMillis());
					first = false;
				}
			}
		}
	}

}
