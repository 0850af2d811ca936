package com.veritrace.notify;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A registered webhook endpoint of an organisation, with how its deliveries went. The
 * secret is not here: it is shown once, when the endpoint is registered.
 *
 * @param secretHint the secret's first characters, to tell secrets apart
 * @param delivered deliveries that reached it
 * @param pending deliveries still being tried
 * @param failed deliveries given up after every attempt failed
 * @param lastAttempt the latest attempt, or null
 */
public record WebhookEndpoint(long id, String url, @Nullable String description, String secretHint, Instant createdAt,
		String createdBy, long delivered, long pending, long failed, @Nullable WebhookAttempt lastAttempt) {
}
