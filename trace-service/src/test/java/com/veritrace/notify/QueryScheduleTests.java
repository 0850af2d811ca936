package com.veritrace.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EPCIS query schedules (query-schedule.json, EPCIS 1.2 §8.2.5.3) and the delivery
 * signature.
 */
class QueryScheduleTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static QuerySchedule schedule(String json) {
		List<FieldProblem> errors = new ArrayList<>();
		QuerySchedule schedule = QuerySchedule.parse(JSON.readTree(json), errors);
		assertThat(errors).as(json).isEmpty();
		return schedule;
	}

	static Instant next(String json, String after) {
		return schedule(json).next(Instant.parse(after));
	}

	@Test
	void theStandardsExamplesFireWhenTheySay() {
		// "every morning at 1.05am" (with second 0, as the standard advises)
		String daily = "{\"second\":\"0\",\"minute\":\"5\",\"hour\":\"1\"}";
		assertThat(next(daily, "2026-12-07T00:00:00Z")).isEqualTo("2026-12-07T01:05:00Z");
		assertThat(next(daily, "2026-12-07T01:05:00Z")).isEqualTo("2026-12-08T01:05:00Z");
		// once an hour on the hour, weekdays only (2026-12-12 is a Saturday)
		String weekdays = "{\"second\":\"0\",\"minute\":\"0\",\"dayOfWeek\":\"[1-5]\"}";
		assertThat(next(weekdays, "2026-12-11T23:30:00Z")).isEqualTo("2026-12-14T00:00:00Z");
		assertThat(next(weekdays, "2026-12-14T00:00:00Z")).isEqualTo("2026-12-14T01:00:00Z");
		// an omitted finer field matches every value: hour 2 alone fires every second of
		// 2:xx
		assertThat(next("{\"hour\":\"2\"}", "2026-12-07T02:00:00Z")).isEqualTo("2026-12-07T02:00:01Z");
		assertThat(next("{\"hour\":\"2\"}", "2026-12-07T02:59:59Z")).isEqualTo("2026-12-08T02:00:00Z");
		// lists and ranges
		assertThat(next("{\"second\":\"0,30\"}", "2026-12-07T10:00:10.500Z")).isEqualTo("2026-12-07T10:00:30Z");
		assertThat(next("{\"second\":\"[10-12],40\"}", "2026-12-07T10:00:12Z")).isEqualTo("2026-12-07T10:00:40Z");
		// the 31st skips the months without one
		assertThat(next("{\"second\":\"0\",\"minute\":\"0\",\"hour\":\"0\",\"dayOfMonth\":\"31\"}",
				"2027-04-01T00:00:00Z"))
			.isEqualTo("2027-05-31T00:00:00Z");
		assertThat(next("{\"second\":\"0\",\"minute\":\"0\",\"hour\":\"0\",\"month\":\"2\",\"dayOfMonth\":\"29\"}",
				"2026-01-01T00:00:00Z"))
			.isEqualTo("2028-02-29T00:00:00Z");
	}

	@Test
	void everyBadFieldIsNamed() {
		List<FieldProblem> errors = new ArrayList<>();
		assertThat(QuerySchedule.parse(JSON.readTree("{\"minute\":\"60\",\"second\":\"0/30\",\"hour\":\"[5-3]\","
				+ "\"dayOfWeek\":\"\",\"minutes\":\"1\",\"month\":\"1,,2\"}"), errors))
			.isNull();
		assertThat(errors.stream().map(FieldProblem::field)).containsExactlyInAnyOrder("schedule.minute",
				"schedule.second", "schedule.hour", "schedule.dayOfWeek", "schedule.minutes", "schedule.month");
		List<FieldProblem> never = new ArrayList<>();
		assertThat(QuerySchedule.parse(JSON.readTree("{\"month\":\"2\",\"dayOfMonth\":\"30\"}"), never)).isNull();
		assertThat(never).extracting(FieldProblem::field).containsExactly("schedule");
		List<FieldProblem> notObject = new ArrayList<>();
		assertThat(QuerySchedule.parse(JSON.readTree("\"hourly\""), notObject)).isNull();
		assertThat(notObject).hasSize(1);
	}

	@Test
	void theSignatureIsHmacSha256OfTheBodyInHex() {
		// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
		assertThat(
				SubscriptionWorker.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

}
