package com.veritrace.codes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AI values checked against the AI table, as lot numbers and serials are in the services.
 */
class AiElementTests {

	@Test
	void lotsAndSerialsAreOneToTwentyCharactersOfCharacterSet82() {
		for (String ai : new String[] { "10", "21" }) {
			assertThat(AiElement.isValid(ai, "LJ2026A")).isTrue();
			assertThat(AiElement.isValid(ai, "!\"%&'()*+,-./:;<=>?_")).isTrue();
			assertThat(AiElement.isValid(ai, "12345678901234567890")).isTrue();
			assertThat(AiElement.isValid(ai, "123456789012345678901")).isFalse();
			assertThat(AiElement.isValid(ai, "")).isFalse();
			assertThat(AiElement.isValid(ai, "A B")).isFalse();
			assertThat(AiElement.isValid(ai, "A#B")).isFalse();
			assertThat(AiElement.isValid(ai, "批号1")).isFalse();
		}
	}

	@Test
	void otherAisUseTheirOwnFormatAndUnknownAisAreInvalid() {
		assertThat(AiElement.isValid("01", "09520123456788")).isTrue();
		assertThat(AiElement.isValid("01", "09520123456789")).isFalse();
		assertThat(AiElement.isValid("89", "X")).isFalse();
	}

}
