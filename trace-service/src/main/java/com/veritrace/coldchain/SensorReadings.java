package com.veritrace.coldchain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What other modules show of an event's temperature readings (the scan page's steps). */
public final class SensorReadings {

	private SensorReadings() {
	}

	/**
	 * The lowest and highest temperature (°C, converted from the reports' units) of an
	 * EPCIS event's sensor reports, or null when it has none with a value.
	 */
	public static double @Nullable [] celsiusRange(JsonNode event) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (TemperatureReading reading : SensorReports.temperatures(event, Instant.EPOCH)) {
			if (reading.lowest() != null && !reading.error()) {
				min = Math.min(min, reading.lowest());
				max = Math.max(max, reading.highest());
			}
		}
		return min == Double.POSITIVE_INFINITY ? null : new double[] { min, max };
	}

}
