package com.veritrace.notify;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * EPCIS query subscriptions ({@code veritrace.epcis.subscriptions}); their webhook calls
 * go through notify's guarded client ({@code veritrace.notify.http}, including
 * {@code allow-loopback}).
 *
 * @param pollInterval how often each node looks for due subscriptions (a node also looks
 * right after events it stored commit)
 * @param settle how long after its record time an event is delivered at the earliest: the
 * cursor moves in record-time order, so an event whose storing transaction commits later
 * than this after its record time is passed over at first; such a transaction notes
 * itself when it commits later than {@code veritrace.events.late-commit-after} (which
 * must be shorter) after its record time, and the subscription goes back to it
 * ({@code LateCommits})
 * @param lateWindow how long after a late commit was noted it is looked at: longer than
 * any commit takes after it is noted (the note becomes visible with the commit), so none
 * is missed; a late event reaches the subscriber about this long after its commit
 * @param threads subscriptions delivered at once by a node
 * @param lease how long a node holds a subscription it works (renewed with each batch);
 * another node takes it over after this if the first died
 * @param batchSize events per document at most (halved for a receiver answering 413)
 * @param initialBackoff the wait after a failed delivery, doubled with each further
 * failure up to {@code maxBackoff}; deliveries are retried until they succeed or the
 * subscription is deleted
 * @param maxPerQuery subscriptions a named query may have
 * @param enabled whether this node delivers subscriptions (the API works either way)
 */
@Validated
@ConfigurationProperties("veritrace.epcis.subscriptions")
public record SubscriptionProperties(@DefaultValue("PT1S") @NotNull Duration pollInterval,
		@DefaultValue("PT0.3S") @NotNull Duration settle, @DefaultValue("2") @Min(1) int threads,
		@DefaultValue("PT1M") @NotNull Duration lease, @DefaultValue("100") @Min(1) int batchSize,
		@DefaultValue("PT5S") @NotNull Duration initialBackoff, @DefaultValue("PT15M") @NotNull Duration maxBackoff,
		@DefaultValue("20") @Min(1) int maxPerQuery, @DefaultValue("true") boolean enabled,
		@DefaultValue("PT5S") @NotNull Duration lateWindow) {

	/** The wait after {@code failures} failures in a row. */
	Duration backoff(int failures) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < failures && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(this.maxBackoff) > 0 ? this.maxBackoff : wait;
	}

}
