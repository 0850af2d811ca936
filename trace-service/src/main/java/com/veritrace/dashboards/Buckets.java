package com.veritrace.dashboards;

/** UTC hour and day buckets as the epoch milliseconds of their start. */
final class Buckets {

	static final long HOUR = 3_600_000L;

	static final long DAY = 24 * HOUR;

	private Buckets() {
	}

	static long hour(long ms) {
		return Math.floorDiv(ms, HOUR) * HOUR;
	}

	static long day(long ms) {
		return Math.floorDiv(ms, DAY) * DAY;
	}

}
