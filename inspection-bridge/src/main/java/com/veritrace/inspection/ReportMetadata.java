package com.veritrace.inspection;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a lab says about a report, validated by {@link ReportMetadataReader}. The GTIN is
 * normalised to GTIN-14; {@code serials} optionally name the sampled items of the lot;
 * {@code supersedes} is the id of the lab's earlier report that this one corrects.
 */
public record ReportMetadata(String reportNumber, String gtin, String lotNumber, List<String> serials, Sample sample,
		List<TestResult> tests, Verdict verdict, @Nullable String conditions, LocalDate issuedOn,
		@Nullable LocalDate validUntil, Signer signer, @Nullable String supersedes) {

	public ReportMetadata {
		serials = List.copyOf(serials);
		tests = List.copyOf(tests);
	}

	/** What was sampled. */
	public record Sample(String description, @Nullable String quantity, @Nullable LocalDate sampledOn,
			@Nullable String sampledBy) {
	}

	/**
	 * One test: what was measured, how, the result against its limit, and whether it
	 * passed. {@code key} marks the tests that matter to a consumer (shown on the scan
	 * page).
	 */
	public record TestResult(String name, @Nullable String method, String result, @Nullable String unit,
			@Nullable String limit, Verdict outcome, boolean key) {
	}

	/** Who signed the report for the lab. */
	public record Signer(String name, @Nullable String title) {
	}

}
