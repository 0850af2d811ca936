package com.veritrace.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An event ready to store: validated, hashed, with the item and lot keys it touches
 * already extracted. {@code json} is the whole event as received (user extensions
 * intact).
 */
public record NewEvent(byte[] hash, String hashAlgorithm, @Nullable String eventId, String eventType, Instant eventTime,
		String eventTimeZoneOffset, @Nullable String action, @Nullable String bizStep, @Nullable String disposition,
		@Nullable String readPoint, @Nullable String bizLocation, long reporterId, String json, List<ItemKey> items,
		List<LotKey> lots) {

	public NewEvent {
		if (hash.length != 32) {
			throw new IllegalArgumentException("An event hash has 32 bytes, got " + hash.length);
		}
		hash = hash.clone();
		items = List.copyOf(items);
		lots = List.copyOf(lots);
	}

	/** One serialised item: GTIN-14 and serial (GS1 AI 21). */
	public record ItemKey(String gtin, String serial) {
	}

	/** One lot: GTIN-14 and lot number (GS1 AI 10). */
	public record LotKey(String gtin, String lotNumber) {
	}

}
