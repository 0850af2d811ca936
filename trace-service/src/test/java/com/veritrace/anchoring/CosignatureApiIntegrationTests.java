package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Witnesses' cosignatures through the log's public API over MariaDB (issue 16, item 3):
 * two configured witnesses (one Ed25519, one SM2); a cosignature is accepted only from
 * their keys and only when it verifies, once per head and witness, and is served with the
 * head, its proofs and the well-known document; a head is cached for good only once both
 * cosigned it; witnesses page through the heads.
 */
@MariaDbIntegrationTest
class CosignatureApiIntegrationTests {

	static final TreeHeadSigner REGULATOR = TreeHeadSigner.generate(new SecureRandom());

	static final TreeHeadSigner MEMBER = SigningKeys
		.signer(SigningKeys.generate(SignatureAlgorithm.SM2, new SecureRandom()), new SecureRandom());

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void witnesses(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("witnesses");
		Path regulator = Files.writeString(dir.resolve("regulator.pub.pem"),
				SigningKeys.publicPem(REGULATOR.algorithm(), REGULATOR.publicKey()));
		Path member = Files.writeString(dir.resolve("member.pub.pem"),
				SigningKeys.publicPem(MEMBER.algorithm(), MEMBER.publicKey()));
		registry.add("veritrace.anchor.keys.witnesses[0].name", () -> "Market Regulator");
		registry.add("veritrace.anchor.keys.witnesses[0].public-key-file", regulator::toString);
		registry.add("veritrace.anchor.keys.witnesses[1].name", () -> "Member Co-op");
		registry.add("veritrace.anchor.keys.witnesses[1].public-key-file", member::toString);
	}

	@Autowired
	MockMvc mvc;

	TestEvents events;

	@BeforeEach
	void setUp() throws Exception {
		this.events = new TestEvents(this.mvc);
	}

	@Test
	void cosignaturesOfConfiguredWitnessesAreVerifiedStoredOnceAndServed() throws Exception {
		String event = this.events.capture("C1").get(0);
		JsonNode proof = json(this.events.awaitProof(event));
		long size = proof.get("treeSize").asLong();
		TreeHead head = TreeHead
			.fromSignedBytes(HexFormat.of().parseHex(proof.get("signedTreeHead").get("signedBytes").asString()));
		assertThat(call(get("/api/v1/log/tree-heads/" + size), 200).getHeader("Cache-Control"))
			.as("not cached for good before the witnesses cosign it")
			.doesNotContain("immutable");

		Cosignature byRegulator = Cosignature.sign(REGULATOR, head, System.currentTimeMillis());
		call(cosign(size, body(byRegulator)), 201);
		call(cosign(size, body(byRegulator)), 200); // once per head and witness
		JsonNode served = json(call(get("/api/v1/log/tree-heads/" + size), 200).getContentAsString());
		assertThat(served.get("cosignatures").size()).isEqualTo(1);
		JsonNode first = served.get("cosignatures").get(0);
		assertThat(first.get("witness").asString()).isEqualTo("Market Regulator");
		assertThat(first.get("keyId").asString()).isEqualTo(LogService.keyId(REGULATOR.publicKey()));
		// what a third party checks: the served members alone
		new Cosignature(SignatureAlgorithm.ED25519, HexFormat.of().parseHex(first.get("publicKey").asString()),
				Instant.parse(first.get("timestamp").asString()).toEpochMilli(),
				HexFormat.of().parseHex(first.get("signature").asString()))
			.verify(head, REGULATOR.publicKey());

		// the SM2 witness too: now the head is final and cached for good
		call(cosign(size, body(Cosignature.sign(MEMBER, head, System.currentTimeMillis()))), 201);
		MockHttpServletResponse complete = call(get("/api/v1/log/tree-heads/" + size), 200);
		assertThat(complete.getHeader("Cache-Control")).contains("immutable");
		assertThat(values(json(complete.getContentAsString()).get("cosignatures"), "witness"))
			.containsExactly("Market Regulator", "Member Co-op");
		// a proof of the event uses a cosigned head and carries the cosignatures
		JsonNode again = json(this.events.awaitProof(event));
		assertThat(again.get("signedTreeHead").get("cosignatures").size()).isEqualTo(2);

		JsonNode log = json(call(get("/.well-known/veritrace-log"), 200).getContentAsString());
		assertThat(values(log.get("witnesses"), "name")).containsExactly("Market Regulator", "Member Co-op");
		assertThat(log.get("witnesses").get(1).get("signatureAlgorithm").asString()).isEqualTo("SM2");
		assertThat(log.get("cosignatureEncoding").asString()).isEqualTo(Cosignature.MAGIC);
	}

