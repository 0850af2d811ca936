package com.veritrace.anchoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.EvmLedger;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.anchor.witness.WitnessMain;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The witness program ({@code veritrace-witness}, run in-process with {@code --once})
 * against the real service on its port and the real anvil chain (issue 16, items 3 and
 * 7): it cosigns the log's heads, which the log then serves with heads and proofs; and
 * when the database is changed behind the service's back, the witness alarms (exit code
 * 2, the alarm posted to a webhook receiver, WireMock) and the integrity job reports it,
 * each case restored after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
				"veritrace.demo.enabled=false", "veritrace.rate-limit.public-per-minute=100000",
				"veritrace.anchor.integrity.scheduled=false", "veritrace.anchor.batch.max-delay=300ms" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = WitnessIntegrationTests.Chain.class)
class WitnessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * anvil's fifth default dev account (publicly known, test only; no other test anchors
	 * from it).
	 */
	static final String DEV_KEY = "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a";

	static final String WITNESS_NAME = "Test Regulator";

	/**
	 * The witness's folder (its key written there before the service starts) and its
	 * public key.
	 */
	static final Path DIR;

	static final TreeHeadSigner WITNESS;

	static {
		try {
			DIR = Files.createTempDirectory("veritrace-witness-it");
			Path state = Files.createDirectories(DIR.resolve("state"));
			String pem = SigningKeys.generate(SignatureAlgorithm.ED25519, new SecureRandom());
			Path key = state.resolve("witness.pem");
			Files.writeString(key, pem);
			Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
			WITNESS = SigningKeys.signer(pem, new SecureRandom());
			Files.writeString(DIR.resolve("witness.pub.pem"),
					SigningKeys.publicPem(WITNESS.algorithm(), WITNESS.publicKey()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * anvil, a database of this class's own, the EVM ledger, and the witness's key
	 * configured.
	 */
	static class Chain implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			EvmTestChain.ensureAnvil();
			MariaDbTestDatabase.properties("witness")
				.and("veritrace.anchor.ledger=evm", "veritrace.anchor.evm.rpc-url=" + EvmTestChain.RPC,
						"veritrace.anchor.evm.chain-id=31337", "veritrace.anchor.evm.private-key=" + DEV_KEY,
						"veritrace.anchor.keys.witnesses[0].name=" + WITNESS_NAME,
						"veritrace.anchor.keys.witnesses[0].public-key-file=" + DIR.resolve("witness.pub.pem"))
				.applyTo(context.getEnvironment());
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@Autowired
	TreeHeadSigner signer;

	@Autowired
	IntegrityService integrity;

	@Autowired
	AnchorLeader leader;

	WireMockServer receiver;

	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	String output = "";

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.receiver.stubFor(post(urlEqualTo("/alarm")).willReturn(aResponse().withStatus(204)));
		Files.writeString(DIR.resolve("log.pub.pem"),
				SigningKeys.publicPem(this.signer.algorithm(), this.signer.publicKey()));
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop();
	}

	@Test
	void theWitnessCosignsTheLogAndAlarmsWhenItsDatabaseIsChangedBehindItsBack() throws Exception {
		TestEvents events = new TestEvents(this.mvc);
		List<String> first = events.capture("W1", "W2", "W3");
		events.awaitProof(first.get(2));
		awaitAllAnchored();

		// the witness verifies every head against the chain and cosigns it
		assertThat(witness()).as(this.output).isZero();
		JsonNode latest = get("/api/v1/log/tree-heads/latest");
		long size = latest.get("treeSize").asLong();
		assertThat(latest.get("cosignatures")).singleElement().satisfies((c) -> {
			assertThat(c.get("witness").asString()).isEqualTo(WITNESS_NAME);
			assertThat(c.get("publicKey").asString()).isEqualTo(HexFormat.of().formatHex(WITNESS.publicKey()));
			new Cosignature(SignatureAlgorithm.ED25519, WITNESS.publicKey(),
					Instant.parse(c.get("timestamp").asString()).toEpochMilli(),
					HexFormat.of().parseHex(c.get("signature").asString()))
				.verify(TreeHead.fromSignedBytes(HexFormat.of().parseHex(latest.get("signedBytes").asString())),
						WITNESS.publicKey());
		});
		JsonNode proof = get("/api/v1/proofs/" + TestEvents.hex(first.get(2)));
		assertThat(proof.get("signedTreeHead").get("cosignatures")).singleElement()
			.satisfies((c) -> assertThat(c.get("witness").asString()).isEqualTo(WITNESS_NAME));
		assertThat(
				this.jdbc.queryForObject(
						"SELECT COUNT(*) FROM anchor_tree_head h WHERE NOT EXISTS "
								+ "(SELECT 1 FROM anchor_cosignature c WHERE c.tree_size = h.tree_size)",
						Integer.class))
			.as("every head cosigned")
			.isZero();
		assertThat(findings(IntegrityService.Kind.LEDGER_MISMATCH)).as("a clean start").isEmpty();

		// (a) the newest anchored head replaced by one with another root, re-signed with
		// the service's own key: what someone holding the database and the key could do
		events.awaitProof(events.capture("W4").get(0));
		awaitAllAnchored();
		long replaced = newestSize();
		Map<String, Object> original = this.jdbc.queryForMap(
				"SELECT root_hash, signature, head_time_ms FROM anchor_tree_head WHERE tree_size = ?", replaced);
		byte[] forged = ((byte[]) original.get("root_hash")).clone();
		forged[0] ^= 1;
		SignedTreeHead resigned = this.signer.sign(new TreeHead(replaced, forged, HashAlgorithm.SHA_256,
				Instant.ofEpochMilli((Long) original.get("head_time_ms"))));
		this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ?, signature = ? WHERE tree_size = ?", forged,
				resigned.signature(), replaced);
		try {
			assertThat(witness()).as(this.output).isEqualTo(2);
			JsonNode alarm = lastAlarm();
			assertThat(alarm.get("alarm").asString()).isIn("FORK", "ANCHOR_MISMATCH");
			assertThat(alarm.get("treeSize").asLong()).isEqualTo(replaced);
			assertThat(alarm.get("lastVerified").get("treeSize").asLong()).isEqualTo(size);
			assertThat(alarm.get("witness").asString()).isEqualTo(WITNESS_NAME);
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_cosignature WHERE tree_size = ?",
					Integer.class, replaced))
				.as("never cosigned")
				.isZero();
			assertThat(findings(IntegrityService.Kind.LEDGER_MISMATCH))
				.anySatisfy((detail) -> assertThat(detail).endsWith("for tree size " + replaced));
			// the alarm stands until the operator removes it
			assertThat(witness()).isEqualTo(2);
			assertThat(this.output).contains("an earlier alarm stands");
		}
		finally {
			this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ?, signature = ? WHERE tree_size = ?",
					original.get("root_hash"), original.get("signature"), replaced);
			Files.deleteIfExists(DIR.resolve("state/alarm.json"));
		}
		assertThat(witness()).as(this.output).isZero();
		assertThat(findings(IntegrityService.Kind.LEDGER_MISMATCH)).as("restored").isEmpty();

		// (c) an event row changed: the integrity job's to find (its hash no longer
		// matches the leaf); the witness sees only tree heads, which did not change
		byte[] eventHash = HexFormat.of().parseHex(TestEvents.hex(first.get(0)));
		String json = this.jdbc.queryForObject("SELECT event_json FROM trace_event WHERE event_hash = ?", String.class,
				(Object) eventHash);
		this.jdbc.update("UPDATE trace_event SET event_json = ? WHERE event_hash = ?",
				json.replace("shipping", "receiving"), eventHash);
		try {
			assertThat(report().findings())
				.anySatisfy((f) -> assertThat(f.kind()).isEqualTo(IntegrityService.Kind.CHANGED));
			assertThat(witness()).as(this.output).isZero();
		}
		finally {
			this.jdbc.update("UPDATE trace_event SET event_json = ? WHERE event_hash = ?", json, eventHash);
		}

		// (b) history truncated and regrown: the leaves after an earlier head, the heads
		// and cosignatures after it deleted, and the log regrown from other events past
		// the size the witness verified
		assertThat(findings(IntegrityService.Kind.LEDGER_MISMATCH)).isEmpty(); // the
																				// baseline
		long verified = newestSize();
		long keep = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head WHERE tree_size < ?",
				Long.class, verified);
		// the leader kept off the log meanwhile (it loses its lease, and reads the log
		// from the database again when it gets it back)
		this.jdbc.update("UPDATE anchor_state SET leader = 'intruder', lease_until_ms = ? WHERE id = 1",
				System.currentTimeMillis() + 600_000);
		this.leader.tick();
		// the events after the kept size hidden from the leader (their row MAC cleared,
		// as if deleted), and other events captured, that one round appends
		Truncation truncation = truncate(keep);
		try {
			int regrow = (int) (verified - keep) + 1;
			String[] serials = new String[regrow];
			for (int i = 0; i < regrow; i++) {
				serials[i] = "R" + i;
			}
			truncation.newEvents = events.capture(serials);
			this.jdbc.update("UPDATE anchor_state SET leader = NULL, lease_until_ms = 0 WHERE id = 1");
			long regrown = awaitHeadAbove(verified);
			awaitAllAnchored();

			assertThat(witness()).as(this.output).isEqualTo(2);
			JsonNode alarm = lastAlarm();
			assertThat(alarm.get("alarm").asString()).isEqualTo("FORK");
			assertThat(alarm.get("treeSize").asLong()).isEqualTo(regrown);
			assertThat(alarm.get("detail").asString()).contains("does not extend the verified head " + verified);
			assertThat(findings(IntegrityService.Kind.LEDGER_MISMATCH))
				.anySatisfy((detail) -> assertThat(detail).contains("has changed in the database since"));
		}
		finally {
			truncation.restore();
			Files.deleteIfExists(DIR.resolve("state/alarm.json"));
		}
		assertThat(witness()).as("restored: the witness goes on from where it was").isZero();
		assertThat(this.receiver.getAllServeEvents()).as("one webhook post per alarm").hasSize(2);
	}

	/** What a truncation deleted and changed, to put back. */
	final class Truncation {

		final long keep;

		final List<Map<String, Object>> heads;

		final List<Map<String, Object>> cosignatures;

		final List<Map<String, Object>> leaves;

		final List<Map<String, Object>> nodes;

		final List<Map<String, Object>> macs;

		List<String> newEvents = List.of();

		Truncation(long keep) {
			this.keep = keep;
			this.heads = WitnessIntegrationTests.this.jdbc
				.queryForList("SELECT * FROM anchor_tree_head WHERE tree_size > ?", keep);
			this.cosignatures = WitnessIntegrationTests.this.jdbc
				.queryForList("SELECT * FROM anchor_cosignature WHERE tree_size > ?", keep);
			this.leaves = WitnessIntegrationTests.this.jdbc
				.queryForList("SELECT * FROM anchor_leaf WHERE leaf_index >= ?", keep);
			this.nodes = WitnessIntegrationTests.this.jdbc
				.queryForList("SELECT * FROM anchor_node WHERE " + NODES_AFTER, keep);
			this.macs = WitnessIntegrationTests.this.jdbc.queryForList("SELECT e.id, e.row_mac FROM trace_event e "
					+ "JOIN anchor_leaf l ON l.event_row_id = e.id WHERE l.leaf_index >= ?", keep);
		}

		void restore() {
			JdbcTemplate jdbc = WitnessIntegrationTests.this.jdbc;
			jdbc.update("UPDATE anchor_state SET leader = 'intruder', lease_until_ms = ? WHERE id = 1",
					System.currentTimeMillis() + 600_000);
			WitnessIntegrationTests.this.leader.tick();
			for (String id : this.newEvents) {
				byte[] hash = HexFormat.of().parseHex(TestEvents.hex(id));
				jdbc.update("UPDATE trace_event SET row_mac = NULL WHERE event_hash = ?", (Object) hash);
			}
			deleteAfter(this.keep);
			insert("anchor_leaf", this.leaves);
			insert("anchor_node", this.nodes);
			insert("anchor_tree_head", this.heads);
			insert("anchor_cosignature", this.cosignatures);
			for (Map<String, Object> mac : this.macs) {
				jdbc.update("UPDATE trace_event SET row_mac = ? WHERE id = ?", mac.get("row_mac"), mac.get("id"));
			}
			jdbc.update("UPDATE anchor_state SET leader = NULL, lease_until_ms = 0 WHERE id = 1");
		}

		private void insert(String table, List<Map<String, Object>> rows) {
			for (Map<String, Object> row : rows) {
				List<String> columns = new ArrayList<>(row.keySet());
				WitnessIntegrationTests.this.jdbc.update(
						"INSERT INTO " + table + " (" + String.join(",", columns) + ") VALUES ("
								+ String.join(",", columns.stream().map((c) -> "?").toList()) + ")",
						columns.stream().map(row::get).toArray());
			}
		}

	}

	/**
	 * The cached subtrees ({@code node_key = level << 56 | index}) that cover a leaf at
	 * or after ?.
	 */
	private static final String NODES_AFTER = "(((node_key & 72057594037927935) + 1) << (node_key >> 56)) > ?";

	private Truncation truncate(long keep) {
		Truncation truncation = new Truncation(keep);
		for (Map<String, Object> mac : truncation.macs) {
			this.jdbc.update("UPDATE trace_event SET row_mac = NULL WHERE id = ?", mac.get("id"));
		}
		deleteAfter(keep);
		return truncation;
	}

	private void deleteAfter(long keep) {
		this.jdbc.update("DELETE FROM anchor_cosignature WHERE tree_size > ?", keep);
		this.jdbc.update("DELETE FROM anchor_tree_head WHERE tree_size > ?", keep);
		this.jdbc.update("DELETE FROM anchor_leaf WHERE leaf_index >= ?", keep);
		this.jdbc.update("DELETE FROM anchor_node WHERE " + NODES_AFTER, keep);
	}

	private int witness() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		int code = WitnessMain
			.run(new String[] { "--log", "http://127.0.0.1:" + this.port, "--state", DIR.resolve("state").toString(),
					"--name", WITNESS_NAME, "--log-key", DIR.resolve("log.pub.pem").toString(), "--evm-rpc",
					EvmTestChain.RPC, "--evm-contract", ((EvmLedger) this.ledger).contractAddress(), "--webhook",
					this.receiver.baseUrl() + "/alarm", "--once" }, Map.of(), print, print);
		this.output = bytes.toString(StandardCharsets.UTF_8);
		return code;
	}

	private JsonNode lastAlarm() {
		List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> posted = this.receiver.getAllServeEvents();
		assertThat(posted).as("the alarm was posted to the webhook").isNotEmpty();
		// newest first
		return JSON.readTree(posted.get(0).getRequest().getBodyAsString());
	}

	private IntegrityService.Report report() {
		return this.integrity.run();
	}

	private List<String> findings(IntegrityService.Kind kind) {
		return report().findings()
			.stream()
			.filter((f) -> f.kind() == kind)
			.map(IntegrityService.Finding::detail)
			.toList();
	}

	private long newestSize() {
		return this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
	}

	private void awaitAllAnchored() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head WHERE status <> 'ANCHORED'",
				Integer.class) > 0) {
			assertThat(System.nanoTime()).as("heads anchored within 30 s").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private long awaitHeadAbove(long size) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			Long found = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
			if (found != null && found > size) {
				return found;
			}
			assertThat(System.nanoTime()).as("a head above %d within 30 s", size).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
