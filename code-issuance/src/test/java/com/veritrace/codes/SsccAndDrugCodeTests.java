package com.veritrace.codes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SsccAndDrugCodeTests {

	@Test
	void ssccFromPartsMatchesTheTdsExample() {
		// TDS 1.13 Annex E.3: (00) 106141412345678908 =
		// urn:epc:id:sscc:0614141.1234567890
		Sscc sscc = Sscc.of(1, "0614141", 234567890L);
		assertThat(sscc.value()).isEqualTo("106141412345678908");
		assertThat(sscc.toEpcUri(7)).isEqualTo("urn:epc:id:sscc:0614141.1234567890");
		assertThat(sscc.digitalLink(null).toUri()).isEqualTo("https://id.gs1.org/00/106141412345678908");
		assertThat(Sscc.of(0, "952012345678", 1).value()).isEqualTo("095201234567800015");
		assertThat(Sscc.parse(" 123456789012345675 ").value()).isEqualTo("123456789012345675");
	}

	@Test
	void ssccRefusesWrongCheckDigitsLengthsAndOverflow() {
		assertThatThrownBy(() -> Sscc.parse("123456789012345670")).isInstanceOf(InvalidCodeException.class)
			.hasMessage("SSCC check digit is 0 but should be 5 for 123456789012345670");
		assertThatThrownBy(() -> Sscc.parse("12345678901234567")).hasMessageContaining("18 digits");
		assertThatThrownBy(() -> Sscc.of(1, "0614141", 1_000_000_000L))
			.hasMessageContaining("does not fit in 9 digits");
		assertThatThrownBy(() -> Sscc.of(10, "0614141", 1)).hasMessageContaining("0..9");
		assertThatThrownBy(() -> Sscc.of(1, "06141", 1)).hasMessageContaining("6 to 12 digits");
	}

	@Test
	void drugCodeSplitsIntoItsParts() {
		NmpaDrugCode code = NmpaDrugCode.parse("8123456 123456789 0123");
		assertThat(code.productCode()).isEqualTo("8123456");
		assertThat(code.serial()).isEqualTo("123456789");
		assertThat(code.verification()).isEqualTo("0123");
		assertThat(code.value()).isEqualTo("81234561234567890123");
		assertThat(NmpaDrugCode.parse("81234561234567890123")).isEqualTo(code);
	}

	@Test
	void drugCodeRefusesOtherLengthsAndCharacters() {
		assertThatThrownBy(() -> NmpaDrugCode.parse("8123456123456789012"))
			.hasMessage("drug traceability code must have 20 digits, found 19");
		assertThatThrownBy(() -> NmpaDrugCode.parse("812345612345678901A3"))
			.hasMessage("drug traceability code must contain digits only, found 'A' at position 19");
		assertThatThrownBy(() -> new NmpaDrugCode("812345", "123456789", "0123"))
			.hasMessageContaining("drug identification code must be 7 digits");
	}

}
