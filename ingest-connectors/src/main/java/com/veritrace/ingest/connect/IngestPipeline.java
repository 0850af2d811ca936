package com.veritrace.ingest.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.ingest.InvalidEventException;

/**
 * The batch path every transport runs (Kafka, the in-process queue): read each record of
 * one reporting organisation (parse, map, validate; in parallel for large batches), hash
 * its events, hand all valid events to the {@link EventSink} in one call (one store
 * transaction), and say per record whether it is done or a dead letter, and why. Bad data
 * is never retried: a record that cannot be read, fails validation, or holds an event the
 * store refuses (not granted) is a dead letter. A sink failure the
 * {@code transientFailure} predicate recognises (the database is down) propagates, so the
 * caller retries the batch and commits nothing; any other sink failure is narrowed down
 * to the records causing it, which become dead letters ({@link Reason#STORE_REFUSED}).
 * Storing is idempotent on the event hash, so re-running a batch never stores twice.
 * Plain Java; thread-safe.
 */
public final class IngestPipeline {

	private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

	/**
	 * Why a record is a dead letter; {@link #code()} is the header and metric tag value.
	 */
	public enum Reason {

		/**
		 * Not JSON, or not the shape of its stream's format (the violations say where).
		 */
		INVALID("invalid"),

		/**
		 * Valid, but the reporter may not report (some of) its events: not the brand, no
		 * grant.
		 */
		NOT_GRANTED("not-granted"),

		/**
		 * The store refused the record for a reason that is not transient (e.g. a value
		 * too long for a column).
		 */
		STORE_REFUSED("store-refused"),

		/** The topic matches no partner topic layout (cannot tell who reports). */
		UNKNOWN_TOPIC("unknown-topic");

		private final String code;

		Reason(String code) {
			this.code = code;
		}

		public String code() {
			return this.code;
		}

	}

	/**
	 * What became of one record: {@code reason} is null when it was stored (or was a
	 * duplicate).
	 */
	public record RecordResult(int stored, int duplicates, @Nullable Reason reason, @Nullable String detail,
			@Nullable String exceptionClass) {

		public boolean deadLetter() {
			return this.reason != null;
		}

		static RecordResult dead(Reason reason, String detail, @Nullable Throwable cause) {
			return new RecordResult(0, 0, reason, detail.length() > 2000 ? detail.substring(0, 2000) + "…" : detail,
					cause == null ? null : cause.getClass().getName());
		}

	}

	private final PartnerFormats formats;

	private final EventHasher hasher;

	private final EventSink sink;

	private final Predicate<Throwable> transientFailure;

	private final int parallelThreshold;

	/**
	 * @param transientFailure recognises sink failures worth retrying (connection lost,
	 * lock timeout)
	 * @param parallelThreshold batches at least this large are read and hashed on the
	 * common fork-join pool
	 */
	public IngestPipeline(PartnerFormats formats, EventHasher hasher, EventSink sink,
			Predicate<Throwable> transientFailure, int parallelThreshold) {
		this.formats = Objects.requireNonNull(formats, "formats");
		this.hasher = Objects.requireNonNull(hasher, "hasher");
		this.sink = Objects.requireNonNull(sink, "sink");
		this.transientFailure = Objects.requireNonNull(transientFailure, "transientFailure");
		this.parallelThreshold = parallelThreshold;
	}

	/**
	 * Processes records of one organisation and stream; one result per record, in order.
	 * @throws RuntimeException a transient sink failure: nothing may be committed, retry
	 * the batch
	 */
	public List<RecordResult> process(long organisationId, IngestStream stream, List<byte[]> values) {
		List<Read> reads = readAll(stream, values);
		List<EventSink.HashedEvent> events = new ArrayList<>();
		for (Read read : reads) {
			if (read.events != null) {
				events.addAll(read.events);
			}
		}
		List<EventSink.Outcome> outcomes;
		try {
			outcomes = events.isEmpty() ? List.of() : this.sink.accept(Long.toString(organisationId), events);
		}
		catch (RuntimeException ex) {
			if (this.transientFailure.test(ex) || values.size() == 1) {
				if (!this.transientFailure.test(ex)) {
					return List.of(RecordResult.dead(Reason.STORE_REFUSED, String.valueOf(ex.getMessage()), ex));
				}
				throw ex;
			}
			log.warn("Store refused a batch of {} records ({}); storing them one by one to find the cause",
					values.size(), ex.toString());
			List<RecordResult> results = new ArrayList<>(values.size());
			for (byte[] value : values) {
				results.addAll(process(organisationId, stream, List.of(value)));
			}
			return results;
		}
		List<RecordResult> results = new ArrayList<>(values.size());
		int next = 0;
		for (Read read : reads) {
			if (read.events == null) {
				results.add(Objects.requireNonNull(read.failure));
				continue;
			}
			int stored = 0;
			int duplicates = 0;
			List<String> refusals = new ArrayList<>();
			for (int i = 0; i < read.events.size(); i++) {
				EventSink.Outcome outcome = outcomes.get(next++);
				switch (outcome.status()) {
					case STORED -> stored++;
					case DUPLICATE -> duplicates++;
					case REJECTED -> refusals.add("event " + i + " (" + outcome.hash().ni() + "): " + outcome.reason());
				}
			}
			results.add(refusals.isEmpty() ? new RecordResult(stored, duplicates, null, null, null)
					: RecordResult.dead(Reason.NOT_GRANTED, String.join("; ", refusals), null));
		}
		return results;
	}

	private List<Read> readAll(IngestStream stream, List<byte[]> values) {
		if (values.size() < this.parallelThreshold) {
			List<Read> reads = new ArrayList<>(values.size());
			for (byte[] value : values) {
				reads.add(read(stream, value));
			}
			return reads;
		}
		return IntStream.range(0, values.size()).parallel().mapToObj(i -> read(stream, values.get(i))).toList();
	}

	private Read read(IngestStream stream, byte[] value) {
		try {
			List<EpcisEvent> events = this.formats.read(stream, value).events();
			if (events.isEmpty()) {
				return new Read(null, RecordResult.dead(Reason.INVALID, "the record holds no events", null));
			}
			List<EventSink.HashedEvent> hashed = new ArrayList<>(events.size());
			for (EpcisEvent event : events) {
				hashed.add(new EventSink.HashedEvent(event, this.hasher.hash(event)));
			}
			return new Read(hashed, null);
		}
		catch (InvalidEventException ex) {
			return new Read(null, RecordResult.dead(Reason.INVALID, ex.getMessage(), ex));
		}
		catch (RuntimeException ex) {
			// reading is pure computation on the record's bytes: whatever fails here
			// fails again on a retry
			return new Read(null, RecordResult.dead(Reason.INVALID, "unreadable record: " + ex, ex));
		}
	}

	private record Read(@Nullable List<EventSink.HashedEvent> events, @Nullable RecordResult failure) {
	}

}
