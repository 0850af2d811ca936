package com.veritrace.coldchain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One temperature sensor report of an event, in °C: a single value, or the lowest and
 * highest of a period (either may be null when the report lacks it), or neither with an
 * alarm or error; when (the report's time, its element's metadata time, or the event's)
 * and the device that measured it.
 *
 * @param exception {@code ALARM_CONDITION}, {@code ERROR_CONDITION} or null
 */
record TemperatureReading(@Nullable Double lowest, @Nullable Double highest, Instant time, @Nullable String deviceId,
		@Nullable String exception) {

	static final String ALARM = "ALARM_CONDITION";

	static final String ERROR = "ERROR_CONDITION";

	boolean alarm() {
		return ALARM.equals(this.exception);
	}

	/** A faulty sensor's report: its values are not judged. */
	boolean error() {
		return ERROR.equals(this.exception);
	}

}
