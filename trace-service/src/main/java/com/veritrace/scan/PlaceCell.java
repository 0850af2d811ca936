package com.veritrace.scan;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import com.veritrace.shared.InvalidException;

/**
 * A phone's approximate area: latitude and longitude rounded to one decimal (a cell of
 * about 11 km north to south, less east to west away from the equator), written
 * {@code "31.2,121.5"}. The page rounds in the browser ({@code place.js}), so the precise
 * position never leaves the phone; the service accepts only cells already rounded and
 * never rounds a precise position itself. Commas and dots keep cells apart from the
 * edge's region names (letters, digits, space, {@code -_} only) in a code's distinct
 * places.
 */
final class PlaceCell {

	private static final Pattern CELL = Pattern.compile("(-?(?:0|[1-9]\\d{0,2})\\.\\d),(-?(?:0|[1-9]\\d{0,2})\\.\\d)");

	private static final BigDecimal MAX_LATITUDE = BigDecimal.valueOf(90);

	private static final BigDecimal MAX_LONGITUDE = BigDecimal.valueOf(180);

	private PlaceCell() {
	}

	/**
	 * The cell in its canonical form; 400 problem details unless it is a one-decimal cell
	 * on the globe.
	 */
	static String parse(@Nullable String text) {
		if (text == null) {
			throw InvalidException.of("cell", "is required");
		}
		Matcher m = CELL.matcher(text);
		if (!m.matches()) {
			throw InvalidException.of("cell",
					"must be latitude and longitude rounded to one decimal, like 31.2,121.5 (rounded on the phone)");
		}
		BigDecimal latitude = new BigDecimal(m.group(1));
		BigDecimal longitude = new BigDecimal(m.group(2));
		if (latitude.abs().compareTo(MAX_LATITUDE) > 0 || longitude.abs().compareTo(MAX_LONGITUDE) > 0) {
			throw InvalidException.of("cell", "latitude must be within ±90 and longitude within ±180");
		}
		// -0.0 and 0.0 are one cell: BigDecimal has no negative zero
		return latitude.toPlainString() + "," + longitude.toPlainString();
	}

}
