package com.veritrace.scan;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.veritrace.issuance.CodeStatus;

/**
 * What one code's page shows apart from the verdict, as of when it was loaded: the
 * product's brand and category (for thresholds), the code's registry status and issued
 * lot, and the journey; or why the code is unknown. Cached for
 * {@code veritrace.scan.page-cache-ttl} per code and language; {@code recallPrint} is the
 * fingerprint of the GTIN's recalls and cold-chain excursions it was built under (another
 * one: stale).
 */
record CodePage(String id, @Nullable String unknownReason, long brandId, @Nullable String category, CodeStatus status,
		@Nullable String issuedLot, @Nullable String lotNumber, @Nullable Journey journey, long loadedMs,
		long recallPrint) {

	static CodePage unknown(String reasonKey, long loadedMs) {
		return new CodePage(UUID.randomUUID().toString(), reasonKey, 0, null, CodeStatus.UNKNOWN_CODE, null, null, null,
				loadedMs, 0);
	}

}
