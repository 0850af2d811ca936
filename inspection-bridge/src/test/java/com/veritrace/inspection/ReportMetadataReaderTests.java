package com.veritrace.inspection;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReportMetadataReaderTests {

	static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

	static final String VALID = """
			{"reportNumber":"CCIC-2026-0042","gtin":"6901234567892","lotNumber":"LJ2026A","serials":["K7M3QX9TWD2P"],
			 "sample":{"description":"3 tins of 250 g","quantity":"3","sampledOn":"2026-11-01","sampledBy":"lab"},
			 "tests":[{"name":"Lead (Pb)","method":"GB 5009.12-2017","result":"0.21","unit":"mg/kg","limit":"<= 5.0",
			           "outcome":"PASS","key":true},
			          {"name":"Moisture","result":"5.1","unit":"%","limit":"<= 7.0","outcome":"PASS"}],
			 "verdict":"PASS","issuedOn":"2026-11-20","validUntil":"2027-11-19",
			 "signer":{"name":"Dr. Wang Li","title":"Authorised signatory"}}
			""";

	final ReportMetadataReader reader = new ReportMetadataReader();

	@Test
	void readsValidMetadataAndNormalisesTheGtin() {
		ReportMetadata m = this.reader.read(VALID.getBytes(StandardCharsets.UTF_8), TODAY);
		assertThat(m.gtin()).isEqualTo("06901234567892");
		assertThat(m.verdict()).isEqualTo(Verdict.PASS);
		assertThat(m.tests()).extracting(ReportMetadata.TestResult::key).containsExactly(true, false);
		assertThat(m.serials()).containsExactly("K7M3QX9TWD2P");
		assertThat(m.validUntil()).isEqualTo(LocalDate.of(2027, 11, 19));
		assertThat(m.supersedes()).isNull();
	}

	@Test
	void listsEveryProblemWithItsField() {
		String bad = """
				{"reportNumber":"no spaces allowed","gtin":"6901234567893","verdikt":"PASS",
				 "sample":{},"tests":[{"name":"Lead","result":"9","outcome":"MAYBE","key":"yes"}],
				 "verdict":"PASS","issuedOn":"2026-13-01","validUntil":"2020-01-01","signer":"me"}
				""";
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(bad.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems()).extracting(ReportProblem::field)
				.containsExactlyInAnyOrder("metadata.verdikt", "metadata.reportNumber", "metadata.gtin",
						"metadata.lotNumber", "metadata.sample.description", "metadata.tests[0].outcome",
						"metadata.tests[0].key", "metadata.issuedOn", "metadata.signer"))
			.satisfies(ex -> assertThat(ex.problems()).filteredOn(p -> p.field().equals("metadata.gtin"))
				.extracting(ReportProblem::reason)
				.singleElement()
				.asString()
				.contains("check digit"));
	}

	@Test
	void passContradictingAFailedTestAndConditionalWithoutConditionsAreRefused() {
		String pass = VALID.replace("\"outcome\":\"PASS\"}", "\"outcome\":\"FAIL\"}");
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(pass.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems()).singleElement()
				.satisfies(p -> assertThat(p.field()).isEqualTo("metadata.verdict"))
				.satisfies(p -> assertThat(p.reason()).contains("Moisture")));
		String conditional = VALID.replace("\"verdict\":\"PASS\"", "\"verdict\":\"CONDITIONAL\"");
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(conditional.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems()).extracting(ReportProblem::field)
				.containsExactly("metadata.conditions"));
	}

	@Test
	void futureIssueDateMissingTestsDuplicateMembersAndNonJsonAreRefused() {
		String future = VALID.replace("2026-11-20", "2026-11-26").replace("\"validUntil\":\"2027-11-19\",", "");
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(future.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems()).extracting(ReportProblem::field)
				.containsExactly("metadata.issuedOn"));
		String noTests = VALID.replaceAll("\"tests\":\\[.*?\\]\\],|\"tests\":\\[(?s).*?\\}\\],", "");
		assertThat(noTests).doesNotContain("\"tests\"");
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(noTests.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(
					ex -> assertThat(ex.problems()).extracting(ReportProblem::field).containsExactly("metadata.tests"));
		String duplicate = VALID.replace("\"verdict\":\"PASS\"", "\"verdict\":\"PASS\",\"verdict\":\"FAIL\"");
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read(duplicate.getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems().get(0).reason()).contains("not valid JSON").contains("verdict"));
		assertThatExceptionOfType(InvalidReportException.class)
			.isThrownBy(() -> this.reader.read("[1]".getBytes(StandardCharsets.UTF_8), TODAY))
			.satisfies(ex -> assertThat(ex.problems()).extracting(ReportProblem::reason)
				.containsExactly("must be a JSON object"));
	}

}
