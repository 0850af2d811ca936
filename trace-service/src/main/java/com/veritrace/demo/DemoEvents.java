package com.veritrace.demo;

import java.util.List;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import org.springframework.stereotype.Component;

/**
 * The demo journey of three tins of tea, as EPCIS 2.0 events reported by the brand, its
 * warehouse and its carrier: commissioned, QA-released (lot level), packed into a case,
 * shipped in a refrigerated truck (its logger's temperature readings within the tea's 0–5
 * °C), received, and delivered to a shop. The second lot's pallet, shipped by the
 * carrier, was logged at 14.2 °C for a while: a cold-chain excursion its lot page shows.
 * They go through the same parser, hash and event store as captured events.
 */
@Component
class DemoEvents {

	static final String TEA_LOT = DemoSeeder.TEA_LOT;

	private static final String DL = "https://id.gs1.org/01/" + DemoSeeder.TEA_GTIN + "/21/";

	private static final String FACTORY = "https://id.gs1.org/414/6901234000016";

	private static final String BRAND_DC = "https://id.gs1.org/414/6901234000023";

	private static final String WAREHOUSE = "https://id.gs1.org/414/6901234000030";

	private static final String SHOP = "https://id.gs1.org/414/6901234000047";

	/** The refrigerated truck's temperature logger (a GIAI). */
	private static final String LOGGER = "https://id.gs1.org/8004/6901234000LOGGER1";

	private static final String CASE_SSCC = "https://id.gs1.org/00/069012340000000016";

	private final EventRecorder recorder;

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	DemoEvents(EventRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * The journey of the tins with these (issued) serials; shipping and receiving are
	 * reported on their case.
	 */
	void seed(long brandId, long warehouseId, long carrierId, List<String> serials) {
		String items = items(serials);
		String theCase = "\"" + CASE_SSCC + "\"";
		record(brandId, """
				{"type":"ObjectEvent","eventTime":"2026-04-02T08:15:00.123+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[%s],"action":"ADD","bizStep":"commissioning","disposition":"active",
				 "readPoint":{"id":"%s"},"bizLocation":{"id":"%s"},"ilmd":{"cbvmda:lotNumber":"%s"}}
				""".formatted(items, FACTORY, FACTORY, TEA_LOT));
		record(brandId, """
				{"type":"ObjectEvent","eventTime":"2026-04-02T16:40:00.000+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[],"quantityList":[{"epcClass":"https://id.gs1.org/01/%s/10/%s","quantity":1200}],
				 "action":"OBSERVE","bizStep":"inspecting","disposition":"conformant",
				 "readPoint":{"id":"%s"}}
				""".formatted(DemoSeeder.TEA_GTIN, TEA_LOT, FACTORY));
		record(brandId, """
				{"type":"AggregationEvent","eventTime":"2026-04-03T09:05:30.250+08:00","eventTimeZoneOffset":"+08:00",
				 "parentID":"%s","childEPCs":[%s],"action":"ADD","bizStep":"packing","disposition":"in_progress",
				 "readPoint":{"id":"%s"}}
				""".formatted(CASE_SSCC, items, FACTORY));
		record(brandId, """
				{"type":"ObjectEvent","eventTime":"2026-04-05T14:00:00.000+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[%s],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
				 "readPoint":{"id":"%s"},
				 "sourceList":[{"type":"owning_party","source":"%s"}],
				 "destinationList":[{"type":"owning_party","destination":"%s"}],
				 "sensorElementList":[{"sensorMetadata":{"startTime":"2026-04-05T14:00:00.000+08:00",
				   "endTime":"2026-04-07T10:00:00.000+08:00","deviceID":"%s"},
				   "sensorReport":[{"type":"gs1:Temperature","minValue":2.8,"maxValue":4.6,"meanValue":3.7,
				   "uom":"CEL"}]}]}
				""".formatted(theCase, BRAND_DC, BRAND_DC, WAREHOUSE, LOGGER));
		record(carrierId, """
				{"type":"ObjectEvent","eventTime":"2026-04-22T18:30:00.000+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[],"quantityList":[{"epcClass":"https://id.gs1.org/01/%s/10/%s","quantity":600}],
				 "action":"OBSERVE","bizStep":"shipping","disposition":"in_transit",
				 "readPoint":{"id":"%s"},
				 "sensorElementList":[{"sensorMetadata":{"deviceID":"%s"},
				   "sensorReport":[
				     {"type":"gs1:Temperature","time":"2026-04-22T12:00:00.000+08:00","value":4.1,"uom":"CEL"},
				     {"type":"gs1:Temperature","time":"2026-04-22T15:00:00.000+08:00","value":14.2,"uom":"CEL"},
				     {"type":"gs1:Temperature","time":"2026-04-22T18:00:00.000+08:00","value":9.6,"uom":"CEL"}]}]}
				""".formatted(DemoSeeder.TEA_GTIN, DemoSeeder.TEA_LOT_WARM, WAREHOUSE, LOGGER));
		record(warehouseId, """
				{"type":"ObjectEvent","eventTime":"2026-04-07T10:20:00.500+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[%s],"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress",
				 "readPoint":{"id":"%s"},"bizLocation":{"id":"%s"}}
				""".formatted(theCase, WAREHOUSE, WAREHOUSE));
		record(carrierId, """
				{"type":"ObjectEvent","eventTime":"2026-04-12T17:45:10.000+08:00","eventTimeZoneOffset":"+08:00",
				 "epcList":[%s],"action":"OBSERVE","bizStep":"arriving","disposition":"in_progress",
				 "readPoint":{"id":"%s"},"bizLocation":{"id":"%s"}}
				""".formatted(items, SHOP, SHOP));
	}

	private void record(long reporterId, String eventJson) {
		EpcisDocument document = this.parser.parse(eventJson);
		List<EventSink.HashedEvent> hashed = document.events()
			.stream()
			.map((EpcisEvent e) -> new EventSink.HashedEvent(e, this.hasher.hash(e)))
			.toList();
		List<EventSink.Outcome> outcomes = this.recorder.record(reporterId, hashed);
		for (EventSink.Outcome outcome : outcomes) {
			if (outcome.status() == EventSink.Status.REJECTED) {
				throw new IllegalStateException("Demo event refused: " + outcome.reason());
			}
		}
	}

	private static String items(List<String> serials) {
		StringBuilder json = new StringBuilder();
		for (String serial : serials) {
			json.append(json.isEmpty() ? "" : ",").append('"').append(DL).append(serial).append('"');
		}
		return json.toString();
	}

}
