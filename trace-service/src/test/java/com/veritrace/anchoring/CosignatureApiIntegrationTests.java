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
import com.veritrace.anchor.ProofDocuments;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * cosigned it; witnesses page through the heads; a proof (its audit path cached) follows
 * new heads, cosignatures and a changed root, and is each event's own.
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

	@Autowired
	JdbcTemplate jdbc;

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

	@Test
	void aProofFollowsNewHeadsCosignaturesAndChangedRootsAndIsEachEventsOwn() throws Exception {
		List<String> ids = this.events.capture("K1", "K2");
		this.events.awaitProof(ids.get(1));
		JsonNode first = json(this.events.awaitProof(ids.get(0)));
		long h1 = first.get("treeSize").asLong();
		// asked again (the audit path now from the cache): each event its own proof
		for (int round = 0; round < 2; round++) {
			for (String id : ids) {
				String body = proofOf(id);
				assertThat(json(body).get("eventHash").asString()).isEqualTo(id);
				assertThat(ProofDocuments.verify(body).valid()).as(body).isTrue();
			}
		}
		assertThat(json(proofOf(ids.get(0))).get("leafIndex").asLong())
			.isNotEqualTo(json(proofOf(ids.get(1))).get("leafIndex").asLong());
		assertThat(json(proofOf(ids.get(0))).get("auditPath")).isEqualTo(first.get("auditPath"));

		// a cosignature arriving later is served: nothing froze the head's
		TreeHead head1 = headOf(first);
		call(cosign(h1, body(Cosignature.sign(REGULATOR, head1, System.currentTimeMillis()))), 201);
		JsonNode cosigned = json(proofOf(ids.get(0)));
		assertThat(cosigned.get("treeSize").asLong()).isEqualTo(h1);
		assertThat(cosigned.get("signedTreeHead").get("cosignatures").size()).isEqualTo(1);

		// a newer head that both witnesses cosigned: the proof moves to it, a new path
		JsonNode later = json(this.events.awaitProof(this.events.capture("K3").get(0)));
		long h2 = later.get("treeSize").asLong();
		assertThat(h2).isGreaterThan(h1);
		TreeHead head2 = headOf(later);
		call(cosign(h2, body(Cosignature.sign(REGULATOR, head2, System.currentTimeMillis()))), 201);
		call(cosign(h2, body(Cosignature.sign(MEMBER, head2, System.currentTimeMillis()))), 201);
		String moved = proofOf(ids.get(0));
		assertThat(json(moved).get("treeSize").asLong()).isEqualTo(h2);
		assertThat(json(moved).get("eventHash").asString()).isEqualTo(ids.get(0));
		assertThat(json(moved).get("signedTreeHead").get("cosignatures").size()).isEqualTo(2);
		assertThat(ProofDocuments.verify(moved).valid()).as(moved).isTrue();

		// the head's root changed in the database: served as stored, and the cached path
		// (of the real root) is not passed off as a proof of it
		byte[] root = this.jdbc.queryForObject("SELECT root_hash FROM anchor_tree_head WHERE tree_size = ?",
				byte[].class, h2);
		byte[] forged = root.clone();
		forged[0] ^= 1;
		this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ? WHERE tree_size = ?", forged, h2);
		try {
			String changed = proofOf(ids.get(0));
			assertThat(json(changed).get("rootHash").asString()).isEqualTo(HexFormat.of().formatHex(forged));
			assertThat(ProofDocuments.verify(changed).valid()).isFalse();
		}
		finally {
			this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ? WHERE tree_size = ?", root, h2);
		}
		assertThat(ProofDocuments.verify(proofOf(ids.get(0))).valid()).isTrue();
	}

	private String proofOf(String eventHashId) throws Exception {
		return call(get("/api/v1/proofs/" + TestEvents.hex(eventHashId)), 200).getContentAsString();
	}

	private static TreeHead headOf(JsonNode proof) {
		return TreeHead
			.fromSignedBytes(HexFormat.of().parseHex(proof.get("signedTreeHead").get("signedBytes").asString()));
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
