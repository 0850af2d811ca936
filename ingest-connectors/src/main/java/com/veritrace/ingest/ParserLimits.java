package com.veritrace.ingest;

/**
 * Size limits the parser enforces before and while reading, so absurd input is refused
 * cheaply.
 *
 * @param maxDocumentBytes largest accepted document (bytes)
 * @param maxDepth deepest JSON nesting
 * @param maxEvents most events in one document
 * @param maxStringLength longest JSON string value
 * @param maxViolations violations collected before the parser stops looking for more
 */
public record ParserLimits(long maxDocumentBytes, int maxDepth, int maxEvents, int maxStringLength, int maxViolations) {

	public ParserLimits {
		if (maxDocumentBytes < 1 || maxDepth < 4 || maxEvents < 1 || maxStringLength < 64 || maxViolations < 1) {
			throw new IllegalArgumentException("parser limits too small: " + maxDocumentBytes + "/" + maxDepth + "/"
					+ maxEvents + "/" + maxStringLength + "/" + maxViolations);
		}
	}

	/** 16 MiB, depth 32, 10,000 events, 64 KiB strings, 1,000 violations. */
	public static ParserLimits defaults() {
		return new ParserLimits(16L * 1024 * 1024, 32, 10_000, 64 * 1024, 1_000);
	}

}
