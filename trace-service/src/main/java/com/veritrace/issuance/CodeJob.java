package com.veritrace.issuance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An issuance job as stored. */
public record CodeJob(long id, long brandId, String requestId, long productId, String gtin, long lotId,
		String lotNumber, CodeFormat format, long quantity, long produced, String resolver,
		@Nullable Integer companyPrefixLength, @Nullable Integer filter, @Nullable String drugCode,
		@Nullable Long firstPosition, Status status, @Nullable String failure, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt) {

	/** QUEUED -> RUNNING -> COMPLETED, or FAILED with no code left behind. */
	public enum Status {

		QUEUED, RUNNING, COMPLETED, FAILED

	}

}
