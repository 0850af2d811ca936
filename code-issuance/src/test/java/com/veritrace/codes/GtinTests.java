package com.veritrace.codes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtinTests {

	@Test
	void normalisesShorterGtinsToFourteenDigits() {
		// GTIN-13 4006381333931 (GS1's check digit example) and GTIN-12 036000291452
		// (UPC-A)
		assertThat(Gtin.parse("4006381333931").value()).isEqualTo("04006381333931");
		assertThat(Gtin.parse("036000291452").value()).isEqualTo("00036000291452");
		assertThat(Gtin.parse("96385074").value()).isEqualTo("00000096385074");
		assertThat(Gtin.parse("09506000134352").value()).isEqualTo("09506000134352");
	}

	@Test
	void refusesWrongCheckDigitWithTheExpectedOne() {
		assertThatThrownBy(() -> Gtin.parse("09506000134353")).isInstanceOf(InvalidCodeException.class)
			.hasMessageContaining("should be 2");
	}

	@Test
	void refusesBadLengthAndCharacters() {
		assertThatThrownBy(() -> Gtin.parse("123456789")).hasMessageContaining("found 9");
		assertThatThrownBy(() -> Gtin.parse("0950600013435A")).hasMessageContaining("digits only");
		assertThatThrownBy(() -> Gtin.parse(" ")).hasMessageContaining("empty");
	}

}
