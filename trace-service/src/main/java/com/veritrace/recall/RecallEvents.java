package com.veritrace.recall;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.Gtin;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import org.springframework.stereotype.Component;

/**
 * A recall version as an EPCIS 2.0 ObjectEvent (action OBSERVE, disposition
 * {@code recalled}, persistent disposition set {@code recalled}) on the lots it adds (as
 * quantity list classes) and the items of its serial ranges (as an EPC list), with the
 * recall's identity in a {@code vt:recall} extension; hashed and stored like every event
 * in the recall's transaction, so it is anchored like every event and the order is
 * provable.
 */
@Component
class RecallEvents {

	static final String NAMESPACE = "https://veritrace.dev/ns/recall/";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
		.withZone(ZoneOffset.UTC);

	private final EventRecorder recorder;

	private final JsonMapper json;

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	RecallEvents(EventRecorder recorder, JsonMapper json) {
		this.recorder = recorder;
		this.json = json;
	}

	/**
	 * Stores the version's event as reported by the initiator; answers its 32-byte hash.
	 */
	byte[] record(long initiatorId, String recallId, int version, Instant at, String gtin, List<String> lots,
			List<String> serials, RecallClass recallClass, RecallReason reason) {
		String text = json(recallId, version, at, gtin, lots, serials, recallClass, reason);
		EpcisDocument document = this.parser.parse(text);
		List<EventSink.HashedEvent> hashed = document.events()
			.stream()
			.map(e -> new EventSink.HashedEvent(e, this.hasher.hash(e)))
			.toList();
		List<EventSink.Outcome> outcomes = this.recorder.recordOnBehalf(initiatorId, hashed);
		return outcomes.get(0).hash().digest();
	}

	String json(String recallId, int version, Instant at, String gtin, List<String> lots, List<String> serials,
			RecallClass recallClass, RecallReason reason) {
		Gtin product = Gtin.parse(gtin);
		ObjectNode event = this.json.createObjectNode();
		ArrayNode context = event.putArray("@context");
		context.addObject().put("vt", NAMESPACE);
		event.put("type", "ObjectEvent");
		event.put("eventTime", TIME.format(at));
		event.put("eventTimeZoneOffset", "+00:00");
		ArrayNode epcs = event.putArray("epcList");
		for (String serial : serials) {
			epcs.add(DigitalLink.ofItem(null, product, null, serial, null).toUri());
		}
		if (!lots.isEmpty()) {
			ArrayNode quantities = event.putArray("quantityList");
			for (String lot : lots) {
				quantities.addObject().put("epcClass", DigitalLink.ofItem(null, product, lot, null, null).toUri());
			}
		}
		event.put("action", "OBSERVE");
		event.put("disposition", "recalled");
		event.putObject("persistentDisposition").putArray("set").add("recalled");
		ObjectNode recall = event.putObject("vt:recall");
		recall.put("vt:id", recallId);
		recall.put("vt:version", version);
		recall.put("vt:class", recallClass.name());
		recall.put("vt:reasonCode", reason.name());
		return event.toString();
	}

}
