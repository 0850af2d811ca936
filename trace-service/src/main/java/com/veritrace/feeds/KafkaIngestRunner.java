package com.veritrace.feeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.ingest.connect.DeadLetterLog;
import com.veritrace.ingest.connect.IngestMetrics;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.KafkaIngestConsumer;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.shared.NodeRoles;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code veritrace.ingest.kafka.consumers} Kafka consumers of one group when the
 * transport is {@code kafka}; does nothing in the embedded default. Stops them (each
 * finishing and committing its batch in hand) before the datasource closes.
 */
public class KafkaIngestRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KafkaIngestRunner.class);

	private final IngestPipeline pipeline;

	private final DeadLetterLog deadLetters;

	private final PartnerTopics topics;

	private final IngestProperties properties;

	private final IngestMetrics metrics;

	private final NodeRoles roles;

	private final List<KafkaIngestConsumer> consumers = new ArrayList<>();

	KafkaIngestRunner(IngestPipeline pipeline, PartnerTopics topics, IngestProperties properties,
			MeterRegistry registry, DeadLetterLog deadLetters, NodeRoles roles) {
		this.roles = roles;
		this.deadLetters = deadLetters;
		this.pipeline = pipeline;
		this.topics = topics;
		this.properties = properties;
		this.metrics = new IngestMetrics(registry, "kafka");
	}

	/**
	 * The client settings every consumer gets (also used by tools and tests that run
	 * their own consumers).
	 */
	public static Map<String, Object> clientProperties(IngestProperties.Kafka kafka) {
		Map<String, Object> client = new HashMap<>(kafka.properties());
		client.put("bootstrap.servers", kafka.bootstrapServers());
		client.put("group.id", kafka.groupId());
		client.put("max.poll.records", kafka.maxPollRecords());
		return client;
	}

	public static KafkaIngestConsumer.Settings settings(IngestProperties.Kafka kafka) {
		return new KafkaIngestConsumer.Settings(kafka.pollTimeout(), kafka.retryBackoffInitial(),
				kafka.retryBackoffMax(), kafka.deadLetterSendTimeout());
	}

	@Override
	public synchronized void start() {
		if (this.properties.transport() != IngestProperties.Transport.KAFKA || !this.roles.has(NodeRoles.Role.INGEST)
				|| !this.consumers.isEmpty()) {
			return;
		}
		IngestProperties.Kafka kafka = this.properties.kafka();
		for (int i = 0; i < kafka.consumers(); i++) {
			Map<String, Object> client = clientProperties(kafka);
			client.put(GROUP_INSTANCE_ID, groupInstanceId(kafka, this.roles.nodeName(), i));
			this.consumers.add(new KafkaIngestConsumer("ingest-kafka-" + i, client, this.topics, this.pipeline,
					settings(kafka), this.metrics, this.deadLetters)
				.start());
		}
		log.info("Kafka ingest started: {} consumer(s) of group {} on {}, topics {}, static members {}",
				kafka.consumers(), kafka.groupId(), kafka.bootstrapServers(), this.topics.pattern(),
				groupInstanceId(kafka, this.roles.nodeName(), 0).replaceAll("-0$", "-<n>"));
	}

	static final String GROUP_INSTANCE_ID = "group.instance.id";

	/**
	 * Consumer {@code n}'s static group membership ({@code group.instance.id}): the
	 * operator's {@code veritrace.ingest.kafka.properties.group.instance.id}, else the
	 * node's name ({@code veritrace.node-name}), followed by {@code -n}. A node restarted
	 * under the same name gets its partitions back at once, without waiting for its old
	 * session to expire; a node stopped for good keeps them until
	 * {@code session.timeout.ms} (docs/DECISIONS.md, "Node roles").
	 */
	static String groupInstanceId(IngestProperties.Kafka kafka, String nodeName, int n) {
		Object own = kafka.properties().get(GROUP_INSTANCE_ID);
		String base = (own == null || own.toString().isBlank()) ? nodeName : own.toString().strip();
		return base + "-" + n;
	}

	@Override
	public synchronized void stop() {
		this.consumers.forEach(KafkaIngestConsumer::close);
		this.consumers.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.consumers.isEmpty();
	}

	/** The consumers' failures so far (for health checks and tests). */
	public synchronized List<Throwable> failures() {
		return this.consumers.stream().flatMap(c -> c.failure().stream()).toList();
	}

}
