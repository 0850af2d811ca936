package com.veritrace.coldchain;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The temperature units of EPCIS sensor reports (UN/CEFACT Recommendation 20 codes, as
 * {@code uom} carries them), converted to degrees Celsius.
 */
enum TemperatureUnit {

	/** Degree Celsius. */
	CEL {
		@Override
		double toCelsius(double value) {
			return value;
		}
	},
	/** Degree Fahrenheit. */
	FAH {
		@Override
		double toCelsius(double value) {
			return (value - 32) * 5 / 9;
		}
	},
	/** Kelvin. */
	KEL {
		@Override
		double toCelsius(double value) {
			return value - 273.15;
		}
	};

	/** The value in °C, unrounded. */
	abstract double toCelsius(double value);

	/** The unit of a {@code uom} code, or null for any other (not a temperature unit). */
	static @Nullable TemperatureUnit of(@Nullable String uom) {
		if (uom == null) {
			return null;
		}
		return switch (uom.strip().toUpperCase(Locale.ROOT)) {
			case "CEL" -> CEL;
			case "FAH" -> FAH;
			case "KEL" -> KEL;
			default -> null;
		};
	}

	/**
	 * The value in °C to a hundredth of a degree: conversions do not turn a reading on
	 * the edge of a range (46.4 °F, 8 °C) into one just outside it.
	 */
	double celsius(double value) {
		return Math.round(toCelsius(value) * 100) / 100.0;
	}

}
