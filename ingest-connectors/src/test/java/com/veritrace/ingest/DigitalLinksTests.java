package com.veritrace.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** EPC URN / Digital Link -> canonical Digital Link, as the event hash and the identifier index need it. */
class DigitalLinksTests {

	/**
	 * OpenEPCIS translator URN -> DL pairs ({@code shared/conformance/digital-link/openepcis-urn-dl-pairs.json}).
	 * Left out: pairs whose expected DL keeps characters unescaped that GS1 Digital Link (Table 7-1) and the CBV hash
	 * reference escape ({@code / % ( ) * + , : !}), as the vector README warns.
	 */
	static Stream<Arguments> openEpcisPairs() {
		JsonNode pairs = JsonMapper.shared()
			.readTree(SharedFiles.read("conformance/digital-link/openepcis-urn-dl-pairs.json"))
			.get("pairs");
		List<Arguments> out = new ArrayList<>();
		for (JsonNode p : pairs.values()) {
			String expected = p.get("expected").asString();
			String tail = expected.substring("https://id.gs1.org/".length());
			if (p.get("op").asString().equals("urn_to_dl") && !tail.matches(".*[%()*+,:!].*")
					&& tail.split("/").length == tail.replaceAll("/+", "/").split("/").length && !tail.endsWith("/")) {
				out.add(Arguments.of(p.get("input").asString(), expected));
			}
		}
		assertThat(out).hasSize(25);
		return out.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("openEpcisPairs")
	void urnsConvertAsTheOpenEpcisTranslatorDoes(String urn, String expected) {
		assertThat(DigitalLinks.canonical(urn)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			https://example.com/gtin/09780345418913/21/765tz?abc=211121 | https://id.gs1.org/01/09780345418913/21/765tz
			https://brand.example/shop/01/9780345418913/10/L1/21/S1     | https://id.gs1.org/01/09780345418913/21/S1
			https://id.gs1.org/01/09506000134352/22/2A/10/LOT7          | https://id.gs1.org/01/09506000134352/10/LOT7
			https://id.gs1.org/sscc/106141412345678908                  | https://id.gs1.org/00/106141412345678908
			urn:epc:id:sgln:4012345.00005.0                             | https://id.gs1.org/414/4012345000054
			urn:epc:idpat:sgtin:4054739.099914.*                        | https://id.gs1.org/01/04054739999148
			""")
	void digitalLinksAreConstrainedToTheLowestLevelOnTheCanonicalHost(String input, String expected) {
		assertThat(DigitalLinks.canonical(input)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			urn:epc:id:sgtin:4012345.11111.1
			urn:epc:id:sgtin:40123.0111111.1
			https://example.com/po/12345678
			https://id.gs1.org/01/0950600013435/21/
			urn:epcglobal:cbv:bt:4012345000009:ASN1099
			geo:47.506694,11.104301
			""")
	void otherValuesAreNotIdentifiers(String input) {
		assertThat(DigitalLinks.canonical(input)).isNull();
	}

	@Test
	void checkDigitsFollowGs1Mod10() {
		// digital-link.js / gs1-syntax-engine vectors: 09520123456788 is valid, 012345678906 is not
		assertThat(DigitalLinks.checkDigitValid("09520123456788")).isTrue();
		assertThat(DigitalLinks.checkDigitValid("012345678906")).isFalse();
		assertThat(DigitalLinks.withCheckDigit("0952012345678")).isEqualTo("09520123456788");
	}

	@Test
	void escapesAreDecodedForTheIdentifierIndex() {
		assertThat(DigitalLinks.unescape("6789%2F%26%25%22%21%3F%28%29")).isEqualTo("6789/&%\"!?()");
		assertThat(DigitalLinks.unescape("100%")).isEqualTo("100%");
	}

}
