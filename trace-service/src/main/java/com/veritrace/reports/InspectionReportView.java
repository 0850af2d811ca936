package com.veritrace.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;
import com.veritrace.inspection.ReportMetadata;
import com.veritrace.inspection.Verdict;

/**
 * A report as the API shows it: the lab's metadata, the document (link, type, size,
 * digest and the result of the integrity check made for this answer), the report's EPCIS
 * event hash, and where it stands in a chain of corrections.
 */
public record InspectionReportView(String id, String reportNumber, Lab lab, String gtin, String lotNumber,
		List<String> serials, Verdict verdict, @Nullable String conditions, LocalDate issuedOn,
		@Nullable LocalDate validUntil, ReportMetadata.Sample sample, List<ReportMetadata.TestResult> tests,
		ReportMetadata.Signer signer, Instant acceptedAt, Document document, String eventHash,
		@Nullable String supersedes, @Nullable String supersededBy, ReportStatus status) {

	/** The lab that issued the report. */
	public record Lab(long id, String name) {
	}

	/** The report's document: where to download it and what it must hash to. */
	public record Document(String href, String mediaType, long size, String hash, DocumentCheck check) {
	}

}
