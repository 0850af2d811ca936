package com.veritrace.ingest.connect;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer counters of ingestion, per transport ({@code kafka}, {@code queue}):
 * {@code veritrace.ingest.records{transport, outcome=accepted|dead-lettered}},
 * {@code veritrace.ingest.events{transport, outcome=stored|duplicate}},
 * {@code veritrace.ingest.dead.letters{transport, reason}} and
 * {@code veritrace.ingest.retries{transport}} (batches retried after a transient
 * failure).
 */
public final class IngestMetrics {

	private final MeterRegistry registry;

	private final String transport;

	private final Counter accepted;

	private final Counter deadLettered;

	private final Counter stored;

	private final Counter duplicates;

	private final Counter retries;

	public IngestMetrics(MeterRegistry registry, String transport) {
		this.registry = registry;
		this.transport = transport;
		this.accepted = records("accepted");
		this.deadLettered = records("dead-lettered");
		this.stored = events("stored");
		this.duplicates = events("duplicate");
		this.retries = Counter.builder("veritrace.ingest.retries")
			.description("Batches retried after a transient failure")
			.tag("transport", transport)
			.register(registry);
	}

	private Counter records(String outcome) {
		return Counter.builder("veritrace.ingest.records")
			.description("Partner records taken in")
			.tags("transport", this.transport, "outcome", outcome)
			.register(this.registry);
	}

	private Counter events(String outcome) {
		return Counter.builder("veritrace.ingest.events")
			.description("Events of accepted records")
			.tags("transport", this.transport, "outcome", outcome)
			.register(this.registry);
	}

	void record(List<IngestPipeline.RecordResult> results) {
		for (IngestPipeline.RecordResult r : results) {
			if (r.deadLetter()) {
				deadLetter(r.reason());
			}
			else {
				this.accepted.increment();
				this.stored.increment(r.stored());
				this.duplicates.increment(r.duplicates());
			}
		}
	}

	void deadLetter(IngestPipeline.Reason reason) {
		this.deadLettered.increment();
		Counter.builder("veritrace.ingest.dead.letters")
			.description("Records sent to a dead-letter topic, by reason")
			.tags("transport", this.transport, "reason", reason.code())
			.register(this.registry)
			.increment();
	}

	void retry() {
		this.retries.increment();
	}

	/** Public access for the in-process transport living in another package. */
	public void recordAll(List<IngestPipeline.RecordResult> results) {
		record(results);
	}

}
