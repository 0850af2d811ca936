/**
 * Notifications (issue 14): notices to organisations, in their portal inbox, by signed
 * webhook and by mail. A notice is posted once per organisation and key; each of its
 * deliveries (a webhook endpoint, a person's address) is a durable row that a scheduled
 * worker on any node claims, attempts and retries with back-off, logging every attempt.
 * Webhooks go out through one guarded HTTP client (https only, public addresses only, no
 * redirects, timeouts, a cap on answers). Recalls are the first source: who holds or held
 * a recalled item is told when the recall is issued, amended or closed, and the recall's
 * runners are told of recall alerts.
 */
@ApplicationModule(
		allowedDependencies = { "recall", "events", "issuance", "tenancy", "accounts", "shared", "web", "inspection" })
@NullMarked
package com.veritrace.notify;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
