package com.veritrace.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.veritrace.shared.InvalidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Only cells already rounded on the phone are accepted; the service never sees, or
 * rounds, a precise position.
 */
class PlaceCellTests {

	@Test
	void acceptsCellsOfOneDecimalInTheirCanonicalForm() {
		assertThat(PlaceCell.parse("31.2,121.5")).isEqualTo("31.2,121.5");
		assertThat(PlaceCell.parse("-33.9,18.4")).isEqualTo("-33.9,18.4");
		assertThat(PlaceCell.parse("90.0,-180.0")).isEqualTo("90.0,-180.0");
		// the equator and the prime meridian are one cell, whatever the sign of zero
		assertThat(PlaceCell.parse("-0.0,-0.0")).isEqualTo("0.0,0.0");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "31.23456,121.47370", "31,121", "31.2, 121.5", "31.2;121.5", "031.2,121.5", "31.2", "90.1,0.0",
					"0.0,180.1", "-91.0,0.0", "1e1,2.0", "NaN,0.0", "", "Hangzhou", "31.2,121.5,0.0", "31.2,121.5\n" })
	void refusesAnythingElseWithA400(String cell) {
		assertThatExceptionOfType(InvalidException.class).isThrownBy(() -> PlaceCell.parse(cell))
			.satisfies(p -> assertThat(p.errors()).extracting(e -> e.field()).containsExactly("cell"));
	}

	@Test
	void aMissingCellIsA400() {
		assertThatExceptionOfType(InvalidException.class).isThrownBy(() -> PlaceCell.parse(null))
			.satisfies(p -> assertThat(p.type()).isEqualTo("validation"));
	}

}
