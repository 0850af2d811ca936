package com.veritrace.ingest;

/** A lot / batch: GTIN-14 and lot number (percent-escapes decoded). */
public record LotId(String gtin, String lot) {
}
