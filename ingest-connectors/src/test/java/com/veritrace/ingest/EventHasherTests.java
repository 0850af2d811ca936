package com.veritrace.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CBV 2.0 event hash against the GS1 reference implementation's golden files
 * ({@code src/test/resources/conformance/epcis-hash}, from
 * RalphTro/epcis-event-hash-generator commit 5d2f1c38, MIT; indexed by
 * {@code manifest.json}): every JSON-LD and XML example with a {@code .hashes} file
 * (except the non-standard ignoreFields ones), the expected_equal sets and the GS1
 * identical-hash group.
 */
class EventHasherTests {

	private static final String BASE = "conformance/epcis-hash/";

	private static final String NON_CONFORMANT = "epclist_normalisation.jsonld";

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	/**
	 * Every JSON-LD example with a {@code .hashes} file, except the
	 * {@code *IgnoreFields*} ones: those use a non-standard reference-implementation
	 * feature (a document-level {@code ignoreFields} list of extension members to leave
	 * out of the hash) that is not part of CBV 2.0, so we do not implement it.
	 */
	static Stream<Arguments> jsonLdVectors() {
		JsonNode manifest = JsonMapper.shared().readTree(TestData.read(BASE + "manifest.json"));
		List<Arguments> out = new ArrayList<>();
		for (JsonNode e : manifest.get("explicit").values()) {
			if (e.get("format").asString().equals("jsonld") && !e.get("uses_nonstandard_ignoreFields").asBoolean()) {
				List<String> hashes = e.get("expected_hashes").values().stream().map(JsonNode::asString).toList();
				JsonNode pre = e.get("expected_prehashes_file");
				out.add(Arguments.of(e.get("input").asString(), hashes, pre.isNull() ? null : pre.asString()));
			}
		}
		assertThat(out).as("JSON-LD vectors in the manifest").hasSize(20);
		return out.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonLdVectors")
	void jsonLdExamplesHashAsTheReferenceDoes(String input, List<String> expectedHashes, String preHashFile) {
		String json = TestData.read(BASE + input);
		// epclist_normalisation puts an EPC class URN into epcList, which EPCIS forbids
		// (see the test below); the
		// reference hashes it anyway, so it is hashed here without validation
		EpcisDocument document = input.endsWith(NON_CONFORMANT) ? this.parser.parseWithoutValidation(json)
				: this.parser.parse(json);
		List<String> preHashes = document.events().stream().map(this.hasher::preHash).toList();
		if (preHashFile != null) {
			List<String> expectedPreHashes = Arrays.stream(TestData.read(BASE + preHashFile).split("\n"))
				.filter(l -> !l.isEmpty())
				.toList();
			assertThat(preHashes).as("pre-hash strings of %s", input).containsExactlyElementsOf(expectedPreHashes);
		}
		List<String> hashes = document.events().stream().map(e -> this.hasher.hash(e).ni()).toList();
		assertThat(hashes).as("hashes of %s in document order", input).containsExactlyElementsOf(expectedHashes);
	}

	/**
	 * The XML twins and XML-only examples (same golden files); XML is mapped to JSON-LD,
	 * then hashed alike.
	 */
	static Stream<Arguments> xmlVectors() {
		JsonNode manifest = JsonMapper.shared().readTree(TestData.read(BASE + "manifest.json"));
		List<Arguments> out = new ArrayList<>();
		for (JsonNode e : manifest.get("explicit").values()) {
			if (e.get("format").asString().equals("xml") && !e.get("uses_nonstandard_ignoreFields").asBoolean()) {
				List<String> hashes = e.get("expected_hashes").values().stream().map(JsonNode::asString).toList();
				JsonNode pre = e.get("expected_prehashes_file");
				out.add(Arguments.of(e.get("input").asString(), hashes, pre.isNull() ? null : pre.asString()));
			}
		}
		return out.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("xmlVectors")
	void xmlExamplesHashAsTheReferenceDoes(String input, List<String> expectedHashes, String preHashFile) {
		EpcisDocument document = this.parser.parseXml(TestData.read(BASE + input).getBytes(StandardCharsets.UTF_8));
		List<String> preHashes = document.events().stream().map(this.hasher::preHash).toList();
		if (preHashFile != null) {
			List<String> expectedPreHashes = Arrays.stream(TestData.read(BASE + preHashFile).split("\n"))
				.filter(l -> !l.isEmpty())
				.toList();
			assertThat(preHashes).as("pre-hash strings of %s", input).containsExactlyElementsOf(expectedPreHashes);
		}
		List<String> hashes = document.events().stream().map(e -> this.hasher.hash(e).ni()).toList();
		assertThat(hashes).as("hashes of %s in document order", input).containsExactlyElementsOf(expectedHashes);
	}

	@Test
	void workedExampleFromTheVectorReadme() {
		String preHash = "eventType=ObjectEventeventTime=2022-02-17T02:33:31.116ZeventTimeZoneOffset=-06:00epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transitreadPointid=https://id.gs1.org/414/0614141073467/254/1234bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=http://transaction.acme.com/po/12345678";
		assertThat(this.hasher.hashPreHash(preHash).ni())
			.isEqualTo("ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0");
	}

	static Stream<String> equivalenceSets() {
		JsonNode manifest = JsonMapper.shared().readTree(TestData.read(BASE + "manifest.json"));
		List<String> sets = manifest.get("equivalence_sets")
			.values()
			.stream()
			.map(e -> e.get("input").asString())
			.toList();
		assertThat(sets).hasSize(11);
		return sets.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("equivalenceSets")
	void serialisationsOfOneEventHashEqual(String input) {
		String text = TestData.read(BASE + input);
		EpcisDocument document = input.endsWith(".xml") ? this.parser.parseXml(text.getBytes(StandardCharsets.UTF_8))
				: this.parser.parse(text);
		assertThat(document.events()).hasSizeGreaterThan(1);
		assertThat(document.events().stream().map(this.hasher::hash).distinct()).as(input).hasSize(1);
	}

	/**
	 * gs1/EPCIS {@code XML/WithEventHashID}: seven serialisations meant to share one hash
	 * ID. File 2 changes eventTimeZoneOffset, which is part of the pre-hash, so it
	 * differs. Files 1-6 carry a bare {@code <!DOCTYPE project>}, which declares nothing
	 * and is the one DOCTYPE the hardened parser lets pass (docs/DECISIONS.md); with an
	 * internal subset it is refused. The 888d… value OpenEPCIS computes is not asserted:
	 * it comes from OpenEPCIS's source-before-destination order without
	 * sensorElementList, where we follow the reference implementation.
	 */
	@Test
	void gs1IdenticalHashGroupAgreesExceptTheChangedTimeZone() {
		String dir = BASE + "gs1-epcis-identical-hash/event_with_identical_hash_id_";
		String withSubset = TestData.read(dir + "1.xml").replace("<!DOCTYPE project>", "<!DOCTYPE project []>");
		assertThatThrownBy(() -> this.parser.parseXml(withSubset.getBytes(StandardCharsets.UTF_8)))
			.isInstanceOfSatisfying(InvalidEventException.class, ex -> assertThat(ex.violations())
				.containsExactly(new Violation("", "XML DOCTYPE declarations are refused")));
		List<EventHash> hashes = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			String xml = TestData.read(dir + i + ".xml");
			hashes.add(this.hasher.hash(this.parser.parseXml(xml.getBytes(StandardCharsets.UTF_8)).events().get(0)));
		}
		hashes.add(this.hasher.hash(this.parser.parse(TestData.read(dir + "7.json")).events().get(0)));
		assertThat(hashes.get(1)).isNotEqualTo(hashes.get(0));
		assertThat(List.of(hashes.get(0), hashes.get(2), hashes.get(3), hashes.get(4), hashes.get(5), hashes.get(6)))
			.containsOnly(hashes.get(0));
	}

	@Test
	void theEpcListNormalisationExampleIsNotValidEpcisButStillHashes() {
		String json = TestData.read(BASE + "ralphtro/examples/" + NON_CONFORMANT);
		assertThatThrownBy(() -> this.parser.parse(json)).isInstanceOfSatisfying(InvalidEventException.class,
				ex -> assertThat(ex.violations()).containsExactly(new Violation("/epcisBody/eventList/0/epcList/20",
						"an EPC must be an urn:epc:id:… URN or a GS1 Digital Link, was 'urn:epc:class:lgtin:4012345.012345.Lot987'")));
	}

	@Test
	void algorithmsAreAnEnumThatRefusesUnknownNames() {
		assertThat(HashAlgorithm.fromName("sha-256")).isEqualTo(HashAlgorithm.SHA_256);
		assertThat(HashAlgorithm.fromName("SHA_512")).isEqualTo(HashAlgorithm.SHA_512);
		assertThat(HashAlgorithm.fromName("SHA3-256")).isEqualTo(HashAlgorithm.SHA3_256);
		assertThatThrownBy(() -> HashAlgorithm.fromName("md5")).isInstanceOf(UnsupportedHashAlgorithmException.class)
			.hasMessageContaining("md5");
		assertThatThrownBy(() -> HashAlgorithm.fromName("")).isInstanceOf(UnsupportedHashAlgorithmException.class);
		assertThat(new EventHasher().algorithm()).isEqualTo(HashAlgorithm.SHA_256);
	}

	@Test
	void otherAlgorithmsNameThemselvesInTheNiUri() {
		EventHash sha512 = new EventHasher(HashAlgorithm.SHA_512).hashPreHash("abc");
		// SHA-512("abc"), FIPS 180-2 appendix C.1
		assertThat(sha512.ni()).isEqualTo("ni:///sha-512;"
				+ "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
				+ "454d4423643ce80e2a9ac94fa54ca49f?ver=CBV2.0");
		assertThat(EventHash.parse(sha512.ni())).isEqualTo(sha512);
		assertThat(sha512.digest()).hasSize(64);
	}

	@Test
	void sm3IsSelectable() {
		// GB/T 32905-2016 appendix A, example 1: SM3("abc")
		assertThat(new EventHasher(HashAlgorithm.fromName("SM3")).hashPreHash("abc").ni())
			.isEqualTo("ni:///sm3;66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0?ver=CBV2.0");
	}

}
