package com.veritrace.coldchain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the temperature reports of an EPCIS 2.0 event's {@code sensorElementList}. A
 * report is a temperature report when its {@code type} is {@code Temperature} bare, with
 * the {@code gs1:} prefix, or as the full GS1 vocabulary URI; its {@code value},
 * {@code minValue} and {@code maxValue} are converted from {@code uom} (CEL, FAH, KEL) to
 * °C (a report with another or no unit has no values to judge, but its exception counts).
 * Its time is its own {@code time}, else its element's metadata {@code time},
 * {@code endTime} or {@code startTime}, else the event's; its device is its own
 * {@code deviceID}, else the metadata's. Plain Java: no Spring.
 */
final class SensorReports {

	private static final List<String> TEMPERATURE_TYPES = List.of("Temperature", "gs1:Temperature",
			"https://gs1.org/voc/Temperature", "http://gs1.org/voc/Temperature", "https://ref.gs1.org/voc/Temperature");

	private SensorReports() {
	}

	/** Whether the event JSON may have sensor reports at all (a cheap test first). */
	static boolean mayHaveSensors(String eventJson) {
		return eventJson.contains("sensorElementList");
	}

	/** The event's temperature reports, in document order. */
	static List<TemperatureReading> temperatures(JsonNode event, Instant eventTime) {
		List<TemperatureReading> readings = new ArrayList<>();
		for (JsonNode element : event.path("sensorElementList")) {
			JsonNode metadata = element.path("sensorMetadata");
			Instant elementTime = firstTime(eventTime, metadata.path("time"), metadata.path("endTime"),
					metadata.path("startTime"));
			String elementDevice = text(metadata.path("deviceID"));
			for (JsonNode report : element.path("sensorReport")) {
				if (!isTemperature(text(report.path("type")))) {
					continue;
				}
				TemperatureUnit unit = TemperatureUnit.of(text(report.path("uom")));
				Double value = celsius(unit, report.path("value"));
				Double min = celsius(unit, report.path("minValue"));
				Double max = celsius(unit, report.path("maxValue"));
				Double lowest = lowest(value, min, max);
				Double highest = highest(value, min, max);
				String device = text(report.path("deviceID"));
				String exception = text(report.path("exception"));
				if (lowest == null && exception == null) {
					continue;
				}
				readings.add(new TemperatureReading(lowest, highest, firstTime(elementTime, report.path("time")),
						device != null ? device : elementDevice, exception));
			}
		}
		return readings;
	}

	static boolean isTemperature(@Nullable String type) {
		return type != null && TEMPERATURE_TYPES.contains(type);
	}

	private static @Nullable Double celsius(@Nullable TemperatureUnit unit, JsonNode value) {
		return unit == null || !value.isNumber() ? null : unit.celsius(value.asDouble());
	}

	private static @Nullable Double lowest(@Nullable Double... values) {
		Double lowest = null;
		for (Double v : values) {
			if (v != null && (lowest == null || v < lowest)) {
				lowest = v;
			}
		}
		return lowest;
	}

	private static @Nullable Double highest(@Nullable Double... values) {
		Double highest = null;
		for (Double v : values) {
			if (v != null && (highest == null || v > highest)) {
				highest = v;
			}
		}
		return highest;
	}

	/** The first of these date-times that parses, else {@code fallback}. */
	private static Instant firstTime(Instant fallback, JsonNode... times) {
		for (JsonNode time : times) {
			String text = text(time);
			if (text != null) {
				try {
					return OffsetDateTime.parse(text).toInstant();
				}
				catch (DateTimeParseException ex) {
					// a malformed time in an extension-tolerant document: the next one
				}
			}
		}
		return fallback;
	}

	private static @Nullable String text(JsonNode node) {
		return node.isString() && !node.asString().isBlank() ? node.asString() : null;
	}

}
