package com.veritrace.ingest;

/** A serialised item: GTIN-14 and serial (percent-escapes decoded). */
public record ItemId(String gtin, String serial) {
}
