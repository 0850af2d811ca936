package com.veritrace.notify;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.veritrace.shared.FieldProblem;

/**
 * An EPCIS query schedule (EPCIS 1.2 §8.2.5.3, the REST binding's
 * {@code query-schedule.json}): fields {@code second} (0–59), {@code minute} (0–59),
 * {@code hour} (0–23), {@code dayOfMonth} (1–31), {@code month} (1–12) and
 * {@code dayOfWeek} (1–7, Monday to Sunday), each a comma-separated list of numbers and
 * ranges {@code [a-b]}. A time matches when every field given matches (an omitted field
 * matches every value, so {@code {"hour": "2"}} fires every second from 2:00:00 to
 * 2:59:59, as the standard says). Times are in UTC.
 *
 * @param fields the fields given, as written (in the order above)
 */
record QuerySchedule(Map<String, String> fields, List<BitSet> allowed) {

	private static final String[] NAMES = { "second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek" };

	private static final int[] MIN = { 0, 0, 0, 1, 1, 1 };

	private static final int[] MAX = { 59, 59, 23, 31, 12, 7 };

	private static final Pattern ELEMENT = Pattern.compile("(\\d{1,2})|\\[(\\d{1,2})-(\\d{1,2})\\]");

	/** Beyond this, a schedule is said never to fire (e.g. 30 February). */
	private static final long HORIZON_DAYS = 366L * 8;

	/**
	 * Parses the {@code schedule} object; every problem is added to {@code errors}
	 * (fields named {@code schedule.<field>}).
	 * @return the schedule, or null when it has problems
	 */
	static @Nullable QuerySchedule parse(JsonNode node, List<FieldProblem> errors) {
		int before = errors.size();
		if (!node.isObject()) {
			errors.add(new FieldProblem("schedule", "an object of second, minute, hour, dayOfMonth, month, dayOfWeek"));
			return null;
		}
		for (var field : node.properties()) {
			if (!List.of(NAMES).contains(field.getKey())) {
				errors.add(new FieldProblem("schedule." + field.getKey(),
						"unknown field (second, minute, hour, dayOfMonth, month, dayOfWeek)"));
			}
		}
		Map<String, String> given = new LinkedHashMap<>();
		List<BitSet> allowed = new ArrayList<>();
		for (int i = 0; i < NAMES.length; i++) {
			JsonNode value = node.get(NAMES[i]);
			BitSet bits = new BitSet(MAX[i] + 1);
			if (value == null || value.isNull()) {
				bits.set(MIN[i], MAX[i] + 1);
			}
			else if (!value.isString() && !value.isIntegralNumber()) {
				errors.add(new FieldProblem("schedule." + NAMES[i], "a string such as \"0,30\" or \"[1-5]\""));
			}
			else {
				String text = value.asString().strip();
				given.put(NAMES[i], text);
				String problem = field(text, MIN[i], MAX[i], bits);
				if (problem != null) {
					errors.add(new FieldProblem("schedule." + NAMES[i], problem));
				}
			}
			allowed.add(bits);
		}
		if (errors.size() > before) {
			return null;
		}
		QuerySchedule schedule = new QuerySchedule(Map.copyOf(given), List.copyOf(allowed));
		if (schedule.next(Instant.parse("2000-01-01T00:00:00Z")) == null) {
			errors.add(new FieldProblem("schedule", "matches no date (e.g. 31 in a month that has 30 days)"));
			return null;
		}
		return schedule;
	}

	/**
	 * One field: null when good, else what is wrong; the values it allows set in bits.
	 */
	private static @Nullable String field(String text, int min, int max, BitSet bits) {
		String range = "numbers " + min + "–" + max + " and ranges [a-b], separated by commas";
		if (text.isEmpty()) {
			return "empty: " + range;
		}
		for (String element : text.split(",", -1)) {
			Matcher m = ELEMENT.matcher(element.strip());
			if (!m.matches()) {
				return "'" + element + "' is not a number or a range [a-b]: " + range;
			}
			int from = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
			int to = m.group(1) != null ? from : Integer.parseInt(m.group(3));
			if (from < min || to > max) {
				return "'" + element + "' is outside " + min + "–" + max;
			}
			if (from > to) {
				return "'" + element + "': the range's first number is greater than its second";
			}
			bits.set(from, to + 1);
		}
		return null;
	}

	/**
	 * The first time strictly after {@code after} (whole seconds, UTC) that matches; null
	 * if none within years.
	 */
	@Nullable Instant next(Instant after) {
		LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		LocalDateTime horizon = t.plusDays(HORIZON_DAYS);
		while (t.isBefore(horizon)) {
			if (!this.allowed.get(4).get(t.getMonthValue())) {
				t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
			}
			else if (!this.allowed.get(3).get(t.getDayOfMonth())
					|| !this.allowed.get(5).get(t.getDayOfWeek().getValue())) {
				t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
			}
			else if (!this.allowed.get(2).get(t.getHour())) {
				t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
			}
			else if (!this.allowed.get(1).get(t.getMinute())) {
				t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
			}
			else if (!this.allowed.get(0).get(t.getSecond())) {
				t = t.plusSeconds(1);
			}
			else {
				return t.toInstant(ZoneOffset.UTC);
			}
		}
		return null;
	}

}
