package com.veritrace.reports;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import com.veritrace.inspection.ReportMetadata;
import com.veritrace.inspection.Verdict;

/**
 * One report of a lot as the consumer scan page shows it: the lab, the date, the verdict,
 * the tests that matter, a link to the document, its digest, and whether it passed its
 * integrity check just now.
 */
public record LotReport(String id, String reportNumber, String labName, LocalDate issuedOn,
		@Nullable LocalDate validUntil, Verdict verdict, List<ReportMetadata.TestResult> keyTests, String documentHref,
		String documentHash, DocumentCheck documentCheck, ReportStatus status, @Nullable String supersededBy) {
}
