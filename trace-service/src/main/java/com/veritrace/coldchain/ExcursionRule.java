package com.veritrace.coldchain;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.StorageCondition;

/**
 * When readings are an excursion for a product: a reading with a value outside its
 * storage condition (its lowest below the lower end, or its highest above the upper end),
 * or a temperature sensor's alarm (whatever the condition, even none). A sensor's error
 * report is not judged (its values are not trusted) and is no excursion. Of several, the
 * one furthest outside the range is the event's excursion; an alarm without a value
 * outside the range comes after any reading outside it. Plain Java.
 */
final class ExcursionRule {

	/** Why a reading is an excursion. */
	enum Reason {

		/** A value outside the storage condition. */
		RANGE,
		/** The sensor raised an alarm. */
		ALARM

	}

	/**
	 * The worst reading: its reason, and the value (°C) that was outside the range (null
	 * for an alarm with no value outside).
	 */
	record Verdict(Reason reason, @Nullable Double celsius, TemperatureReading reading) {
	}

	private ExcursionRule() {
	}

	/** The worst excursion among the readings, or null when there is none. */
	static @Nullable Verdict worst(List<TemperatureReading> readings, StorageCondition storage) {
		Verdict worst = null;
		double worstDistance = -1;
		for (TemperatureReading reading : readings) {
			if (reading.error()) {
				continue;
			}
			Double outside = outside(reading, storage);
			if (outside != null) {
				double distance = distance(outside, storage);
				if (worst == null || worst.reason() == Reason.ALARM || distance > worstDistance) {
					worst = new Verdict(Reason.RANGE, outside, reading);
					worstDistance = distance;
				}
			}
			else if (reading.alarm() && worst == null) {
				worst = new Verdict(Reason.ALARM, reading.highest(), reading);
			}
		}
		return worst;
	}

	/** The reading's value furthest outside the range, or null when none is. */
	static @Nullable Double outside(TemperatureReading reading, StorageCondition storage) {
		if (!storage.defined()) {
			return null;
		}
		Double lowest = reading.lowest();
		Double highest = reading.highest();
		Double min = storage.minCelsius();
		Double max = storage.maxCelsius();
		double below = lowest != null && min != null && lowest < min ? min - lowest : -1;
		double above = highest != null && max != null && highest > max ? highest - max : -1;
		if (below < 0 && above < 0) {
			return null;
		}
		return above >= below ? highest : lowest;
	}

	/** How far a value is outside the range (°C). */
	private static double distance(double celsius, StorageCondition storage) {
		if (storage.maxCelsius() != null && celsius > storage.maxCelsius()) {
			return celsius - storage.maxCelsius();
		}
		return storage.minCelsius() != null ? storage.minCelsius() - celsius : 0;
	}

}
