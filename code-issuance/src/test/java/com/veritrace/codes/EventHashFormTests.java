package com.veritrace.codes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EpcUris#toEventHashForm(String)} and {@link EventHashForm} against the CBV 2.0
 * event hash reference implementation's own golden files
 * ({@code src/test/resources/conformance/epcis-hash/ralphtro/examples/epclist_normalisation.*},
 * whose pre-hash is consistent with its expected hash ID per the folder's README), the
 * OpenEPCIS URN -> DL pairs, and the cases where the reference differs from GS1's syntax
 * engine.
 */
class EventHashFormTests {

	@Test
	void everyIdentifierOfTheNormalisationExampleGivesTheReferencePrehashForm() throws IOException {
		JsonNode doc = ConformanceVectors.read("epcis-hash/ralphtro/examples/epclist_normalisation.jsonld");
		List<String> inputs = new ArrayList<>();
		for (JsonNode epc : doc.path("epcisBody").path("eventList").get(0).path("epcList")) {
			inputs.add(epc.asString());
		}
		assertThat(inputs).hasSize(23);
		String prehash = Files.readString(
				ConformanceVectors.root().resolve("epcis-hash/ralphtro/examples/epclist_normalisation.prehashes"));
		List<String> expected = new ArrayList<>();
		Matcher m = Pattern.compile("epc=(.*?)(?=epc=|action=)").matcher(prehash);
		while (m.find()) {
			expected.add(m.group(1));
		}
		assertThat(expected).hasSize(23);

		List<String> actual = new ArrayList<>();
		for (String input : inputs) {
			actual.add(EpcUris.toEventHashForm(input).orElseThrow());
		}
		// the pre-hash lists the converted EPCs sorted by code point
		assertThat(actual.stream().sorted().toList()).containsExactlyElementsOf(expected);
		assertThat(EpcUris.toEventHashForm("urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB"))
			.contains("https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB"))
			.isEqualTo("https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB");
	}

	@Test
	void idPatternsBecomeTheirClass() {
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:sgtin:4012345.066666.*"))
			.contains("https://id.gs1.org/01/04012345666663");
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:grai:4012345.66666.*"))
			.contains("https://id.gs1.org/8003/04012345666663");
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:gdti:4012345.55555.*"))
			.contains("https://id.gs1.org/253/4012345555554");
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:sgcn:4012345.99999.*"))
			.contains("https://id.gs1.org/255/4012345999990");
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:cpi:4012345.ABC.*"))
			.contains("https://id.gs1.org/8010/4012345ABC");
		assertThat(EpcUris.toEventHashForm("urn:epc:idpat:itip:4012345.012345.01.02.*"))
			.contains("https://id.gs1.org/8006/040123451234560102");
		assertThatThrownBy(() -> EpcUris.toEventHashForm("urn:epc:idpat:sgtin:4012345.066666.1"))
			.hasMessageContaining("final '*'");
	}

	@Test
	void digitalLinksKeepOnlyTheMostSpecificIdentityAndOtherUrisAreNotGs1() {
		assertThat(EpcUris.toEventHashForm("https://brand.example/x/01/09520123456788/22/V1/10/L1/21/S1?17=270101"))
			.contains("https://id.gs1.org/01/09520123456788/21/S1");
		assertThat(EpcUris.toEventHashForm("https://brand.example/01/09520123456788/10/L1"))
			.contains("https://id.gs1.org/01/09520123456788/10/L1");
		assertThat(EpcUris.toEventHashForm("https://example.com/po/12345")).isEmpty();
		assertThat(EpcUris.toEventHashForm("urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8")).isEmpty();
	}

	/**
	 * OpenEPCIS translator URN -> DL pairs
	 * ({@code src/test/resources/conformance/digital-link/openepcis-urn-dl-pairs.json}).
	 * Left out: pairs whose expected DL keeps characters unescaped that GS1 Digital Link
	 * (Table 7-1) and the CBV hash reference escape ({@code / % ( ) * + , : !}), as the
	 * vector README warns.
	 */
	static Stream<Arguments> openEpcisPairs() {
		JsonNode pairs = ConformanceVectors.read("digital-link/openepcis-urn-dl-pairs.json").get("pairs");
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
		assertThat(EventHashForm.canonical(urn)).isEqualTo(expected);
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
		assertThat(EventHashForm.canonical(input)).isEqualTo(expected);
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
		assertThat(EventHashForm.canonical(input)).isNull();
	}

	/**
	 * Where the reference ({@code dl_normaliser.py}) and GS1's syntax engine part ways,
	 * the hash form follows the reference: escapes are kept as written (not decoded, not
	 * upper-cased), check digits and query strings are not checked, and a URN component
	 * is escaped only for {@code ! ( ) * + , :}.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					urn:epc:id:sgtin:4012345.011111.x%2fy             | https://id.gs1.org/01/04012345111118/21/x%2fy
					urn:epc:id:sgtin:4012345.011111.x%41y             | https://id.gs1.org/01/04012345111118/21/x%41y
					urn:epc:id:sgtin:4012345.011111.x!y               | https://id.gs1.org/01/04012345111118/21/x%21y
					https://example.com/01/09520123456789             | https://id.gs1.org/01/09520123456789
					https://example.com/01/09520123456788?10=ABC      | https://id.gs1.org/01/09520123456788
					https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB | https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB
					""")
	void theHashFormFollowsTheReferenceWhereTheSyntaxEngineDiffers(String input, String expected) {
		assertThat(EventHashForm.canonical(input)).isEqualTo(expected);
	}

	@Test
	void checkDigitsFollowGs1Mod10() {
		// digital-link.js / gs1-syntax-engine vectors: 09520123456788 is valid,
		// 012345678906 is not
		assertThat(EventHashForm.checkDigitValid("09520123456788")).isTrue();
		assertThat(EventHashForm.checkDigitValid("012345678906")).isFalse();
		assertThat(CheckDigits.append("0952012345678")).isEqualTo("09520123456788");
	}

	@Test
	void escapesAreDecodedForTheIdentifierIndex() {
		assertThat(EventHashForm.unescape("6789%2F%26%25%22%21%3F%28%29")).isEqualTo("6789/&%\"!?()");
		assertThat(EventHashForm.unescape("100%")).isEqualTo("100%");
	}

}