	@Test
	void strangersForgeriesAndBadRequestsAreRefusedNamingWhatIsWrong() throws Exception {
		JsonNode proof = json(this.events.awaitProof(this.events.capture("C2").get(0)));
		long size = proof.get("treeSize").asLong();
		TreeHead head = TreeHead
			.fromSignedBytes(HexFormat.of().parseHex(proof.get("signedTreeHead").get("signedBytes").asString()));
		// a key that is not a witness of this log
		TreeHeadSigner stranger = TreeHeadSigner.generate(new SecureRandom());
		assertThat(call(cosign(size, body(Cosignature.sign(stranger, head, 1L))), 400).getContentAsString())
			.contains("\"publicKey\"")
			.contains("not the key of a witness of this log");
		// a witness's signature of another time than the one it claims
		Cosignature real = Cosignature.sign(REGULATOR, head, 5_000L);
		Cosignature shifted = new Cosignature(real.algorithm(), real.publicKey(), 6_000L, real.signature());
		assertThat(call(cosign(size, body(shifted)), 400).getContentAsString()).contains("\"signature\"")
			.contains("does not verify");
		// the algorithm the witness's key is not
		assertThat(call(cosign(size, body(real).replace("ED25519", "SM2")), 400).getContentAsString())
			.contains("\"signatureAlgorithm\"");
		// every missing member named
		assertThat(call(cosign(size, "{}"), 400).getContentAsString()).contains("\"signatureAlgorithm\"")
			.contains("\"publicKey\"")
			.contains("\"timestamp\"")
			.contains("\"signature\"");
		assertThat(call(cosign(size, "{\"publicKey\":\"zz\",\"signature\":\"00\",\"signatureAlgorithm\":\"RSA\"}"), 400)
			.getContentAsString()).contains("is not hex").contains("supported: ED25519, SM2");
		call(cosign(999_999_999_999L, body(real)), 404);
		// nothing was stored by any of these
		assertThat(
				json(call(get("/api/v1/log/tree-heads/" + size), 200).getContentAsString()).get("cosignatures").size())
			.isZero();
	}

	@Test
	void witnessesPageThroughTheHeadsSmallestFirst() throws Exception {
		this.events.awaitProof(this.events.capture("P1").get(0));
		this.events.awaitProof(this.events.capture("P2").get(0));
		JsonNode all = json(call(get("/api/v1/log/tree-heads?after=0&limit=1000"), 200).getContentAsString());
		assertThat(all.size()).isGreaterThanOrEqualTo(2);
		List<Long> sizes = all.valueStream().map((h) -> h.get("treeSize").asLong()).toList();
		assertThat(sizes).isSorted().doesNotHaveDuplicates();
		JsonNode page = json(
				call(get("/api/v1/log/tree-heads?after=" + sizes.get(0) + "&limit=1"), 200).getContentAsString());
		assertThat(page.size()).isEqualTo(1);
		assertThat(page.get(0).get("treeSize").asLong()).isEqualTo(sizes.get(1));
		assertThat(call(get("/api/v1/log/tree-heads?after=-1&limit=0"), 400).getContentAsString()).contains("\"after\"")
			.contains("\"limit\"")
			.contains("from 1 to 1000");
		assertThat(call(get("/api/v1/log/tree-heads?after=x&limit=y"), 400).getContentAsString())
			.contains("is not a whole number");
	}

	private static String body(Cosignature c) {
		return "{\"signatureAlgorithm\":\"" + c.algorithm() + "\",\"publicKey\":\""
				+ HexFormat.of().formatHex(c.publicKey()) + "\",\"timestamp\":\"" + Instant.ofEpochMilli(c.timeMs())
				+ "\",\"signature\":\"" + HexFormat.of().formatHex(c.signature()) + "\"}";
	}

	private static RequestBuilder cosign(long size, String body) {
		return post("/api/v1/log/tree-heads/" + size + "/cosignatures").contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	/** A request, past the public rate limit this context's tests share. */
	private MockHttpServletResponse call(RequestBuilder request, int status) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		for (int i = 0; i < 30 && response.getStatus() == 429; i++) {
			Thread.sleep(1000);
			response = this.mvc.perform(request).andReturn().getResponse();
		}
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		return response;
	}

	private static List<String> values(JsonNode array, String field) {
		return array.valueStream().map((n) -> n.get(field).asString()).toList();
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
