package com.veritrace.coldchain;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.StorageCondition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sensor reports read from GS1's own EPCIS 2.0 examples (test resources
 * {@code samples/epcis-gs1/WithSensorData}), unit conversion and the excursion rule.
 */
class SensorReportsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant EVENT_TIME = Instant.parse("2019-04-02T14:00:00Z");

	private static final StorageCondition TWO_TO_EIGHT = new StorageCondition(2.0, 8.0);

	@Test
	void readsTheTemperatureOfEachElementAtItsMetadataTimeWithItsDevice() {
		List<TemperatureReading> readings = readingsOf("SensorDataExample1.jsonld");
		assertThat(readings).extracting(TemperatureReading::lowest).containsExactly(26.0, 26.1, 26.2);
		assertThat(readings).extracting(TemperatureReading::highest).containsExactly(26.0, 26.1, 26.2);
		assertThat(readings.get(0).time()).isEqualTo(Instant.parse("2019-04-02T13:05:00Z"));
		assertThat(readings.get(2).time()).isEqualTo(Instant.parse("2019-04-02T13:55:00Z"));
		assertThat(readings).extracting(TemperatureReading::deviceId).containsOnly("urn:epc:id:giai:4000001.111");
		assertThat(readings).extracting(TemperatureReading::exception).containsOnlyNulls();
	}

	@Test
	void readsMinAndMaxOfAPeriodAtItsEndTime() {
		List<TemperatureReading> readings = readingsOf("SensorDataExample2.jsonld");
		assertThat(readings).singleElement().satisfies(r -> {
			assertThat(r.lowest()).isEqualTo(26.0);
			assertThat(r.highest()).isEqualTo(26.2);
			assertThat(r.time()).isEqualTo(Instant.parse("2019-04-02T13:55:00Z"));
		});
		assertThat(readingsOf("SensorDataExample6.jsonld")).singleElement().satisfies(r -> {
			assertThat(r.lowest()).isEqualTo(12.4);
			assertThat(r.highest()).isEqualTo(13.8);
		});
	}

	@Test
	void takesEachReportsOwnTimeAndDevice() {
		List<TemperatureReading> five = readingsOf("SensorDataExample5.jsonld");
		assertThat(five).hasSize(6);
		assertThat(five.get(5).time()).isEqualTo(Instant.parse("2019-04-02T13:55:00Z"));
		assertThat(five.get(5).highest()).isEqualTo(26.5);
		List<TemperatureReading> seven = readingsOf("SensorDataExample7.jsonld");
		assertThat(seven).singleElement().satisfies(r -> {
			assertThat(r.deviceId()).isEqualTo("urn:epc:id:giai:4000001.111");
			assertThat(r.time()).isEqualTo(Instant.parse("2019-07-19T13:00:00Z"));
		});
	}

	@Test
	void keepsATemperatureErrorWithoutValueAndIgnoresOtherPropertiesAlarms() {
		// example 9: a Temperature report with ERROR_CONDITION, an AbsoluteHumidity one
		// with ALARM_CONDITION
		List<TemperatureReading> readings = readingsOf("SensorDataExample9.jsonld");
		assertThat(readings).singleElement().satisfies(r -> {
			assertThat(r.error()).isTrue();
			assertThat(r.lowest()).isNull();
			assertThat(r.time()).isEqualTo(EVENT_TIME);
		});
		assertThat(ExcursionRule.worst(readings, TWO_TO_EIGHT)).isNull();
	}

	@Test
	void convertsFahrenheitAndKelvinToCelsiusToAHundredth() {
		assertThat(TemperatureUnit.FAH.celsius(46.4)).isEqualTo(8.0);
		assertThat(TemperatureUnit.FAH.celsius(35.6)).isEqualTo(2.0);
		assertThat(TemperatureUnit.FAH.celsius(54.32)).isEqualTo(12.4);
		assertThat(TemperatureUnit.KEL.celsius(281.15)).isEqualTo(8.0);
		assertThat(TemperatureUnit.KEL.celsius(0)).isEqualTo(-273.15);
		assertThat(TemperatureUnit.CEL.celsius(-18.004)).isEqualTo(-18.0);
		assertThat(TemperatureUnit.of("fah")).isEqualTo(TemperatureUnit.FAH);
		assertThat(TemperatureUnit.of("KMH")).isNull();
		assertThat(TemperatureUnit.of(null)).isNull();
	}

	@Test
	void acceptsTheGs1TypeInEveryFormAndConvertsUnits() {
		List<TemperatureReading> readings = readings("""
				{"sensorElementList": [{"sensorMetadata": {"time": "2026-12-05T10:00:00+08:00", "deviceID": "urn:d:1"},
				  "sensorReport": [
				    {"type": "gs1:Temperature", "value": 46.4, "uom": "FAH"},
				    {"type": "https://gs1.org/voc/Temperature", "value": 285.55, "uom": "KEL", "deviceID": "urn:d:2"},
				    {"type": "Temperature", "value": 5, "uom": "CEL", "time": "2026-12-05T11:00:00+08:00"},
				    {"type": "example:Temperature", "value": 99, "uom": "CEL"},
				    {"type": "Temperature", "value": 99, "uom": "A93"},
				    {"type": "Temperature", "value": 99},
				    {"type": "Temperature", "exception": "ALARM_CONDITION", "booleanValue": true}]}]}
				""");
		assertThat(readings).extracting(TemperatureReading::highest).containsExactly(8.0, 12.4, 5.0, null);
		assertThat(readings).extracting(TemperatureReading::deviceId)
			.containsExactly("urn:d:1", "urn:d:2", "urn:d:1", "urn:d:1");
		assertThat(readings.get(0).time()).isEqualTo(Instant.parse("2026-12-05T02:00:00Z"));
		assertThat(readings.get(2).time()).isEqualTo(Instant.parse("2026-12-05T03:00:00Z"));
		assertThat(readings.get(3).alarm()).isTrue();
		assertThat(readings("{\"epcList\": []}")).isEmpty();
		assertThat(SensorReports.mayHaveSensors("{\"epcList\": []}")).isFalse();
	}

	@Test
	void anExcursionIsTheReadingFurthestOutsideTheRange() {
		TemperatureReading inside = reading(2.0, 8.0, null);
		TemperatureReading warm = reading(7.5, 12.4, null);
		TemperatureReading warmer = reading(13.1, 13.1, null);
		TemperatureReading cold = reading(-0.5, 3.0, null);
		assertThat(ExcursionRule.worst(List.of(inside), TWO_TO_EIGHT)).isNull();
		ExcursionRule.Verdict verdict = ExcursionRule.worst(List.of(inside, warm, cold), TWO_TO_EIGHT);
		assertThat(verdict.reason()).isEqualTo(ExcursionRule.Reason.RANGE);
		assertThat(verdict.celsius()).isEqualTo(12.4);
		assertThat(verdict.reading()).isSameAs(warm);
		assertThat(ExcursionRule.worst(List.of(warm, warmer), TWO_TO_EIGHT).celsius()).isEqualTo(13.1);
		assertThat(ExcursionRule.worst(List.of(cold), TWO_TO_EIGHT).celsius()).isEqualTo(-0.5);
		// a reading spanning both ends: the end further out
		assertThat(ExcursionRule.worst(List.of(reading(1.0, 12.0, null)), TWO_TO_EIGHT).celsius()).isEqualTo(12.0);
	}

	@Test
	void openEndsAndNoConditionJudgeOnlyWhatIsSet() {
		StorageCondition frozen = new StorageCondition(null, -18.0);
		assertThat(ExcursionRule.worst(List.of(reading(-30.0, -19.0, null)), frozen)).isNull();
		assertThat(ExcursionRule.worst(List.of(reading(-20.0, -15.0, null)), frozen).celsius()).isEqualTo(-15.0);
		assertThat(ExcursionRule.worst(List.of(reading(50.0, 50.0, null)), StorageCondition.NONE)).isNull();
	}

	@Test
	void anAlarmIsAnExcursionWhateverTheRangeAndAnErrorIsNot() {
		TemperatureReading alarm = reading(5.0, 5.0, TemperatureReading.ALARM);
		TemperatureReading error = reading(40.0, 40.0, TemperatureReading.ERROR);
		ExcursionRule.Verdict verdict = ExcursionRule.worst(List.of(alarm), TWO_TO_EIGHT);
		assertThat(verdict.reason()).isEqualTo(ExcursionRule.Reason.ALARM);
		assertThat(verdict.celsius()).isEqualTo(5.0);
		assertThat(ExcursionRule.worst(List.of(alarm), StorageCondition.NONE).reason())
			.isEqualTo(ExcursionRule.Reason.ALARM);
		assertThat(ExcursionRule.worst(List.of(error), TWO_TO_EIGHT)).isNull();
		// a value outside the range is the excursion rather than an alarm within it
		assertThat(ExcursionRule.worst(List.of(alarm, reading(9.0, 9.0, null)), TWO_TO_EIGHT).reason())
			.isEqualTo(ExcursionRule.Reason.RANGE);
	}

	@Test
	void storageConditionsAreCheckedAndLabelled() {
		assertThat(TWO_TO_EIGHT.problems()).isEmpty();
		assertThat(TWO_TO_EIGHT.label()).isEqualTo("2–8 °C");
		assertThat(new StorageCondition(null, 25.0).label()).isEqualTo("≤ 25 °C");
		assertThat(new StorageCondition(-18.5, null).label()).isEqualTo("≥ -18.5 °C");
		assertThat(new StorageCondition(8.0, 2.0).problems()).singleElement()
			.satisfies(p -> assertThat(p.field()).isEqualTo("storageMaxCelsius"));
		assertThat(new StorageCondition(-300.0, 1000.0).problems()).extracting(p -> p.field())
			.containsExactly("storageMinCelsius", "storageMaxCelsius");
		assertThat(new StorageCondition(Double.NaN, null).problems()).hasSize(1);
	}

	private static TemperatureReading reading(double lowest, double highest, String exception) {
		return new TemperatureReading(lowest, highest, EVENT_TIME, null, exception);
	}

	private static List<TemperatureReading> readings(String eventJson) {
		return SensorReports.temperatures(JSON.readTree(eventJson), EVENT_TIME);
	}

	private static List<TemperatureReading> readingsOf(String example) {
		try (InputStream in = SensorReportsTests.class
			.getResourceAsStream("/samples/epcis-gs1/WithSensorData/" + example)) {
			JsonNode event = JSON.readTree(in).path("epcisBody").path("eventList").get(0);
			return SensorReports.temperatures(event, EVENT_TIME);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
