package com.veritrace.anchor;

import java.time.Duration;

/**
 * When {@link BatchAnchorer} anchors: as soon as {@code maxLeaves} events wait, or when
 * the oldest waiting event has waited {@code maxDelay}, whichever comes first.
 */
public record BatchPolicy(int maxLeaves, Duration maxDelay) {

	public static final BatchPolicy DEFAULT = new BatchPolicy(10_000, Duration.ofSeconds(30));

	public BatchPolicy {
		if (maxLeaves < 1) {
			throw new IllegalArgumentException("maxLeaves must be at least 1: " + maxLeaves);
		}
		if (maxDelay.isNegative()) {
			throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
		}
	}

}
