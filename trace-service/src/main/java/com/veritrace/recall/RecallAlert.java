package com.veritrace.recall;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A recall alert: an event reported on an affected item after its recall.
 *
 * @param eventHash the event's hash ID ({@code ni:///sha-256;…?ver=CBV2.0})
 * @param what what the event touched of the recall: items, lots, cases (and how many
 * affected items they hold)
 * @param itemCount how many affected items the event named, directly or in its cases (a
 * lot named by quantity, with no serials, adds none)
 * @param location the event's bizLocation, else its readPoint, else null
 */
public record RecallAlert(long id, String recallId, String eventHash, long reporterOrganisationId, String reporterName,
		String eventType, @Nullable String action, @Nullable String bizStep, @Nullable String disposition,
		@Nullable String readPoint, @Nullable String bizLocation, @Nullable String location, String what,
		long itemCount, Instant eventTime, Instant raisedAt) {
}
