package com.veritrace.events;

import java.time.Instant;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/** An event as stored, with its hash ID and the whole original event JSON. */
public record StoredEvent(@JsonIgnore long rowId, String eventHash, @Nullable String eventId, String eventType,
		Instant eventTime, String eventTimeZoneOffset, Instant recordTime, @Nullable String action,
		@Nullable String bizStep, @Nullable String disposition, @Nullable String readPoint,
		@Nullable String bizLocation, long reporterOrganisationId, @JsonRawValue String event) {

	/** The CBV 2.0 event hash ID for a digest: {@code ni:///sha-256;<hex>?ver=CBV2.0}. */
	public static String hashId(String algorithm, byte[] digest) {
		return "ni:///" + algorithm + ";" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
	}

}
