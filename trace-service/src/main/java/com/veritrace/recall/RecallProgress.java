package com.veritrace.recall;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A recall's progress, as those who run it see it: how many affected items and cases
 * there are, where they were last seen (by partner and location), how many are confirmed
 * removed and how many are still in circulation, consumer scans of recalled items since
 * the recall, alerts, and each partner's acknowledgement and confirmations. Read from
 * rows kept up to date as events and responses arrive (seconds behind at most;
 * {@code pendingUpdates} says how many are still to be applied).
 *
 * @param itemCount the items the recall counted when issued (and amended)
 * @param build BUILDING while the item rows are being made after the recall or an
 * amendment (the counts grow meanwhile), READY after
 * @param items affected items with a progress row
 * @param itemsRemoved of which confirmed removed: by a removal event (holding,
 * destroying, decommissioning; disposition returned, destroyed, disposed, recalled) or a
 * partner's confirmation, and not put back into circulation by a later event
 * @param itemsInCirculation the others
 * @param itemsNotSeen of the items, those that no event has named yet (at the brand, or
 * reported only by lot)
 * @param cases SSCCs that directly held affected items
 * @param removalEvents events counted as removal confirmations
 * @param alerts events on affected items after the recall
 * @param holders where items and cases were last seen, most still in circulation first
 * (at most 500; {@code holdersTotal} says how many there are)
 * @param scans consumer scans of recalled items since the recall
 * @param recipients the partners told of the recall, their acknowledgement and removal
 * confirmations
 */
public record RecallProgress(String recallId, String gtin, RecallStatus status, Instant issuedAt, long itemCount,
		Build build, long items, long itemsRemoved, long itemsInCirculation, long itemsNotSeen, long cases,
		long casesRemoved, long removalEvents, long alerts, List<Holder> holders, long holdersTotal, Scans scans,
		List<Recipient> recipients, long pendingUpdates, Instant asOf) {

	/** The item rows' build. */
	public record Build(String state, long itemsBuilt, Instant startedAt, @Nullable Instant finishedAt) {
	}

	/**
	 * A partner (or nobody yet: {@code organisationId} null) and location where items and
	 * cases were last seen.
	 *
	 * @param location bizLocation, else readPoint, of the last event; null when none
	 */
	public record Holder(@Nullable Long organisationId, @Nullable String organisationName, @Nullable String location,
			long items, long itemsRemoved, long itemsInCirculation, long cases, long casesRemoved,
			@Nullable Instant lastSeenAt) {
	}

	/** Consumer scans with verdict RECALLED since the recall, of how many items. */
	public record Scans(long scans, long items, @Nullable Instant lastAt) {
	}

	/**
	 * A partner told of the recall.
	 *
	 * @param confirmations its removal confirmations (repeated ones count as one partner
	 * confirming)
	 * @param itemsConfirmedRemoved items its confirmations removed
	 * @param reportedQuantity the quantity it last said it removed (stock it holds by
	 * lot), if it gave one
	 */
	public record Recipient(long organisationId, String organisationName, Instant notifiedAt,
			@Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy, int confirmations,
			@Nullable Instant lastConfirmedAt, long itemsConfirmedRemoved, @Nullable Long reportedQuantity) {
	}

	/** One affected item's state. */
	public record Item(String serial, @Nullable String lotNumber, @Nullable Long holderOrganisationId,
			@Nullable String holderName, @Nullable String location, @Nullable Instant lastSeenAt,
			@Nullable String caseSscc, boolean removed, @Nullable String removedHow,
			@Nullable Long removedByOrganisationId) {
	}

	/** A page of items in serial order; {@code next} is the cursor of the next page. */
	public record ItemPage(List<Item> items, @Nullable String next) {
	}

}
