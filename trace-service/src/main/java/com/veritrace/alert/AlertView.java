package com.veritrace.alert;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/**
 * An alert as the API and the portal show it: with the name of the organisation it was
 * raised for (a regulator reads every brand's), its texts in both languages, its evidence
 * as JSON, and who acknowledged and who resolved it, when.
 *
 * @param evidence the latest raise's evidence (a JSON object, written as is)
 * @param note the note of the last action (the resolution's)
 */
public record AlertView(long id, long organisationId, String organisationName, AlertKind kind, Severity severity,
		String subject, @Nullable String subjectLink, Map<String, String> title, Map<String, String> body,
		@JsonRawValue String evidence, int occurrences, Instant raisedAt, Instant lastRaisedAt, AlertState state,
		@Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy, @Nullable Instant resolvedAt,
		@Nullable String resolvedBy, @Nullable String note, @Nullable String groupLabel) {

}
