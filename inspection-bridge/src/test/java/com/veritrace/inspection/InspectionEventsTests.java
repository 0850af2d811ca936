package com.veritrace.inspection;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.veritrace.ingest.EventSink.HashedEvent;
import com.veritrace.ingest.ItemId;
import com.veritrace.ingest.LotId;

import static org.assertj.core.api.Assertions.assertThat;

class InspectionEventsTests {

	final InspectionEvents events = new InspectionEvents();

	final DocumentDigest digest = new DocumentDigest(DocumentHashAlgorithm.SHA_256, "ab".repeat(32));

	InspectionEvents.ReportFacts facts(Verdict verdict, String lot) {
		return new InspectionEvents.ReportFacts("3f2b8c1e-0000-4000-8000-000000000001", "R-1", 42, "06901234567892",
				lot, List.of("K7M3QX9TWD2P"), verdict, "2026-11-20", this.digest, null,
				Instant.parse("2026-11-24T04:00:00.123456Z"));
	}

	@Test
	void aReportBecomesAnInspectingObjectEventOnItsLotAndSampledItems() {
		HashedEvent hashed = this.events.event(facts(Verdict.FAIL, "LJ/2026 A"));
		assertThat(hashed.event().bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-inspecting");
		assertThat(hashed.event().disposition()).isEqualTo("https://ref.gs1.org/cbv/Disp-non_conformant");
		assertThat(hashed.event().eventTime()).isEqualTo(Instant.parse("2026-11-24T04:00:00.123Z"));
		assertThat(hashed.event().identifiers().lots()).containsExactly(new LotId("06901234567892", "LJ/2026 A"));
		assertThat(hashed.event().identifiers().items()).containsExactly(new ItemId("06901234567892", "K7M3QX9TWD2P"));
		assertThat(hashed.hash().ni()).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2.0");
		String json = hashed.event().jsonText();
		assertThat(InspectionEvents.extension(json, "documentHash")).isEqualTo(this.digest.ni());
		assertThat(InspectionEvents.extension(json, "verdict")).isEqualTo("FAIL");
		assertThat(InspectionEvents.extension(json, "supersedes")).isNull();
	}

	@Test
	void theVerdictAndTheDocumentDigestAreInsideTheEventHash() {
		HashedEvent pass = this.events.event(facts(Verdict.PASS, "L1"));
		HashedEvent conditional = this.events.event(facts(Verdict.CONDITIONAL, "L1"));
		assertThat(pass.event().disposition()).isEqualTo(conditional.event().disposition());
		assertThat(pass.hash()).isNotEqualTo(conditional.hash());
		InspectionEvents.ReportFacts f = facts(Verdict.PASS, "L1");
		InspectionEvents.ReportFacts otherDocument = new InspectionEvents.ReportFacts(f.reportId(), f.reportNumber(),
				f.labId(), f.gtin(), f.lotNumber(), f.serials(), f.verdict(), f.issuedOn(),
				new DocumentDigest(DocumentHashAlgorithm.SHA_256, "cd".repeat(32)), null, f.acceptedAt());
		assertThat(this.events.event(otherDocument).hash()).isNotEqualTo(pass.hash());
		assertThat(this.events.event(facts(Verdict.PASS, "L1")).hash()).isEqualTo(pass.hash());
	}

	@Test
	void theStoredEventJsonAloneReproducesTheHash() {
		// the event store keeps jsonText(); an auditor re-hashing it needs the extension
		// namespace in it
		HashedEvent hashed = this.events.event(facts(Verdict.PASS, "L1"));
		var reparsed = new com.veritrace.ingest.EpcisDocumentParser().parse(hashed.event().jsonText()).events().get(0);
		assertThat(new com.veritrace.ingest.EventHasher().hash(reparsed)).isEqualTo(hashed.hash());
		assertThat(new com.veritrace.ingest.EventHasher().preHash(reparsed))
			.contains("{" + InspectionEvents.NAMESPACE + "}documentHash=" + this.digest.ni());
	}

}
