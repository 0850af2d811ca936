package com.veritrace.ingest;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Port to the event store. Ingest code (REST capture, Kafka listeners) hands over batches
 * of validated canonical events with their CBV 2.0 hash; trace-service implements it. An
 * event whose hash is already stored is a {@link Status#DUPLICATE} (acknowledged, not an
 * error); one the store refuses (e.g. an unknown organisation, a product of another
 * brand) is {@link Status#REJECTED} with a reason. Implementations must be idempotent on
 * the hash.
 */
public interface EventSink {

	/**
	 * Stores a batch reported by one organisation.
	 * @param organisationId the reporting organisation (tenant)
	 * @param events validated events with their hash, in capture order
	 * @return one outcome per event, in the same order
	 */
	List<Outcome> accept(String organisationId, List<HashedEvent> events);

	/** An event and its hash ID. */
	record HashedEvent(EpcisEvent event, EventHash hash) {

		public HashedEvent {
			Objects.requireNonNull(event, "event");
			Objects.requireNonNull(hash, "hash");
		}

	}

	/**
	 * What happened to one event; {@code reason} is set exactly when the status is
	 * {@link Status#REJECTED}.
	 */
	record Outcome(EventHash hash, Status status, @Nullable String reason) {

		public Outcome {
			if ((status == Status.REJECTED) != (reason != null)) {
				throw new IllegalArgumentException("a reason is required for, and only for, REJECTED");
			}
		}

		public static Outcome stored(EventHash hash) {
			return new Outcome(hash, Status.STORED, null);
		}

		public static Outcome duplicate(EventHash hash) {
			return new Outcome(hash, Status.DUPLICATE, null);
		}

		public static Outcome rejected(EventHash hash, String reason) {
			return new Outcome(hash, Status.REJECTED, reason);
		}

	}

	enum Status {

		STORED, DUPLICATE, REJECTED

	}

}
