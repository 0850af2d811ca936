package com.veritrace.anchoring;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.ProofDocuments;
import com.veritrace.anchor.ProofVerifierCli;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Stored events are appended, sealed, signed, anchored on the embedded ledger and proven
 * over the public API.
 */
@MariaDbIntegrationTest
class AnchoringIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private EventRowMac rowMac;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	TreeHeadSigner signer;

	@Autowired
	LogHasher hasher;

	@Autowired
	JdbcNodeStore store;

	@Autowired
	AnchorLeader leader;

	TestEvents events;

	@BeforeEach
	void setUp() throws Exception {
		this.events = new TestEvents(this.mvc);
	}

	@Test
	void aCapturedEventGetsAProofThatTheCliAndTheLedgerAccept() throws Exception {
		List<String> ids = this.events.capture("A1", "A2", "A3");

		String body = this.events.awaitProof(ids.get(1));

		JsonNode proof = JSON.readTree(body);
		assertThat(proof.get("eventHash").asString()).isEqualTo(ids.get(1));
		assertThat(proof.get("hashAlgorithm").asString()).isEqualTo("SHA-256");
		assertThat(proof.get("rootHash").asString()).matches("[0-9a-f]{64}");
		proof.get("auditPath").forEach((h) -> assertThat(h.asString()).matches("[0-9a-f]{64}"));
		// the same JSON through the library verifier and the command-line tool
		assertThat(ProofDocuments.verify(body).valid()).as(ProofDocuments.verify(body).message()).isTrue();
		Path file = Files.createTempFile("proof", ".json");
		Files.writeString(file, body);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = ProofVerifierCli.run(new String[] { file.toString() }, System.in, new PrintStream(out), System.err);
		assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("VALID");
		assertThat(exit).isZero();
		// a tampered copy is refused by the CLI with the shared reason
		String forged = body.replace(proof.get("rootHash").asString(),
				"00" + proof.get("rootHash").asString().substring(2));
		Files.writeString(file, forged);
		out.reset();
		assertThat(ProofVerifierCli.run(new String[] { file.toString() }, System.in, new PrintStream(out), System.err))
			.isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INVALID ROOT_MISMATCH");
		// the signed tree head verifies under the service key and the ledger holds
		// exactly it
		JsonNode sth = proof.get("signedTreeHead");
		TreeHead head = TreeHead.fromSignedBytes(HexFormat.of().parseHex(sth.get("signedBytes").asString()));
		assertThat(head.treeSize()).isEqualTo(proof.get("treeSize").asLong());
		assertThat(head.rootHex()).isEqualTo(proof.get("rootHash").asString());
		SignedTreeHead signed = new SignedTreeHead(head,
				com.veritrace.anchor.SignatureAlgorithm.valueOf(sth.get("signatureAlgorithm").asString()),
				HexFormat.of().parseHex(sth.get("publicKey").asString()),
				HexFormat.of().parseHex(sth.get("signature").asString()));
		assertThatCode(() -> TreeHeadSigner.verify(signed, this.signer.publicKey())).doesNotThrowAnyException();
		JsonNode ledgerNode = proof.get("ledger");
		assertThat(ledgerNode.get("kind").asString()).isEqualTo("EMBEDDED");
		LedgerReceipt receipt = new LedgerReceipt(LedgerKind.EMBEDDED, ledgerNode.get("chainId").asString(),
				ledgerNode.get("txHash").asString(), ledgerNode.get("blockNumber").asLong(),
				Instant.parse(ledgerNode.get("timestamp").asString()), head.treeSize(), LedgerReceipt.Status.CONFIRMED);
		assertThatCode(() -> this.ledger.verify(receipt, head)).doesNotThrowAnyException();
		// a capture for the browser verifier's test (chain-anchor/src/test/js reads a
		// committed copy)
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/api-proof-document.json"), body);
	}

	@Test
	void theFullHashIdIsAcceptedAsAQueryParameterAndUnknownHashesAre404() throws Exception {
		List<String> ids = this.events.capture("B1");
		this.events.awaitProof(ids.get(0));
		this.mvc.perform(get("/api/v1/proofs").param("eventHash", ids.get(0)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ANCHORED"))
			.andExpect(jsonPath("$.eventHash").value(ids.get(0)));
		this.mvc.perform(get("/api/v1/proofs/" + TestEvents.hex(ids.get(0)).toUpperCase()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eventHash").value(ids.get(0)));
		this.mvc.perform(get("/api/v1/proofs/" + "ab".repeat(32)))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"));
		this.mvc.perform(get("/api/v1/proofs/not-a-hash"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("eventHash"));
		// the URL-encoded full ID in the path is refused by the firewall (encoded '/' and
		// ';'): 400, use ?eventHash=
		String encoded = URLEncoder.encode(ids.get(0), StandardCharsets.UTF_8);
		assertThat(this.mvc.perform(get("/api/v1/proofs/" + encoded)).andReturn().getResponse().getStatus())
			.isEqualTo(400);
	}

	@Test
	void aStoredEventNotYetInTheLogIsPendingWithAnExpectedTime() throws Exception {
		// a stored row the leader has not appended yet: the service's own row with a
		// valid MAC, just inserted
		this.leader.tick();
		byte[] digest = new byte[32];
		new java.security.SecureRandom().nextBytes(digest);
		synchronized (this.leader) {
			insertGenuineRow(digest);
			this.mvc.perform(get("/api/v1/proofs/" + HexFormat.of().formatHex(digest)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("PENDING"))
				.andExpect(jsonPath("$.expectedBy").exists())
				.andExpect(jsonPath("$.auditPath").doesNotExist());
		}
		String id = "ni:///sha-256;" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
		assertThat(this.events.awaitProof(id)).contains("\"leafIndex\"");
	}

	@Test
	void aHeadAnchoredBeforeACrashIsRecordedWithItsOriginalReceiptAndNotAnchoredAgain() throws Exception {
		List<String> ids = this.events.capture("C1", "C2", "C3", "C4");
		this.events.awaitProof(ids.get(3));
		synchronized (this.leader) {
			// a size inside the log that was never sealed: what a crashed leader sealed
			// and sent
			long size = this.store.size() - 1;
			while (this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head WHERE tree_size = ?", Integer.class,
					size) > 0) {
				size--;
			}
			MerkleLog log = new MerkleLog(this.hasher, this.store);
			TreeHead head = new TreeHead(size, log.root(size), this.hasher.algorithm(), Instant.now());
			SignedTreeHead signed = this.signer.sign(head);
			LedgerReceipt original = this.ledger.anchor(signed); // reached the ledger ...
			assertThat(original.confirmed()).isTrue();
			insertSealed(signed, 1); // ... but the crash came before the receipt was
										// recorded

			this.leader.tick();

			assertThat(this.jdbc.queryForObject("SELECT status FROM anchor_tree_head WHERE tree_size = ?", String.class,
					size))
				.isEqualTo("ANCHORED");
			assertThat(this.jdbc.queryForObject("SELECT tx_hash FROM anchor_tree_head WHERE tree_size = ?",
					String.class, size))
				.isEqualTo(original.txHash());
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_ledger_block WHERE tree_size = ?",
					Integer.class, size))
				.as("no second anchor was sent")
				.isEqualTo(1);

			// a head sealed but never sent (crash right after sealing) is anchored after
			// the restart
			long other = size - 1;
			while (this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head WHERE tree_size = ?", Integer.class,
					other) > 0) {
				other--;
			}
			insertSealed(this.signer.sign(new TreeHead(other, log.root(other), this.hasher.algorithm(), Instant.now())),
					0);
			this.leader.tick();
			assertThat(this.jdbc.queryForObject("SELECT status FROM anchor_tree_head WHERE tree_size = ?", String.class,
					other))
				.isEqualTo("ANCHORED");
			assertThat(this.ledger.lookup(other)).isPresent();
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_ledger_block WHERE tree_size = ?",
					Integer.class, other))
				.isEqualTo(1);
		}
		// the embedded ledger's chain is intact
		assertThat(((JdbcLedger) this.ledger).audit()).isEmpty();
	}

	private void insertSealed(SignedTreeHead signed, int attempts) {
		TreeHead head = signed.head();
		this.jdbc.update("INSERT INTO anchor_tree_head (tree_size, root_hash, hash_algorithm, head_time_ms, "
				+ "signature_algorithm, public_key, signature, status, sealed_ms, attempts) VALUES (?,?,?,?,?,?,?,'SEALED',?,?)",
				head.treeSize(), head.rootHash(), head.algorithm().standardName(), head.timestamp().toEpochMilli(),
				signed.signatureAlgorithm().name(), signed.publicKey(), signed.signature(), System.currentTimeMillis(),
				attempts);
	}

	private void insertGenuineRow(byte[] digest) {
		long reporter = this.events.brand.id();
		long now = System.currentTimeMillis();
		EventRowMac mac = this.rowMac;
		this.jdbc.update("INSERT INTO trace_event (event_hash, hash_algorithm, event_type, event_time_ms, "
				+ "event_time_offset, record_time_ms, reporter_id, event_json, row_mac) VALUES (?,?,?,?,?,?,?,?,?)",
				digest, "sha-256", "ObjectEvent", now, "+00:00", now, reporter, "{}",
				mac.of(digest, "sha-256", reporter, now));
	}

}
