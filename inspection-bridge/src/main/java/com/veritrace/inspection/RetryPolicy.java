package com.veritrace.inspection;

import java.time.Duration;

/**
 * How often and how patiently a connector retries a call that failed in a way that may
 * pass (timeout, connection refused, 5xx, 408, 429): at most {@code maxAttempts} calls in
 * all, waiting {@code initialBackoff} after the first failure and twice as long after
 * each further one, up to {@code maxBackoff}. A {@code Retry-After} answer of the lab is
 * honoured up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("backoffs must be 0 <= initialBackoff <= maxBackoff");
		}
	}

	/** 4 attempts, 1 s, 2 s, 4 s apart (at most 30 s). */
	public static RetryPolicy defaults() {
		return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
	}

	/** The wait after the {@code failedAttempt}-th call failed (1-based). */
	public Duration backoff(int failedAttempt) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < failedAttempt && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(this.maxBackoff) > 0 ? this.maxBackoff : wait;
	}

	/** Waits between attempts; tests pass one that records instead of sleeping. */
	@FunctionalInterface
	public interface Sleeper {

		Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

		void sleep(Duration duration) throws InterruptedException;

	}

}
