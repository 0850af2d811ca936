package com.veritrace.shared;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How often a poller does its work when it keeps finding none (issue 19, idle cost): a
 * poller still wakes at its own interval, but while its polls come back empty it does the
 * work (the database queries) only every other time, then every fourth, ... up to once
 * per {@code idle}; a poll that finds work, or a {@link #wake()} from this node (work
 * committed here), brings it back to every interval at once. So an idle service costs a
 * timer's wake-up per interval, not a query; work made on this node is seen as fast as
 * before; work made on another node is seen within {@code idle} after a quiet spell
 * (docs/DECISIONS.md "Idle cost").
 * <p>
 * Thread-safe; {@code due} and {@code worked} are meant for the poller's own thread,
 * {@code wake} for any.
 */
public final class IdleBackoff {

	private final long baseMs;

	private final long idleMs;

	private final LongSupplier millis;

	private long gapMs;

	private long nextMs;

	private volatile boolean woken;

	/**
	 * @param base the poller's own interval: the gap while it finds work
	 * @param idle the longest gap between two polls that do their work (at least base)
	 * @param millis the clock, in milliseconds
	 */
	public IdleBackoff(Duration base, Duration idle, LongSupplier millis) {
		this.baseMs = Math.max(1, base.toMillis());
		this.idleMs = Math.max(this.baseMs, idle.toMillis());
		this.millis = millis;
		this.gapMs = this.baseMs;
	}

	/** {@link #IdleBackoff(Duration, Duration, LongSupplier)} on the system clock. */
	public IdleBackoff(Duration base, Duration idle) {
		this(base, idle, System::currentTimeMillis);
	}

	/** Whether this poll does its work (else it returns at once). */
	public synchronized boolean due() {
		if (this.woken) {
			this.woken = false;
			this.gapMs = this.baseMs;
			return true;
		}
		return this.millis.getAsLong() >= this.nextMs;
	}

	/**
	 * After a poll that did its work: whether it found any. None doubles the gap to the
	 * next (up to {@code idle}); some brings it back to the poller's interval.
	 */
	public synchronized void worked(boolean found) {
		this.gapMs = found ? this.baseMs : Math.min(this.idleMs, this.gapMs * 2);
		// a poll is due once its gap has passed, less half an interval (a timer wakes a
		// little early or late)
		this.nextMs = this.millis.getAsLong() + this.gapMs - this.baseMs / 2;
	}

	/** Work was committed on this node: the next poll does its work. */
	public void wake() {
		this.woken = true;
	}

	/** The gap now between polls that do their work (for tests and logs). */
	public synchronized Duration gap() {
		return Duration.ofMillis(this.gapMs);
	}

}
