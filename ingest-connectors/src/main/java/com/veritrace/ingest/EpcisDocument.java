package com.veritrace.ingest;

import java.util.List;

/**
 * The result of parsing: what kind of document it was and its events in document order.
 */
public record EpcisDocument(Kind kind, List<EpcisEvent> events) {

	public EpcisDocument {
		events = List.copyOf(events);
	}

	public enum Kind {

		/** {@code "type": "EPCISDocument"} (capture). */
		EPCIS_DOCUMENT,

		/** {@code "type": "EPCISQueryDocument"} (a query result). */
		EPCIS_QUERY_DOCUMENT,

		/** A bare event object. */
		SINGLE_EVENT

	}

}
