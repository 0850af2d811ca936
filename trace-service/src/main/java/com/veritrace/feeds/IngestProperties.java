package com.veritrace.feeds;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Partner event ingestion ({@code veritrace.ingest.*}). The embedded default needs no
 * broker: records posted to {@code POST /api/v1/ingest/{stream}} run through an
 * in-process queue. With {@code transport: kafka}, consumers of group {@code group-id}
 * also read every partner topic {@code <topic-prefix>.<organisationId>.<stream>}.
 */
@Validated
@ConfigurationProperties("veritrace.ingest")
public record IngestProperties(@DefaultValue("embedded") @NotNull Transport transport,
		@DefaultValue("veritrace") @NotBlank String topicPrefix, @DefaultValue Kafka kafka, @DefaultValue Queue queue,
		@DefaultValue("256") @Min(1) int parallelThreshold,
		@DefaultValue("30d") @NotNull java.time.Duration deadLetterRetention) {

	public enum Transport {

		/** In-process queue only (no broker). */
		EMBEDDED,

		/** Kafka consumers, plus the in-process queue behind the REST endpoint. */
		KAFKA

	}

	/**
	 * The Kafka transport. {@code properties} are passed to the consumer, the dead-letter
	 * producer and the admin client (security settings: {@code security.protocol},
	 * {@code sasl.*}, {@code ssl.*}).
	 */
	public record Kafka(@DefaultValue("127.0.0.1:9092") @NotBlank String bootstrapServers,
			@DefaultValue("veritrace-ingest") @NotBlank String groupId,
			@DefaultValue("1") @Min(1) @Max(64) int consumers,
			@DefaultValue("2000") @Min(1) @Max(50000) int maxPollRecords,
			@DefaultValue("500ms") @NotNull Duration pollTimeout,
			@DefaultValue("200ms") @NotNull Duration retryBackoffInitial,
			@DefaultValue("30s") @NotNull Duration retryBackoffMax,
			@DefaultValue("10s") @NotNull Duration deadLetterSendTimeout,
			@DefaultValue Map<String, String> properties) {

		@Override
		public String toString() {
			// client properties by name only: sasl.jaas.config, ssl.*.password and the
			// like hold secrets
			return "Kafka[bootstrapServers=" + this.bootstrapServers + ", groupId=" + this.groupId + ", consumers="
					+ this.consumers + ", maxPollRecords=" + this.maxPollRecords + ", pollTimeout=" + this.pollTimeout
					+ ", retryBackoffInitial=" + this.retryBackoffInitial + ", retryBackoffMax=" + this.retryBackoffMax
					+ ", deadLetterSendTimeout=" + this.deadLetterSendTimeout + ", properties="
					+ new java.util.TreeSet<>(this.properties.keySet()) + "]";
		}

	}

	/** The in-process queue (the embedded default's transport). */
	public record Queue(@DefaultValue("10000") @Min(1) int capacity, @DefaultValue("500") @Min(1) int batchSize) {
	}

}
