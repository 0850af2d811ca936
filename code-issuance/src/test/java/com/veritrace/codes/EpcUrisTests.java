package com.veritrace.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EPC URN <-> Digital Link, against {@code digital-link/openepcis-urn-dl-pairs.json}.
 * <p>
 * The README of that folder warns that OpenEPCIS leaves {@code /}, {@code %} etc.
 * unescaped, so a few pairs are not strict oracles. Which ones is decided from the data,
 * not by a hand list: a pair is strict when its URN obeys TDS escaping (no raw
 * {@code " % & / < > ? #}) and its Digital Link is already in the syntax engine's escaped
 * form (it parses and re-serialises unchanged). Strict pairs must match exactly. For the
 * others we assert the same decoded content (URN to DL) or a refusal naming the raw
 * character (a URN or DL that breaks its own escaping rules). DL -> URN pairs without a
 * company prefix length ({@code gcp_length: null}) are not applicable: OpenEPCIS looks
 * the length up in GS1's company prefix length table, which Veritrace does not ship (a
 * brand states its prefix length when it registers products).
 */
class EpcUrisTests {

	private static final JsonNode PAIRS = ConformanceVectors.read("digital-link/openepcis-urn-dl-pairs.json")
		.path("pairs");

	private static boolean strictUrn(String urn) {
		try {
			EpcUris.toElements(urn);
			return true;
		}
		catch (InvalidCodeException ex) {
			return !ex.getMessage().contains("must be %-escaped") && !ex.getMessage().contains("'%' not followed");
		}
	}

	private static boolean strictDigitalLink(String uri) {
		try {
			return DigitalLink.parse(uri).toUri().equals(uri);
		}
		catch (InvalidCodeException ex) {
			return false;
		}
	}

	private static String decode(String s) {
		return PercentCoding.decode(s, false, "test");
	}

	@TestFactory
	Stream<DynamicTest> urnToDigitalLink() {
		List<DynamicTest> tests = new ArrayList<>();
		int[] strict = { 0 };
		for (JsonNode p : PAIRS) {
			if (!p.path("op").asString().equals("urn_to_dl")) {
				continue;
			}
			String urn = p.path("input").asString();
			String expected = p.path("expected").asString();
			boolean isStrict = strictUrn(urn) && strictDigitalLink(expected);
			if (isStrict) {
				strict[0]++;
			}
			tests.add(DynamicTest.dynamicTest(urn + " -> " + expected, () -> {
				if (isStrict) {
					assertThat(EpcUris.toDigitalLink(urn)).isEqualTo(expected);
				}
				else if (!strictUrn(urn)) {
					assertThatThrownBy(() -> EpcUris.toDigitalLink(urn)).isInstanceOf(InvalidCodeException.class)
						.hasMessageContaining("must be %-escaped");
				}
				else {
					String ours = EpcUris.toDigitalLink(urn);
					assertThat(strictDigitalLink(ours)).isTrue();
					assertThat(decode(ours)).isEqualTo(decode(expected));
				}
			}));
		}
		assertThat(tests).hasSize(36);
		assertThat(strict[0]).as("strict URN->DL pairs").isEqualTo(STRICT_URN_TO_DL);
		return tests.stream();
	}

	private static final int STRICT_URN_TO_DL = 26;

	@TestFactory
	Stream<DynamicTest> digitalLinkToUrn() {
		List<DynamicTest> tests = new ArrayList<>();
		int notApplicable = 0;
		for (JsonNode p : PAIRS) {
			if (!p.path("op").asString().equals("dl_to_urn")) {
				continue;
			}
			if (p.path("gcp_length").isNull()) {
				notApplicable++;
				continue;
			}
			String dl = p.path("input").asString();
			int gcp = p.path("gcp_length").asInt();
			String expected = p.path("expected").asString();
			tests.add(DynamicTest.dynamicTest(dl + " (" + gcp + ") -> " + expected, () -> {
				if (strictDigitalLink(dl) || isValidDl(dl)) {
					assertThat(EpcUris.fromDigitalLink(dl, gcp)).isEqualTo(expected);
					// and back: the URN gives the canonical Digital Link of the same key
					assertThat(EpcUris.toDigitalLink(expected)).isEqualTo(DigitalLink.parse(dl).canonicalIdentity());
				}
				else {
					assertThatThrownBy(() -> EpcUris.fromDigitalLink(dl, gcp)).isInstanceOf(InvalidCodeException.class);
				}
			}));
		}
		assertThat(notApplicable).isEqualTo(NO_GCP_LENGTH);
		return tests.stream();
	}

	private static final int NO_GCP_LENGTH = 17;

	private static boolean isValidDl(String dl) {
		return DigitalLink.isValid(dl);
	}

	@Test
	void eventHashExamplesFromTheCbvStandard() {
		// CBV 2.0 section 8.9 worked example
		// (src/test/resources/conformance/epcis-hash/README.md)
		assertThat(EpcUris.toDigitalLink("urn:epc:id:sgtin:0614141.107346.2017"))
			.isEqualTo("https://id.gs1.org/01/10614141073464/21/2017");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:sgln:0614141.07346.1234"))
			.isEqualTo("https://id.gs1.org/414/0614141073467/254/1234");
		assertThat(EpcUris.toDigitalLink("urn:epc:class:lgtin:4012345.012345.998877"))
			.isEqualTo("https://id.gs1.org/01/04012345123456/10/998877");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:sscc:0614141.1234567890"))
			.isEqualTo("https://id.gs1.org/00/106141412345678908");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()"))
			.isEqualTo("https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:itip:4012345.012345.01.02.981"))
			.isEqualTo("https://id.gs1.org/8006/040123451234560102/21/981");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB"))
			.isEqualTo("https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB");
		assertThat(EpcUris.toDigitalLink("urn:epc:id:ginc:0614141.xyz47%2F11"))
			.isEqualTo("https://id.gs1.org/401/0614141xyz47%2F11");
	}

	@Test
	void refusesSchemesWithoutAGs1KeyAndMalformedUrns() {
		assertThatThrownBy(() -> EpcUris.toDigitalLink("urn:epc:id:gid:31415.271828.1414"))
			.hasMessageContaining("'gid' has no GS1 Digital Link equivalent");
		assertThatThrownBy(() -> EpcUris.toDigitalLink("urn:epc:id:sgtin:0614141.812345"))
			.hasMessageContaining("must have 3 fields");
		assertThatThrownBy(() -> EpcUris.toDigitalLink("urn:epc:id:sgtin:0614141.81234.1"))
			.hasMessageContaining("must be 13 digits together");
		assertThatThrownBy(() -> EpcUris.toDigitalLink("urn:epc:id:sgtin:06141.81234567.1"))
			.hasMessageContaining("6 to 12 digits");
		assertThatThrownBy(() -> EpcUris.toDigitalLink("urn:epc:id:sgtin:0614141.812345.a/b"))
			.hasMessageContaining("raw '/'");
		assertThatThrownBy(() -> EpcUris.toDigitalLink("https://id.gs1.org/01/09520123456788"))
			.hasMessageContaining("not an EPC pure identity URI");
	}

	@Test
	void digitalLinkToUrnForKeysWithoutQualifiers() {
		assertThatThrownBy(() -> EpcUris.fromDigitalLink("https://id.gs1.org/01/09520123456788", 7))
			.hasMessageContaining("has no EPC URI");
		assertThatThrownBy(() -> EpcUris.fromDigitalLink("https://id.gs1.org/8010/0614141AB", 7))
			.isInstanceOf(InvalidCodeException.class)
			.hasMessage("a CPI without serial (8011) has no EPC URI");
		assertThatThrownBy(() -> EpcUris.fromDigitalLink("https://id.gs1.org/8004/12345", 7))
			.isInstanceOf(InvalidCodeException.class)
			.hasMessage("key (8004) '12345' is shorter than a company prefix of 7 digits");
		assertThat(EpcUris.fromDigitalLink("https://example.com/01/09520123456788/10/L1", 7))
			.isEqualTo("urn:epc:class:lgtin:9520123.045678.L1");
	}

}
