package com.veritrace.ingest.connect;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.InvalidEventException;
import com.veritrace.ingest.ItemId;
import com.veritrace.ingest.LotId;
import com.veritrace.ingest.SourceDestination;
import com.veritrace.ingest.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerFormatsTests {

	/** The examples of docs/INGEST.md. */
	static final String WMS = """
			{"recordId": "WMS-2026-000123", "shippedAt": "2026-11-20T08:30:00.250+08:00",
			 "warehouseGln": "6901234000016", "dock": "D3", "orderNumber": "SO-88231", "shipTo": "6901234000023",
			 "items": [{"gtin": "06901234567892", "serial": "K7M3QX9TWD2P"}],
			 "lots": [{"gtin": "06901234567892", "lot": "LJ2026A", "quantity": 120}]}
			""";

	static final String CARRIER = """
			{"recordId": "POD-55120", "waybill": "SF1402938475", "carrierGln": "6901234000030",
			 "deliveredAt": "2026-11-21T15:02:11+08:00", "consigneeGln": "6901234000023", "status": "DELIVERED",
			 "sscc": "069012340000000016", "items": [{"gtin": "06901234567892", "serial": "K7M3QX9TWD2P"}]}
			""";

	private final PartnerFormats formats = new PartnerFormats(new EpcisDocumentParser());

	private EpcisEvent read(IngestStream stream, String record) {
		return this.formats.read(stream, record.getBytes(StandardCharsets.UTF_8)).events().get(0);
	}

	@Test
	void aWmsOutboundRecordIsAShippingObjectEvent() {
		EpcisEvent e = read(IngestStream.WMS_OUTBOUND, WMS);
		assertThat(e.type().name()).isEqualTo("ObjectEvent");
		assertThat(e.action().name()).isEqualTo("OBSERVE");
		assertThat(e.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		assertThat(e.disposition()).isEqualTo("https://ref.gs1.org/cbv/Disp-in_transit");
		assertThat(e.readPointId()).isEqualTo("https://id.gs1.org/414/6901234000016/254/D3");
		assertThat(e.bizLocationId()).isEqualTo("https://id.gs1.org/414/6901234000016");
		assertThat(e.sources()).containsExactly(
				new SourceDestination("https://ref.gs1.org/cbv/SDT-location", "https://id.gs1.org/414/6901234000016"));
		assertThat(e.destinations()).containsExactly(
				new SourceDestination("https://ref.gs1.org/cbv/SDT-location", "https://id.gs1.org/414/6901234000023"));
		assertThat(e.bizTransactions()).hasSize(1);
		assertThat(e.bizTransactions().get(0).type()).isEqualTo("https://ref.gs1.org/cbv/BTT-po");
		assertThat(e.eventTime()).hasToString("2026-11-20T00:30:00.250Z");
		assertThat(e.eventTimeZoneOffset()).isEqualTo("+08:00");
		assertThat(e.identifiers().items()).containsExactly(new ItemId("06901234567892", "K7M3QX9TWD2P"));
		assertThat(e.identifiers().lots()).containsExactly(new LotId("06901234567892", "LJ2026A"));
		assertThat(e.json().get("vt:sourceRecord").stringValue()).isEqualTo("wms-outbound/WMS-2026-000123");
	}

	@Test
	void aCarrierDeliveryRecordIsAnArrivingObjectEvent() {
		EpcisEvent e = read(IngestStream.CARRIER_DELIVERY, CARRIER);
		assertThat(e.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-arriving");
		assertThat(e.disposition()).isEqualTo("https://ref.gs1.org/cbv/Disp-in_progress");
		assertThat(e.readPointId()).isEqualTo("https://id.gs1.org/414/6901234000023");
		assertThat(e.sources()).containsExactly(new SourceDestination("https://ref.gs1.org/cbv/SDT-possessing_party",
				"https://id.gs1.org/417/6901234000030"));
		assertThat(e.destinations()).containsExactly(
				new SourceDestination("https://ref.gs1.org/cbv/SDT-location", "https://id.gs1.org/414/6901234000023"));
		assertThat(e.bizTransactions().get(0).type()).isEqualTo("https://ref.gs1.org/cbv/BTT-bol");
		assertThat(e.identifiers().ssccs()).containsExactly("069012340000000016");
		assertThat(e.identifiers().items()).containsExactly(new ItemId("06901234567892", "K7M3QX9TWD2P"));
		EpcisEvent refused = read(IngestStream.CARRIER_DELIVERY, CARRIER.replace("DELIVERED", "REFUSED"));
		assertThat(refused.disposition()).isEqualTo("https://ref.gs1.org/cbv/Disp-returned");
		assertThat(new EventHasher().hash(refused)).isNotEqualTo(new EventHasher().hash(e));
	}

	@Test
	void theSameRecordAlwaysHashesTheSameSoAResendIsADuplicate() {
		EventHasher hasher = new EventHasher();
		assertThat(hasher.hash(read(IngestStream.WMS_OUTBOUND, WMS)))
			.isEqualTo(hasher.hash(read(IngestStream.WMS_OUTBOUND, WMS.replace("\n", " "))));
	}

	@Test
	void everyProblemOfAPartnerRecordIsReportedWithItsPointer() {
		String bad = """
				{"shippedAt": "yesterday", "warehouseGln": "6901234000018", "shipTo": 12,
				 "items": [{"gtin": "06901234567891", "serial": "A"}, {"gtin": "06901234567892"}]}
				""";
		assertThatThrownBy(() -> read(IngestStream.WMS_OUTBOUND, bad)).isInstanceOfSatisfying(
				InvalidEventException.class, ex -> assertThat(ex.violations()).extracting(Violation::pointer)
					.containsExactly("/shippedAt", "/warehouseGln", "/shipTo", "/items/0/gtin", "/items/1/serial"));
		assertThatThrownBy(() -> read(IngestStream.CARRIER_DELIVERY, "{\"waybill\": ")).isInstanceOfSatisfying(
				InvalidEventException.class,
				ex -> assertThat(ex.violations().get(0).reason()).startsWith("malformed JSON"));
		assertThatThrownBy(() -> read(IngestStream.CARRIER_DELIVERY,
				CARRIER.replace("\"items\"", "\"x\"").replace("\"status\": \"DELIVERED\"", "\"status\": \"LOST\"")))
			.isInstanceOfSatisfying(InvalidEventException.class,
					ex -> assertThat(ex.violations()).extracting(Violation::pointer)
						.containsExactly("/status", "/items"));
	}

	@Test
	void epcisRecordsGoThroughTheStandardParser() {
		String event = """
				{"type": "ObjectEvent", "eventTime": "2026-11-20T08:30:00+08:00", "eventTimeZoneOffset": "+08:00",
				 "epcList": ["https://id.gs1.org/01/06901234567892/21/K7M3QX9TWD2P"], "action": "OBSERVE",
				 "bizStep": "receiving"}
				""";
		assertThat(read(IngestStream.EPCIS, event).bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-receiving");
		assertThatThrownBy(() -> read(IngestStream.EPCIS, event.replace("OBSERVE", "LOOK")))
			.isInstanceOf(InvalidEventException.class);
	}

	@Test
	void topicsNameTheOrganisationAndTheStream() {
		PartnerTopics topics = new PartnerTopics("veritrace");
		assertThat(topics.topic(42, IngestStream.WMS_OUTBOUND)).isEqualTo("veritrace.42.wms-outbound");
		assertThat(topics.parse("veritrace.42.carrier-delivery")).contains(
				new PartnerTopics.PartnerTopic("veritrace.42.carrier-delivery", 42, IngestStream.CARRIER_DELIVERY));
		assertThat(topics.parse("veritrace.42.epcis-dlt")).isEmpty();
		assertThat(topics.parse("veritrace.042.epcis")).isEmpty();
		assertThat(topics.parse("veritrace.x.epcis")).isEmpty();
		assertThat(topics.parse("other.42.epcis")).isEmpty();
		assertThat(topics.pattern().matcher("veritrace.7.epcis").matches()).isTrue();
		assertThat(topics.pattern().matcher("veritrace.7.epcis-dlt").matches()).isFalse();
		assertThat(PartnerTopics.deadLetterTopic("veritrace.7.epcis")).isEqualTo("veritrace.7.epcis-dlt");
		assertThatThrownBy(() -> new PartnerTopics("bad prefix")).isInstanceOf(IllegalArgumentException.class);
	}

}
