package com.veritrace.alert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A raised alert as stored.
 *
 * @param evidence its latest raise's evidence, as JSON
 * @param occurrences how often it was raised in its window (1 at first)
 */
public record Alert(long id, long organisationId, AlertKind kind, Severity severity, String subject,
		@Nullable String subjectLink, String titleEn, String titleZh, String bodyEn, String bodyZh, String evidence,
		int occurrences, Instant raisedAt, Instant lastRaisedAt, AlertState state, @Nullable Instant actedAt,
		@Nullable String actedBy, @Nullable String note, @Nullable String groupLabel) {

	/** The title in the language of a locale's tag ({@code zh…} or English). */
	public String title(String languageTag) {
		return languageTag.startsWith("zh") ? this.titleZh : this.titleEn;
	}

	/** The body in the language of a locale's tag ({@code zh…} or English). */
	public String body(String languageTag) {
		return languageTag.startsWith("zh") ? this.bodyZh : this.bodyEn;
	}

}
