package com.veritrace.ingest.connect;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer (of a consumer group) running the {@link IngestPipeline} on its own
 * thread. Subscribes to every partner topic by pattern ({@link PartnerTopics}); per poll:
 * group the records by topic (organisation and stream), run the pipeline (one store
 * transaction per topic), publish dead letters to {@code <topic>-dlt} (same partition,
 * headers {@code reason}, {@code detail}, {@code original-topic},
 * {@code original-partition}, {@code original-offset}, {@code exception-class}, value =
 * the original bytes, key kept) and wait for their acknowledgement, then commit the
 * offsets synchronously. Offsets are committed only after the store committed and the
 * dead letters are safe; auto-commit is off. A transient failure pauses the partitions
 * and retries the same batch with bounded exponential backoff (polling meanwhile, so the
 * group keeps the member), committing nothing. At-least-once delivery plus idempotent
 * storing on the event hash gives exactly-once storage.
 */
public final class KafkaIngestConsumer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaIngestConsumer.class);

	/** Header names on dead-letter records. */
	public static final String H_REASON = "reason", H_DETAIL = "detail", H_TOPIC = "original-topic",
			H_PARTITION = "original-partition", H_OFFSET = "original-offset", H_EXCEPTION = "exception-class";

	/** Loop settings. */
	public record Settings(Duration pollTimeout, Duration backoffInitial, Duration backoffMax, Duration sendTimeout) {

		public Settings {
			Objects.requireNonNull(pollTimeout);
			Objects.requireNonNull(backoffInitial);
			Objects.requireNonNull(backoffMax);
			Objects.requireNonNull(sendTimeout);
		}

	}

	private final KafkaConsumer<byte[], byte[]> consumer;

	private final KafkaProducer<byte[], byte[]> producer;

	private final Admin admin;

	private final PartnerTopics topics;

	private final IngestPipeline pipeline;

	private final Settings settings;

	private final IngestMetrics metrics;

	private final Set<String> deadLetterTopics = new HashSet<>();

	private final Thread thread;

	private volatile boolean running = true;

	private volatile @Nullable Throwable failure;

	private final DeadLetterLog deadLetters;

	/**
	 * @param clientProperties bootstrap servers, security (SASL/TLS) and tuning, shared
	 * by consumer, producer and admin client; {@code group.id} and
	 * {@code max.poll.records} among them for the consumer
	 */
	public KafkaIngestConsumer(String name, Map<String, Object> clientProperties, PartnerTopics topics,
			IngestPipeline pipeline, Settings settings, IngestMetrics metrics) {
		this(name, clientProperties, topics, pipeline, settings, metrics, DeadLetterLog.NONE);
	}

	/**
	 * As above, noting each dead letter of a partner topic in {@code deadLetters} too.
	 */
	public KafkaIngestConsumer(String name, Map<String, Object> clientProperties, PartnerTopics topics,
			IngestPipeline pipeline, Settings settings, IngestMetrics metrics, DeadLetterLog deadLetters) {
		this.deadLetters = deadLetters;
		this.topics = topics;
		this.pipeline = pipeline;
		this.settings = settings;
		this.metrics = metrics;
		Map<String, Object> c = new HashMap<>(clientProperties);
		c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
		c.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000);
		c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		Map<String, Object> p = new HashMap<>(clientProperties);
		p.put(ProducerConfig.ACKS_CONFIG, "all");
		p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		p.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-dlt");
		p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		Map<String, Object> a = new HashMap<>(clientProperties);
		a.put("client.id", name + "-admin");
		// three clients: one refusing its settings closes those made before it (their
		// threads and sockets), rather than leaving them to the JVM's end
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(only(c, ConsumerConfig.configNames()));
		KafkaProducer<byte[], byte[]> producer = null;
		try {
			producer = new KafkaProducer<>(only(p, ProducerConfig.configNames()));
			this.admin = Admin.create(only(a, org.apache.kafka.clients.admin.AdminClientConfig.configNames()));
		}
		catch (RuntimeException ex) {
			if (producer != null) {
				producer.close(Duration.ZERO);
			}
			consumer.close(Duration.ZERO);
			throw ex;
		}
		this.consumer = consumer;
		this.producer = producer;
		this.thread = new Thread(this::run, name);
	}

	private static Map<String, Object> only(Map<String, Object> properties, Set<String> known) {
		Map<String, Object> kept = new HashMap<>();
		properties.forEach((k, v) -> {
			if (known.contains(k)) {
				kept.put(k, v);
			}
		});
		return kept;
	}

	public KafkaIngestConsumer start() {
		this.thread.start();
		return this;
	}

	/**
	 * Whether the loop still runs; false after {@link #close()} or a fatal error
	 * ({@link #failure()}).
	 */
	public boolean isRunning() {
		return this.thread.isAlive();
	}

	public Optional<Throwable> failure() {
		return Optional.ofNullable(this.failure);
	}

	/** Stops after the batch in hand (committed) and closes the clients. */
	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.thread.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		log.info("Kafka ingest consumer {} subscribing to {}", this.thread.getName(), this.topics.pattern());
		try {
			this.consumer.subscribe(this.topics.pattern(), new ConsumerRebalanceListener() {
				@Override
				public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
					log.info("Partitions revoked: {}", partitions);
				}

				@Override
				public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
					log.info("Partitions assigned: {}", partitions);
				}
			});
			while (this.running) {
				ConsumerRecords<byte[], byte[]> records = this.consumer.poll(this.settings.pollTimeout());
				if (!records.isEmpty()) {
					handleWithRetry(records);
				}
			}
		}
		catch (WakeupException stopping) {
			if (this.running) {
				this.failure = stopping;
			}
		}
		catch (Throwable ex) {
			// an Error or a bug: stop without committing; the batch is redelivered to the
			// next member
			this.failure = ex;
			log.error("Kafka ingest consumer {} stopped; uncommitted records will be redelivered",
					this.thread.getName(), ex);
		}
		finally {
			closeClients();
		}
	}

	private void closeClients() {
		try {
			this.consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
		}
		catch (RuntimeException ex) {
			log.debug("Closing the consumer: {}", ex.toString());
		}
		this.producer.close(Duration.ofSeconds(5));
		this.admin.close(Duration.ofSeconds(5));
	}

	private void handleWithRetry(ConsumerRecords<byte[], byte[]> records) {
		long backoff = this.settings.backoffInitial().toMillis();
		boolean paused = false;
		// dead letters the broker acknowledged in an earlier try of this batch: a retry
		// publishes only the rest, so a batch retried after one send timed out does not
		// put the others on the dead-letter topic twice
		Set<String> published = new HashSet<>();
		while (true) {
			try {
				handle(records, published);
				break;
			}
			catch (RuntimeException ex) {
				if (ex instanceof WakeupException || !this.running) {
					throw ex;
				}
				this.metrics.retry();
				log.warn("Ingest batch of {} records failed ({}); retrying in {} ms, nothing committed",
						records.count(), ex.toString(), backoff);
				if (!paused) {
					this.consumer.pause(this.consumer.assignment());
					paused = true;
				}
				// polling paused partitions returns nothing but keeps this member in the
				// group
				long until = System.currentTimeMillis() + backoff;
				while (this.running && System.currentTimeMillis() < until) {
					ConsumerRecords<byte[], byte[]> none = this.consumer
						.poll(Duration.ofMillis(Math.max(1, until - System.currentTimeMillis())));
					if (!none.isEmpty()) {
						throw new IllegalStateException("paused consumer returned records");
					}
				}
				backoff = Math.min(backoff * 2, this.settings.backoffMax().toMillis());
			}
		}
		if (paused) {
			this.consumer.resume(this.consumer.paused());
		}
		commit(records);
	}

	private void commit(ConsumerRecords<byte[], byte[]> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		Set<TopicPartition> assigned = this.consumer.assignment();
		for (TopicPartition partition : records.partitions()) {
			if (!assigned.contains(partition)) {
				continue; // revoked while retrying: the new owner re-reads it (duplicates
							// are acknowledged)
			}
			List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
			offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
		}
		try {
			try {
				this.consumer.commitSync(offsets);
			}
			catch (WakeupException stopping) {
				// close() woke the consumer while the batch was being stored: it is
				// stored, so commit it before stopping (a wakeup is thrown once)
				this.consumer.commitSync(offsets);
				throw stopping;
			}
		}
		catch (CommitFailedException | RebalanceInProgressException ex) {
			log.info("Offset commit failed during a rebalance ({}); the records will be redelivered", ex.toString());
		}
		catch (RetriableException ex) {
			// the broker was away for longer than default.api.timeout.ms (a restart): the
			// batch is stored, the next commit covers its offsets, and if none comes
			// before a rebalance its records are redelivered and acknowledged as
			// duplicates; stopping here would leave the partitions unconsumed
			log.warn("Offset commit failed ({}); going on, a later commit covers these records", ex.toString());
		}
	}

	private void handle(ConsumerRecords<byte[], byte[]> records, Set<String> published) {
		Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic = new LinkedHashMap<>();
		for (ConsumerRecord<byte[], byte[]> record : records) {
			byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
		}
		Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
		List<Runnable> counts = new ArrayList<>();
		for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> entry : byTopic.entrySet()) {
			List<ConsumerRecord<byte[], byte[]>> list = entry.getValue();
			Optional<PartnerTopics.PartnerTopic> topic = this.topics.parse(entry.getKey());
			List<IngestPipeline.RecordResult> results;
			if (topic.isEmpty()) {
				IngestPipeline.RecordResult unknown = IngestPipeline.RecordResult.dead(
						IngestPipeline.Reason.UNKNOWN_TOPIC,
						"topic " + entry.getKey() + " is not a partner topic <prefix>.<organisationId>.<stream>", null);
				results = list.stream().map(r -> unknown).toList();
			}
			else {
				List<byte[]> values = new ArrayList<>(list.size());
				for (ConsumerRecord<byte[], byte[]> r : list) {
					values.add(r.value() == null ? new byte[0] : r.value());
				}
				results = this.pipeline.process(topic.get().organisationId(), topic.get().stream(), values);
			}
			for (int i = 0; i < list.size(); i++) {
				IngestPipeline.RecordResult result = results.get(i);
				if (result.deadLetter()) {
					ConsumerRecord<byte[], byte[]> r = list.get(i);
					String source = r.topic() + "/" + r.partition() + "@" + r.offset();
					if (!published.contains(source)) {
						sends.put(source, deadLetter(r, result));
					}
					if (topic.isPresent()) {
						this.deadLetters.refused(new DeadLetterLog.DeadLetter(topic.get().organisationId(),
								topic.get().stream().streamName(), "kafka:" + source,
								Objects.requireNonNull(result.reason()).code(), String.valueOf(result.detail()),
								result.exceptionClass(), r.value() == null ? new byte[0] : r.value()));
					}
				}
			}
			counts.add(() -> this.metrics.record(results));
		}
		RuntimeException failed = null;
		for (Map.Entry<String, Future<RecordMetadata>> send : sends.entrySet()) {
			try {
				send.getValue().get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
				published.add(send.getKey());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while publishing dead letters", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				if (failed == null) {
					failed = new IllegalStateException("could not publish the dead letter of " + send.getKey(), ex);
				}
			}
		}
		if (failed != null) {
			throw failed;
		}
		counts.forEach(Runnable::run);
	}

	private Future<RecordMetadata> deadLetter(ConsumerRecord<byte[], byte[]> record,
			IngestPipeline.RecordResult result) {
		String dlt = PartnerTopics.deadLetterTopic(record.topic());
		ensureTopic(dlt, record.topic());
		RecordHeaders headers = new RecordHeaders();
		headers.add(H_REASON, utf8(Objects.requireNonNull(result.reason()).code()));
		headers.add(H_DETAIL, utf8(String.valueOf(result.detail())));
		headers.add(H_TOPIC, utf8(record.topic()));
		headers.add(H_PARTITION, utf8(Integer.toString(record.partition())));
		headers.add(H_OFFSET, utf8(Long.toString(record.offset())));
		if (result.exceptionClass() != null) {
			headers.add(H_EXCEPTION, utf8(result.exceptionClass()));
		}
		log.info("Dead letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				result.reason().code());
		return this.producer.send(new ProducerRecord<>(dlt, record.partition(), record.key(), record.value(), headers));
	}

	/**
	 * Creates {@code <topic>-dlt} with the source's partition count when it does not
	 * exist yet.
	 */
	private void ensureTopic(String dlt, String source) {
		if (this.deadLetterTopics.contains(dlt)) {
			return;
		}
		try {
			if (!this.admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(dlt)) {
				TopicDescription description = this.admin.describeTopics(List.of(source))
					.allTopicNames()
					.get(10, TimeUnit.SECONDS)
					.get(source);
				short replicas = (short) description.partitions().get(0).replicas().size();
				try {
					this.admin.createTopics(List.of(new NewTopic(dlt, description.partitions().size(), replicas)))
						.all()
						.get(10, TimeUnit.SECONDS);
					log.info("Created dead-letter topic {} ({} partitions)", dlt, description.partitions().size());
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
				awaitLeaders(this.admin, this.settings.sendTimeout(), List.of(dlt));
			}
			// the producer's own metadata names every partition with a leader before the
			// first send: a first batch sent on a stale view can be refused and then
			// stall
			// the idempotent producer until the send times out (seen once in CI)
			awaitProducerLeaders(dlt);
			this.deadLetterTopics.add(dlt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating " + dlt, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not create dead-letter topic " + dlt, ex);
		}
	}

	/**
	 * Waits until the broker describes every partition of {@code topics}, just created,
	 * with a leader (at most {@code timeout}). Sent earlier, the first records meet
	 * UNKNOWN_TOPIC_OR_PARTITION (the controller has the topic, the broker not yet) or
	 * NOT_LEADER_OR_FOLLOWER, and an idempotent producer's retries of such a first batch
	 * can stall until its delivery timeout.
	 */
	public static void awaitLeaders(Admin admin, Duration timeout, List<String> topics)
			throws InterruptedException, ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				if (admin.describeTopics(topics)
					.allTopicNames()
					.get(10, TimeUnit.SECONDS)
					.values()
					.stream()
					.allMatch(
							t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
					return;
				}
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof RetriableException)) {
					throw ex;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new TimeoutException("the partitions of " + topics + " have no leader after " + timeout);
			}
			Thread.sleep(50);
		}
	}

	private void awaitProducerLeaders(String dlt) throws TimeoutException, InterruptedException {
		long deadline = System.nanoTime() + this.settings.sendTimeout().toNanos();
		while (!this.producer.partitionsFor(dlt).stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
			if (System.nanoTime() > deadline) {
				throw new TimeoutException("the producer sees no leader for every partition of " + dlt + " after "
						+ this.settings.sendTimeout());
			}
			Thread.sleep(50);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
