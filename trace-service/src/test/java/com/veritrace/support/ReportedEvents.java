package com.veritrace.support;

import java.util.List;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events as a partner's system reports them, stored at once through the event store's own
 * checks (grants, containers), without the capture job's wait.
 */
public final class ReportedEvents {

	private ReportedEvents() {
	}

	/**
	 * Stores one event (the JSON of the event alone) as reported by {@code reporterId};
	 * asserts it was stored.
	 */
	public static void report(EventRecorder recorder, long reporterId, String event) {
		List<EventSink.HashedEvent> events = new EpcisDocumentParser()
			.parse("{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
					+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-01T00:00:00Z\","
					+ "\"epcisBody\":{\"eventList\":[" + event + "]}}")
			.events()
			.stream()
			.map(e -> new EventSink.HashedEvent(e, new EventHasher().hash(e)))
			.toList();
		assertThat(recorder.record(reporterId, events).get(0).status()).as(event).isEqualTo(EventSink.Status.STORED);
	}

}
