package com.veritrace.notify;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One call to a webhook endpoint, as its log shows it.
 *
 * @param deliveryId the delivery it was for, null for the ping at registration
 * @param noticeKind what the notice was (null for a ping)
 * @param noticeTitle its title by language (null for a ping)
 * @param attempt the delivery's attempt number, from 1
 * @param statusCode the HTTP status of the answer, null when none came
 * @param error what went wrong, null when it was delivered
 */
public record WebhookAttempt(long id, @Nullable Long deliveryId, @Nullable NoticeKind noticeKind,
		@Nullable Map<String, String> noticeTitle, int attempt, Instant at, long durationMs,
		@Nullable Integer statusCode, boolean delivered, @Nullable String error) {
}
