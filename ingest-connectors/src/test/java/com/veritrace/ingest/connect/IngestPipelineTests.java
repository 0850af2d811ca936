package com.veritrace.ingest.connect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.ingest.InvalidEventException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch path without a broker or a database: an in-memory sink that dedupes by hash
 * and refuses one GTIN.
 */
class IngestPipelineTests {

	static final String REFUSED_GTIN = "09506000134352";

	/**
	 * Idempotent on the hash; refuses events naming {@link #REFUSED_GTIN}; can fail like
	 * a database.
	 */
	static final class MemorySink implements EventSink {

		final Set<String> stored = new HashSet<>();

		final List<Integer> batchSizes = new ArrayList<>();

		RuntimeException failure;

		String poison;

		@Override
		public List<Outcome> accept(String organisationId, List<HashedEvent> events) {
			if (this.failure != null) {
				throw this.failure;
			}
			if (this.poison != null && events.stream().anyMatch(e -> e.event().jsonText().contains(this.poison))) {
				throw new IllegalArgumentException("Data too long for column 'read_point'");
			}
			this.batchSizes.add(events.size());
			return events.stream().map(e -> {
				if (e.event().identifiers().items().stream().anyMatch(i -> i.gtin().equals(REFUSED_GTIN))) {
					return Outcome.rejected(e.hash(), "GTIN " + REFUSED_GTIN + " was not granted to " + organisationId);
				}
				return this.stored.add(e.hash().ni()) ? Outcome.stored(e.hash()) : Outcome.duplicate(e.hash());
			}).toList();
		}

	}

	static final class Transient extends RuntimeException {

		Transient() {
			super("connection refused");
		}

	}

	private final MemorySink sink = new MemorySink();

	private final IngestPipeline pipeline = new IngestPipeline(new PartnerFormats(new EpcisDocumentParser()),
			new EventHasher(), this.sink, ex -> ex instanceof Transient, 4);

	static byte[] event(String gtin, String serial) {
		return ("""
				{"type": "ObjectEvent", "eventTime": "2026-11-20T08:30:00+08:00", "eventTimeZoneOffset": "+08:00",
				 "epcList": ["https://id.gs1.org/01/%s/21/%s"], "action": "OBSERVE", "bizStep": "receiving"}
				""").formatted(gtin, serial).getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void storesValidRecordsInOneSinkCallAndSortsOutDeadLetters() {
		List<byte[]> records = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			records.add(event("06901234567892", "S" + i));
		}
		records.set(3, "{not json".getBytes(StandardCharsets.UTF_8));
		records.set(5, event(REFUSED_GTIN, "X"));
		records.set(7, event("06901234567892", "S1")); // a duplicate of record 1, in the
														// same batch

		List<IngestPipeline.RecordResult> results = this.pipeline.process(42, IngestStream.EPCIS, records);

		assertThat(this.sink.batchSizes).containsExactly(9);
		assertThat(results).hasSize(10);
		assertThat(results.get(0)).isEqualTo(new IngestPipeline.RecordResult(1, 0, null, null, null));
		assertThat(results.get(3).reason()).isEqualTo(IngestPipeline.Reason.INVALID);
		assertThat(results.get(3).detail()).contains("malformed JSON");
		assertThat(results.get(3).exceptionClass()).isEqualTo(InvalidEventException.class.getName());
		assertThat(results.get(5).reason()).isEqualTo(IngestPipeline.Reason.NOT_GRANTED);
		assertThat(results.get(5).detail()).contains("was not granted to 42");
		assertThat(results.get(7)).isEqualTo(new IngestPipeline.RecordResult(0, 1, null, null, null));
		assertThat(this.sink.stored).hasSize(7);

		// the whole batch again: all duplicates, the bad ones dead again, nothing new
		// stored
		List<IngestPipeline.RecordResult> again = this.pipeline.process(42, IngestStream.EPCIS, records);
		assertThat(again.stream().filter(r -> !r.deadLetter()).mapToInt(IngestPipeline.RecordResult::duplicates).sum())
			.isEqualTo(8);
		assertThat(this.sink.stored).hasSize(7);
	}

	@Test
	void xmlRecordsOnTheEpcisStreamAreReadByContentAndHostileOnesAreDeadLetters() {
		byte[] xml = ("""

				<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0"
				    creationDate="2026-11-20T08:30:00+08:00"><EPCISBody><EventList><ObjectEvent>
				  <eventTime>2026-11-20T08:30:00+08:00</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset>
				  <epcList><epc>https://id.gs1.org/01/06901234567892/21/S1</epc></epcList>
				  <action>OBSERVE</action><bizStep>receiving</bizStep>
				</ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>""").getBytes(StandardCharsets.UTF_8);
		byte[] laughs = """
				<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
				<lolz>&lol2;</lolz>""".getBytes(StandardCharsets.UTF_8);

		List<IngestPipeline.RecordResult> results = this.pipeline.process(42, IngestStream.EPCIS,
				List.of(xml, laughs, event("06901234567892", "S1")));

		assertThat(results.get(0)).isEqualTo(new IngestPipeline.RecordResult(1, 0, null, null, null));
		assertThat(results.get(1).reason()).isEqualTo(IngestPipeline.Reason.INVALID);
		assertThat(results.get(1).detail()).contains("XML DOCTYPE declarations are refused");
		// the JSON-LD twin of the XML record is the same event: same hash, a duplicate
		assertThat(results.get(2)).isEqualTo(new IngestPipeline.RecordResult(0, 1, null, null, null));
	}

	@Test
	void aTransientFailurePropagatesSoTheBatchIsRetriedAndNothingCommitted() {
		this.sink.failure = new Transient();
		assertThatThrownBy(() -> this.pipeline.process(1, IngestStream.EPCIS, List.of(event("06901234567892", "A"))))
			.isInstanceOf(Transient.class);
		assertThat(this.sink.stored).isEmpty();
	}

	@Test
	void aNonTransientStoreFailureIsNarrowedToTheRecordCausingIt() {
		this.sink.poison = "POISON";
		List<byte[]> records = List.of(event("06901234567892", "A"), event("06901234567892", "POISON"),
				event("06901234567892", "B"));
		List<IngestPipeline.RecordResult> results = this.pipeline.process(1, IngestStream.EPCIS, records);
		assertThat(results).extracting(IngestPipeline.RecordResult::reason)
			.containsExactly(null, IngestPipeline.Reason.STORE_REFUSED, null);
		assertThat(results.get(1).exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(this.sink.stored).hasSize(2);
	}

	@Test
	void partnerFormatsRunTheSamePath() {
		List<IngestPipeline.RecordResult> results = this.pipeline.process(1, IngestStream.WMS_OUTBOUND,
				List.of(PartnerFormatsTests.WMS.getBytes(StandardCharsets.UTF_8),
						"{\"shippedAt\": \"2026-11-20T08:30:00Z\"}".getBytes(StandardCharsets.UTF_8)));
		assertThat(results.get(0).stored()).isEqualTo(1);
		assertThat(results.get(1).reason()).isEqualTo(IngestPipeline.Reason.INVALID);
		assertThat(results.get(1).detail()).contains("/warehouseGln: required warehouseGln is missing");
	}

}
