package com.veritrace.feeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.TaskConfiguration;
import com.veritrace.ingest.connect.DeadLetterLog;
import com.veritrace.ingest.connect.IngestMetrics;
import com.veritrace.ingest.connect.IngestPipeline;
import com.veritrace.ingest.connect.IngestStream;

/**
 * The embedded default's transport: a bounded in-process queue of partner records (fed by
 * {@code POST /api/v1/ingest/{stream}}) drained by one worker thread in batches through
 * the same {@link IngestPipeline} as Kafka. The reporting organisation is the caller's
 * (its API key). A full queue refuses (the endpoint answers 503) rather than blocking
 * request threads. Dead letters are counted in the same metrics and noted in the
 * {@link DeadLetterLog} (the database, for the portal and
 * {@code GET /api/v1/ingest/dead-letters}). A transient store failure keeps the batch and
 * retries it with bounded backoff. The queue is memory: records not yet stored when the
 * process stops are lost, so partners needing durability use Kafka or the durable EPCIS
 * capture endpoint.
 */
public class InProcessIngestQueue implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(InProcessIngestQueue.class);

	/** One queued record. */
	record Item(long organisationId, IngestStream stream, byte[] value, long sequence) {
	}

	private final IngestPipeline pipeline;

	private final IngestProperties.Queue settings;

	private final IngestMetrics metrics;

	private final BlockingQueue<Item> queue;

	private final DeadLetterLog deadLetters;

	/**
	 * Names this node's queue in the dead letters' sources (sequences restart with the
	 * process).
	 */
	private final String node = java.util.UUID.randomUUID().toString();

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong done = new AtomicLong();

	private final Thread worker;

	private volatile boolean running = true;

	InProcessIngestQueue(IngestPipeline pipeline, IngestProperties.Queue settings, MeterRegistry registry,
			TaskConfiguration.LoopThreads threads, DeadLetterLog deadLetters) {
		this.pipeline = pipeline;
		this.deadLetters = deadLetters;
		this.settings = settings;
		this.metrics = new IngestMetrics(registry, "queue");
		this.queue = new ArrayBlockingQueue<>(settings.capacity());
		Gauge.builder("veritrace.ingest.queue.size", this.queue, BlockingQueue::size)
			.description("Records waiting in the in-process ingest queue")
			.register(registry);
		this.worker = threads.newThread("ingest-queue", this::run);
		this.worker.start();
	}

	/** Queues a record; returns its sequence number, or -1 when the queue is full. */
	public long offer(long organisationId, IngestStream stream, byte[] value) {
		long seq = this.sequence.incrementAndGet();
		return this.queue.offer(new Item(organisationId, stream, value, seq)) ? seq : -1;
	}

	/** Records queued and finished (stored, duplicate or dead letter) so far. */
	public long processed() {
		return this.done.get();
	}

	@Override
	public void close() {
		this.running = false;
		this.worker.interrupt();
		try {
			this.worker.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.queue.isEmpty()) {
			log.warn("In-process ingest queue stopped with {} records not stored", this.queue.size());
		}
	}

	private void run() {
		List<Item> batch = new ArrayList<>();
		while (this.running) {
			try {
				Item first = this.queue.poll(500, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.settings.batchSize() - 1);
				processWithRetry(batch);
				batch.clear();
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					return;
				}
			}
			catch (RuntimeException ex) {
				log.error("In-process ingest batch of {} records failed and was dropped", batch.size(), ex);
				this.done.addAndGet(batch.size());
				batch.clear();
			}
		}
	}

	private void processWithRetry(List<Item> batch) throws InterruptedException {
		Map<String, List<Item>> groups = new LinkedHashMap<>();
		for (Item item : batch) {
			groups.computeIfAbsent(item.organisationId() + "/" + item.stream(), k -> new ArrayList<>()).add(item);
		}
		for (List<Item> group : groups.values()) {
			long backoff = 200;
			while (true) {
				try {
					List<IngestPipeline.RecordResult> results = this.pipeline.process(group.get(0).organisationId(),
							group.get(0).stream(), group.stream().map(Item::value).toList());
					this.metrics.recordAll(results);
					for (int i = 0; i < group.size(); i++) {
						if (results.get(i).deadLetter()) {
							keep(group.get(i), results.get(i));
						}
					}
					this.done.addAndGet(group.size());
					break;
				}
				catch (RuntimeException ex) {
					if (!IngestConfiguration.isTransient(ex) || !this.running) {
						throw ex;
					}
					log.warn("In-process ingest batch failed ({}); retrying in {} ms", ex.toString(), backoff);
					Thread.sleep(backoff);
					backoff = Math.min(backoff * 2, 30_000);
				}
			}
		}
	}

	private void keep(Item item, IngestPipeline.RecordResult result) {
		this.deadLetters.refused(new DeadLetterLog.DeadLetter(item.organisationId(), item.stream().streamName(),
				"queue:" + this.node + "#" + item.sequence(), Objects.requireNonNull(result.reason()).code(),
				String.valueOf(result.detail()), result.exceptionClass(), item.value()));
		log.info("Dead letter #{} of organisation {} ({}): {}", item.sequence(), item.organisationId(),
				item.stream().streamName(), result.reason().code());
	}

}
