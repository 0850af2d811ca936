package com.veritrace.ingest.connect;

import org.jspecify.annotations.Nullable;

/**
 * Where a transport notes each record it refused for good, beside its own dead-letter
 * channel (a Kafka {@code <topic>-dlt} topic), so that the organisation that sent it can
 * read why. Called before the record's position is committed: a record delivered again is
 * noted again with the same {@link DeadLetter#source()}, which the log keeps once.
 */
@FunctionalInterface
public interface DeadLetterLog {

	/** A log that keeps nothing. */
	DeadLetterLog NONE = letter -> {
	};

	/**
	 * Notes one refused record. Must not throw: the dead-letter channel is the record's
	 * keeper.
	 */
	void refused(DeadLetter letter);

	/**
	 * A refused record.
	 *
	 * @param organisationId the organisation whose feed sent it
	 * @param stream the feed's stream name
	 * @param source where it came from, unique per record (e.g.
	 * {@code kafka:<topic>/<partition>@<offset>})
	 * @param reason {@link IngestPipeline.Reason#code()}
	 * @param detail what was wrong
	 * @param exceptionClass the exception behind a store refusal, if any
	 * @param value the record as sent
	 */
	record DeadLetter(long organisationId, String stream, String source, String reason, String detail,
			@Nullable String exceptionClass, byte[] value) {
	}

}
