package com.veritrace.recall;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A recall as its readers see it: the current version's content, every version, the
 * lifecycle so far.
 *
 * @param mandatory issued by a regulator
 * @param eventHash the hash ID of the current version's EPCIS event (anchored)
 */
public record RecallView(String id, String gtin, String productName, long brandId, String brandName, long initiatorId,
		String initiatorName, String initiatorKind, boolean mandatory, RecallStatus status, int version,
		RecallClass recallClass, RecallReason reasonCode, String reason, Map<String, String> consumerInstructions,
		Map<String, String> partnerInstructions, @Nullable LocalDate deadline, List<Scope> scope, long itemCount,
		Instant issuedAt, Instant statusAt, String eventHash, List<Version> versions, List<Transition> history) {

	/** One resolved part of the scope, and the version that added it. */
	public record Scope(int version, @Nullable String lotNumber, @Nullable String serialFrom,
			@Nullable String serialTo) {
	}

	/** A version: what it said, who issued it, its event. */
	public record Version(int version, @Nullable Integer supersedes, RecallClass recallClass, RecallReason reasonCode,
			String reason, Map<String, String> consumerInstructions, Map<String, String> partnerInstructions,
			@Nullable LocalDate deadline, @Nullable String note, long itemCount, Instant createdAt, String createdBy,
			String eventHash) {
	}

	/** A step of the lifecycle. */
	public record Transition(RecallStatus status, Instant at, String by, @Nullable String note) {
	}

	/** A line of a list of recalls. */
	public record Summary(String id, String gtin, String productName, long brandId, String brandName,
			String initiatorKind, boolean mandatory, RecallStatus status, int version, RecallClass recallClass,
			RecallReason reasonCode, long itemCount, Instant issuedAt, Instant statusAt) {
	}

}
