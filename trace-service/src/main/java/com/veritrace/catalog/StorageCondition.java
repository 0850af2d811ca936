package com.veritrace.catalog;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;

/**
 * A product's storage condition: the temperature range (°C) it must be kept in, either
 * end open ({@code null}). {@link #NONE} has neither end: the product has no condition.
 */
public record StorageCondition(@Nullable Double minCelsius, @Nullable Double maxCelsius) {

	/** No storage condition. */
	public static final StorageCondition NONE = new StorageCondition(null, null);

	/**
	 * The lowest and highest temperature a condition may name: from deep-frozen storage
	 * (about -80 °C) with margin, to well above any room.
	 */
	public static final double LOWEST = -100;

	public static final double HIGHEST = 100;

	/** Whether the product has a condition at all. */
	public boolean defined() {
		return this.minCelsius != null || this.maxCelsius != null;
	}

	/** Whether a temperature (°C) is outside the range. */
	public boolean outside(double celsius) {
		return (this.minCelsius != null && celsius < this.minCelsius)
				|| (this.maxCelsius != null && celsius > this.maxCelsius);
	}

	/**
	 * What is wrong with the condition, for problem details and forms ({@code field}:
	 * {@code storageMinCelsius} or {@code storageMaxCelsius}): an end outside
	 * {@link #LOWEST}..{@link #HIGHEST} or not a number, or min above max.
	 */
	public List<FieldProblem> problems() {
		List<FieldProblem> problems = new ArrayList<>();
		check("storageMinCelsius", this.minCelsius, problems);
		check("storageMaxCelsius", this.maxCelsius, problems);
		if (problems.isEmpty() && this.minCelsius != null && this.maxCelsius != null
				&& this.minCelsius > this.maxCelsius) {
			problems.add(new FieldProblem("storageMaxCelsius",
					"must not be below storageMinCelsius " + format(this.minCelsius)));
		}
		return problems;
	}

	private static void check(String field, @Nullable Double value, List<FieldProblem> problems) {
		if (value != null && !(value >= LOWEST && value <= HIGHEST)) {
			problems.add(new FieldProblem(field, "must be a temperature in °C from " + format(LOWEST) + " to "
					+ format(HIGHEST) + ", got " + value));
		}
	}

	/** A temperature as people write it: {@code 2}, {@code -18}, {@code 2.5}. */
	public static String format(double celsius) {
		return celsius == Math.rint(celsius) && Math.abs(celsius) < 1e6 ? String.valueOf((long) celsius)
				: String.valueOf(Math.round(celsius * 100) / 100.0);
	}

	/**
	 * The range as people write it: {@code 2–8 °C}, {@code ≤ 25 °C}, {@code ≥ -18 °C}.
	 */
	public String label() {
		if (this.minCelsius != null && this.maxCelsius != null) {
			return format(this.minCelsius) + "–" + format(this.maxCelsius) + " °C";
		}
		if (this.maxCelsius != null) {
			return "≤ " + format(this.maxCelsius) + " °C";
		}
		return this.minCelsius == null ? "" : "≥ " + format(this.minCelsius) + " °C";
	}

}
