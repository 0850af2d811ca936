package com.veritrace.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SGTIN-96 against every file of {@code src/test/resources/conformance/sgtin96} (see its
 * README.md).
 */
class Sgtin96Tests {

	@TestFactory
	Stream<DynamicTest> validCasesEncodeAndDecode() {
		JsonNode cases = ConformanceVectors.read("sgtin96/sgtin96-valid-cases.json").path("cases");
		assertThat(cases.size()).isEqualTo(30);
		List<DynamicTest> tests = new ArrayList<>();
		for (JsonNode c : cases) {
			String hex = c.path("hex").asString();
			tests.add(DynamicTest.dynamicTest(c.path("tag_uri").asString() + " = " + hex, () -> {
				Sgtin96 fromTag = Sgtin96.fromTagUri(c.path("tag_uri").asString());
				assertThat(fromTag.toHex()).isEqualTo(hex);

				Sgtin96 decoded = Sgtin96.fromHex(hex);
				assertThat(decoded).isEqualTo(fromTag);
				assertThat(decoded.filter()).isEqualTo(c.path("filter").asInt());
				assertThat(decoded.partition()).isEqualTo(c.path("partition").asInt());
				assertThat(decoded.companyPrefix()).isEqualTo(c.path("company_prefix").asString());
				assertThat(decoded.itemReference()).isEqualTo(c.path("item_reference").asString());
				assertThat(decoded.serial()).isEqualTo(c.path("serial").asString());
				assertThat(decoded.tagUri()).isEqualTo(c.path("tag_uri").asString());
				assertThat(decoded.pureIdentityUri()).isEqualTo(c.path("pure_identity_uri").asString());
				assertThat(decoded.gtin().value()).isEqualTo(c.path("gtin14").asString());
				assertThat(decoded.elementString()).isEqualTo(c.path("element_string").asString());
				assertThat(decoded.digitalLink(null).toUri()).isEqualTo(c.path("digital_link").asString());

				Sgtin96 fromGtin = Sgtin96.of(Gtin.parse(c.path("gtin14").asString()),
						c.path("company_prefix").asString().length(), c.path("serial").asString(),
						c.path("filter").asInt());
				assertThat(fromGtin.toHex()).isEqualTo(hex);
				assertThat(
						Sgtin96.fromPureIdentityUri(c.path("pure_identity_uri").asString(), c.path("filter").asInt()))
					.isEqualTo(decoded);
				assertThat(EpcUris.toDigitalLink(c.path("pure_identity_uri").asString()))
					.isEqualTo(c.path("digital_link").asString());
				assertThat(EpcUris.fromDigitalLink(c.path("digital_link").asString(),
						c.path("company_prefix").asString().length()))
					.isEqualTo(c.path("pure_identity_uri").asString());
			}));
		}
		return tests.stream();
	}

	@Test
	void encodeRejectsWhatTheStandardRejects() {
		JsonNode cases = ConformanceVectors.read("sgtin96/sgtin96-invalid-and-thirdparty.json")
			.path("encode_must_reject");
		assertThat(cases.size()).isEqualTo(7);
		List<String> messages = new ArrayList<>();
		for (JsonNode c : cases) {
			Throwable thrown;
			if (c.has("tag_uri")) {
				thrown = org.assertj.core.api.Assertions
					.catchThrowable(() -> Sgtin96.fromTagUri(c.path("tag_uri").asString()));
			}
			else {
				thrown = org.assertj.core.api.Assertions
					.catchThrowable(() -> Sgtin96.fromPureIdentityUri(c.path("pure_identity_uri").asString(), 1));
			}
			assertThat(thrown).as(c.path("reason").asString()).isInstanceOf(InvalidCodeException.class);
			messages.add(thrown.getMessage());
		}
		assertThat(messages.get(0)).contains("must not have leading zeros");
		assertThat(messages.get(1)).contains("at most 274877906943");
		assertThat(messages.get(2)).contains("must be a decimal integer").contains("SGTIN-198");
		assertThat(messages.get(3)).contains("filter must be 0..7, found 8");
		assertThat(messages.get(4)).contains("company prefix must be 6 to 12 digits");
		assertThat(messages.get(5)).contains("must be 13 digits together").contains("7 + 5");
		assertThat(messages.get(6)).contains("must have 3 fields");
	}

