package com.veritrace.anchoring;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.ProofVerificationException;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.MariaDbIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The transparency log's public API over MariaDB, checked the way a third party would:
 * the newest and a sized tree head verify against the key the well-known document lists
 * (from the signed bytes alone), a consistency proof between two signed heads verifies
 * with the RFC 9162 algorithm, a tampered path does not, and bad sizes get problem
 * details naming each field.
 */
@MariaDbIntegrationTest
class LogApiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	LogHasher hasher;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AnchorLeader leader;

	@Autowired
	MeterRegistry meters;

	TestEvents events;

	@BeforeEach
	void setUp() throws Exception {
		this.events = new TestEvents(this.mvc);
	}

	@Test
	void treeHeadsVerifyAgainstTheListedKeyAndGrowConsistently() throws Exception {
		String first = this.events.capture("L1", "L2").get(1);
		long size1 = json(this.events.awaitProof(first)).get("treeSize").asLong();
		String later = this.events.capture("L3", "L4", "L5").get(2);
		long size2 = json(this.events.awaitProof(later)).get("treeSize").asLong();
		assertThat(size2).isGreaterThan(size1);

		MockHttpServletResponse keys = call("/.well-known/veritrace-log", 200);
		assertThat(keys.getHeader("Cache-Control")).contains("max-age=300");
		JsonNode description = json(keys.getContentAsString());
		assertThat(description.get("treeHeadEncoding").asString()).isEqualTo(TreeHead.ENCODING_MAGIC);
		List<JsonNode> current = new ArrayList<>();
		description.get("keys").forEach(k -> {
			if (k.get("current").asBoolean()) {
				current.add(k);
			}
		});
		assertThat(current).hasSize(1);
		byte[] logKey = HexFormat.of().parseHex(current.get(0).get("publicKey").asString());
		assertThat(current.get(0).get("keyId").asString()).isEqualTo(LogService.keyId(logKey));

		MockHttpServletResponse latest = call("/api/v1/log/tree-heads/latest", 200);
		assertThat(latest.getHeader("Cache-Control")).contains("max-age=5");
		JsonNode newest = json(latest.getContentAsString());
		assertThat(newest.get("treeSize").asLong()).isGreaterThanOrEqualTo(size2);
		verifySignature(newest, logKey);

		MockHttpServletResponse sized = call("/api/v1/log/tree-heads/" + size1, 200);
		JsonNode head1 = json(sized.getContentAsString());
		assertThat(head1.get("treeSize").asLong()).isEqualTo(size1);
		assertThat(head1.get("status").asString()).isEqualTo("ANCHORED");
		assertThat(head1.get("ledger").get("kind").asString()).isNotEmpty();
		assertThat(sized.getHeader("Cache-Control")).contains("immutable");
		verifySignature(head1, logKey);
		JsonNode head2 = json(call("/api/v1/log/tree-heads/" + size2, 200).getContentAsString());

		// the consistency proof, checked with nothing but the two roots and the path
		JsonNode proof = json(
				call("/api/v1/log/consistency?first=" + size1 + "&second=" + size2, 200).getContentAsString());
		assertThat(proof.get("hashAlgorithm").asString()).isEqualTo("SHA-256");
		List<byte[]> path = new ArrayList<>();
		proof.get("consistencyPath").forEach(h -> path.add(HexFormat.of().parseHex(h.asString())));
		byte[] root1 = HexFormat.of().parseHex(head1.get("rootHash").asString());
		byte[] root2 = HexFormat.of().parseHex(head2.get("rootHash").asString());
		ProofVerifier.verifyConsistency(this.hasher, size1, size2, path, root1, root2);
		// a path with one hash changed, or the roots swapped, does not verify
		byte[] changed = path.get(0).clone();
		changed[0] ^= 1;
		List<byte[]> tampered = new ArrayList<>(path);
		tampered.set(0, changed);
		assertThatThrownBy(() -> ProofVerifier.verifyConsistency(this.hasher, size1, size2, tampered, root1, root2))
			.isInstanceOf(ProofVerificationException.class);
		assertThatThrownBy(() -> ProofVerifier.verifyConsistency(this.hasher, size1, size2, path, root2, root1))
			.isInstanceOf(ProofVerificationException.class);
		// equal sizes: an empty path
		assertThat(json(call("/api/v1/log/consistency?first=" + size2 + "&second=" + size2, 200).getContentAsString())
			.get("consistencyPath")
			.size()).isZero();
	}

	@Test
	void theLeaderSignsNoHeadThatDoesNotExtendTheLastSignedOne() throws Exception {
		this.events.awaitProof(this.events.capture("T1").get(0));
		long last = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
		byte[] root = this.jdbc.queryForObject("SELECT root_hash FROM anchor_tree_head WHERE tree_size = ?",
				byte[].class, last);
		byte[] forged = root.clone();
		forged[0] ^= 1;
		double refusals = this.meters.counter("veritrace.anchor.heads.inconsistent").count();
		// the last signed head's root changed behind the service's back
		this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ? WHERE tree_size = ?", forged, last);
		String next;
		try {
			next = this.events.capture("T2").get(0);
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf WHERE leaf_index >= ?", Long.class,
					last) == 0) {
				assertThat(System.nanoTime()).as("T2 appended to the log").isLessThan(deadline);
				Thread.sleep(100);
			}
			Thread.sleep(2_500); // past the batch's max delay: the head is due
			this.leader.tick();
			this.leader.tick();
			assertThat(this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class))
				.as("no head signed over a log that does not extend the last signed one")
				.isEqualTo(last);
			assertThat(this.meters.counter("veritrace.anchor.heads.inconsistent").count()).isGreaterThan(refusals);
		}
		finally {
			this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ? WHERE tree_size = ?", root, last);
		}
		// mended: the next tick signs, and the new event is proven
		assertThat(json(this.events.awaitProof(next)).get("treeSize").asLong()).isGreaterThan(last);
	}

	@Test
	void badSizesGetProblemDetailsNamingEachField() throws Exception {
		String body = call("/api/v1/log/consistency?first=0&second=x", 400).getContentAsString();
		assertThat(body).contains("\"first\"").contains("at least 1").contains("\"second\"").contains("whole number");
		assertThat(call("/api/v1/log/consistency?first=5&second=2", 400).getContentAsString())
			.contains("must not be larger than second");
		assertThat(call("/api/v1/log/consistency?first=1&second=999999999999", 400).getContentAsString())
			.contains("newest signed tree head");
		assertThat(call("/api/v1/log/consistency", 400).getContentAsString()).contains("is required");
		call("/api/v1/log/tree-heads/999999999999", 404);
		assertThat(call("/api/v1/log/tree-heads/abc", 400).getContentAsString()).contains("treeSize");
	}

	private static void verifySignature(JsonNode head, byte[] logKey) {
		TreeHead signed = TreeHead.fromSignedBytes(HexFormat.of().parseHex(head.get("signedBytes").asString()));
		assertThat(signed.treeSize()).isEqualTo(head.get("treeSize").asLong());
		assertThat(signed.rootHex()).isEqualTo(head.get("rootHash").asString());
		TreeHeadSigner
			.verify(new SignedTreeHead(signed, SignatureAlgorithm.valueOf(head.get("signatureAlgorithm").asString()),
					HexFormat.of().parseHex(head.get("publicKey").asString()),
					HexFormat.of().parseHex(head.get("signature").asString())), logKey);
	}

	/**
	 * GET, past the public rate limit this context's tests share (a 429 means "later").
	 */
	private MockHttpServletResponse call(String url, int status) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get(url)).andReturn().getResponse();
		for (int i = 0; i < 30 && response.getStatus() == 429; i++) {
			Thread.sleep(1000);
			response = this.mvc.perform(get(url)).andReturn().getResponse();
		}
		assertThat(response.getStatus()).as(url + ": " + response.getContentAsString()).isEqualTo(status);
		return response;
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

}
