package com.veritrace.reports;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;
import com.veritrace.inspection.DocumentDigest;
import com.veritrace.inspection.DocumentType;
import com.veritrace.inspection.Verdict;

/** One stored report, as in table {@code inspection_report}, with its lab's name. */
record InspectionReportRow(String id, long labId, String labName, long brandId, String reportNumber, String gtin,
		String lotNumber, Verdict verdict, LocalDate issuedOn, @Nullable LocalDate validUntil, Instant acceptedAt,
		String metadataJson, String documentKey, DocumentType documentType, long documentSize,
		DocumentDigest documentDigest, byte[] eventHash, @Nullable String supersedes, @Nullable String supersededBy) {
}