	@Test
	void decodeRejectsWhatTheStandardRejects() {
		JsonNode cases = ConformanceVectors.read("sgtin96/sgtin96-invalid-and-thirdparty.json")
			.path("decode_must_reject");
		assertThat(cases.size()).isEqualTo(3);
		assertThatThrownBy(() -> Sgtin96.fromHex(cases.get(0).path("hex").asString()))
			.isInstanceOf(InvalidCodeException.class)
			.hasMessage("SGTIN-96 partition value 7 is reserved");
		assertThatThrownBy(() -> Sgtin96.fromHex(cases.get(1).path("hex").asString()))
			.hasMessage("header 0xF4 is not SGTIN-96 (0x30)");
		assertThatThrownBy(() -> Sgtin96.fromHex(cases.get(2).path("hex").asString()))
			.hasMessage("SGTIN-96 hex has 'G' at position 20, which is not hexadecimal");
		assertThatThrownBy(() -> Sgtin96.fromHex("3074257BF7194E4000001A8")).hasMessageContaining("found 23");
		// only ASCII hex digits: fullwidth (U+FF13) and Arabic-Indic (U+0665) digits were
		// decoded as 3 and 5
		assertThatThrownBy(() -> Sgtin96.fromHex("\uFF13074257BF7194E4000001A85"))
			.hasMessage("SGTIN-96 hex has '\uFF13' at position 1, which is not hexadecimal");
		assertThatThrownBy(() -> Sgtin96.fromHex("3074257BF7194E4000001A8\u0665"))
			.hasMessageContaining("at position 24, which is not hexadecimal");
		// a company prefix field beyond its digit count (partition 6: 20 bits hold up to
		// 1048575 > 6 digits)
		assertThatThrownBy(() -> Sgtin96.fromHex("301BFFFFC00000000000000A"))
			.hasMessageContaining("company prefix field 1048575 has more than 6 digits");
	}

	@Test
	void thirdPartyDecodesKeepTheItemReferencePadding() {
		JsonNode cases = ConformanceVectors.read("sgtin96/sgtin96-invalid-and-thirdparty.json")
			.path("decode_third_party");
		assertThat(cases.size()).isEqualTo(2);
		for (JsonNode c : cases) {
			Sgtin96 decoded = Sgtin96.fromHex(c.path("hex").asString());
			assertThat(decoded.filter()).isEqualTo(c.path("filter").asInt());
			assertThat(decoded.partition()).isEqualTo(c.path("partition").asInt());
			assertThat(decoded.companyPrefix()).isEqualTo(c.path("company_prefix").asString());
			assertThat(decoded.itemReference()).isEqualTo(c.path("item_reference").asString());
			assertThat(decoded.serial()).isEqualTo(c.path("serial").asString());
			assertThat(decoded.tagUri()).isEqualTo(c.path("tag_uri").asString());
			assertThat(decoded.toHex()).isEqualTo(c.path("hex").asString());
		}
	}

	/**
	 * TDS 1.13 Annex E.3. The SGTIN-96 row is checked bit for bit. For the other schemes
	 * Veritrace does not write binary tag encodings (only SGTIN-96 is issued to RFID), so
	 * their rows are checked at the level the product uses them: pure identity URI -> GS1
	 * element string (and Digital Link); GID, USDOD and ADI have no GS1 key and must be
	 * refused.
	 */
	@TestFactory
	Stream<DynamicTest> tdsAnnexE3Examples() {
		JsonNode examples = ConformanceVectors.read("sgtin96/tds-1.13-annexE3-examples.json").path("examples");
		assertThat(examples.size()).isEqualTo(21);
		Set<String> noGs1Key = Set.of("GID-96", "USDOD-96", "ADI-var");
		List<DynamicTest> tests = new ArrayList<>();
		for (JsonNode e : examples) {
			String scheme = e.path("scheme").asString();
			String pure = e.path("pure_identity_uri").asString();
			tests.add(DynamicTest.dynamicTest(scheme + " " + pure, () -> {
				if (noGs1Key.contains(scheme)) {
					assertThat(e.has("element_string")).isFalse();
					assertThatThrownBy(() -> EpcUris.toElements(pure)).hasMessageContaining("has no GS1 Digital Link");
					return;
				}
				String expected = e.path("element_string").asString().replace(" ", "");
				String actual = String.join("", EpcUris.toElements(pure).stream().map(AiElement::toString).toList());
				assertThat(actual).isEqualTo(expected);
				assertThat(DigitalLink.parse(EpcUris.toDigitalLink(pure)).bracketed()).isEqualTo(expected);
				if (scheme.equals("SGTIN-96")) {
					Sgtin96 sgtin = Sgtin96.fromTagUri(e.path("tag_uri").asString());
					assertThat(sgtin.toHex()).isEqualTo(e.path("hex").asString());
					assertThat(Sgtin96.fromHex(e.path("hex").asString()).pureIdentityUri()).isEqualTo(pure);
				}
				if (scheme.equals("SGTIN-198")) {
					// alphanumeric serial: not SGTIN-96
					assertThatThrownBy(() -> Sgtin96.fromPureIdentityUri(pure, 3)).hasMessageContaining("SGTIN-198");
				}
			}));
		}
		return tests.stream();
	}

}
