package com.veritrace.codes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link EpcUris#toEventHashForm(String)} against the CBV 2.0 event hash reference implementation's
 * own golden files ({@code shared/conformance/epcis-hash/ralphtro/examples/epclist_normalisation.*},
 * whose pre-hash is consistent with its expected hash ID per the folder's README).
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
		String prehash = Files
			.readString(ConformanceVectors.root().resolve("epcis-hash/ralphtro/examples/epclist_normalisation.prehashes"));
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

}
