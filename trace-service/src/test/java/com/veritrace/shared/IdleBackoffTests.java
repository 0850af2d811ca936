package com.veritrace.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleBackoffTests {

	private final AtomicLong now = new AtomicLong(1_000_000);

	private final IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(500), Duration.ofSeconds(4), this.now::get);

	/**
	 * Runs the poller's timer for the given time; counts the polls that did their work.
	 */
	private int run(long millis, boolean found) {
		int worked = 0;
		for (long t = 0; t < millis; t += 500) {
			this.now.addAndGet(500);
			if (this.backoff.due()) {
				worked++;
				this.backoff.worked(found);
			}
		}
		return worked;
	}

	@Test
	void pollsFindingWorkWorkEveryInterval() {
		assertThat(run(10_000, true)).isEqualTo(20);
		assertThat(this.backoff.gap()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void emptyPollsDoubleTheGapUpToTheIdleInterval() {
		// gaps 1 s, 2 s, 4 s, 4 s, ...: 0.5 + 1 + 2 + 4 = 7.5 s for the first four, then
		// one every 4 s
		assertThat(run(7_500, false)).isEqualTo(4);
		assertThat(this.backoff.gap()).isEqualTo(Duration.ofSeconds(4));
		assertThat(run(60_000, false)).isEqualTo(15);
	}

	@Test
	void foundWorkOrAWakeBringsTheIntervalBack() {
		run(30_000, false);
		this.backoff.wake();
		this.now.addAndGet(500);
		assertThat(this.backoff.due()).isTrue();
		this.backoff.worked(true);
		assertThat(this.backoff.gap()).isEqualTo(Duration.ofMillis(500));
		assertThat(run(5_000, true)).isEqualTo(10);
	}

	@Test
	void aWakeWhileIdleIsNotLostBetweenTwoPolls() {
		run(30_000, false);
		this.backoff.wake();
		this.backoff.wake();
		this.now.addAndGet(500);
		assertThat(this.backoff.due()).isTrue();
		this.backoff.worked(false);
		this.now.addAndGet(500);
		assertThat(this.backoff.due()).isFalse();
	}

}
