package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.AnchoredRoot;
import com.veritrace.anchor.EvmLedger;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.ProofDocuments;
import com.veritrace.anchor.TreeHead;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The {@code evm} ledger against the real local anvil: events captured over the API are
 * anchored on chain.
 */
@SpringBootTest(properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
		"veritrace.demo.enabled=false" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = EvmTestChain.class)
class EvmAnchoringIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void capturedEventsAreAnchoredOnTheChainAndTheirProofsCheckAgainstIt() throws Exception {
		assertThat(this.ledger).isInstanceOf(EvmLedger.class);
		TestEvents events = new TestEvents(this.mvc);
		List<String> ids = events.capture("E1", "E2", "E3", "E4", "E5");

		String body = events.awaitProof(ids.get(4));

		JsonNode proof = JSON.readTree(body);
		assertThat(ProofDocuments.verify(body).valid()).isTrue();
		JsonNode receiptNode = proof.get("ledger");
		assertThat(receiptNode.get("kind").asString()).isEqualTo("EVM");
		assertThat(receiptNode.get("chainId").asString()).isEqualTo("eip155:31337");
		assertThat(receiptNode.get("txHash").asString()).matches("0x[0-9a-f]{64}");
		assertThat(receiptNode.get("contractAddress").asString())
			.isEqualTo(((EvmLedger) this.ledger).contractAddress());
		TreeHead head = TreeHead
			.fromSignedBytes(HexFormat.of().parseHex(proof.get("signedTreeHead").get("signedBytes").asString()));
		// the chain itself holds the root the proof leads to
		AnchoredRoot onChain = this.ledger.lookup(proof.get("treeSize").asLong()).orElseThrow();
		assertThat(HexFormat.of().formatHex(onChain.rootHash())).isEqualTo(proof.get("rootHash").asString());
		LedgerReceipt receipt = new LedgerReceipt(LedgerKind.EVM, "eip155:31337", receiptNode.get("txHash").asString(),
				receiptNode.get("blockNumber").asLong(), Instant.parse(receiptNode.get("timestamp").asString()),
				head.treeSize(), LedgerReceipt.Status.CONFIRMED);
		assertThatCode(() -> this.ledger.verify(receipt, head)).doesNotThrowAnyException();
		// one transaction per batch, not per event
		Integer transactions = this.jdbc.queryForObject(
				"SELECT COUNT(DISTINCT tx_hash) FROM anchor_tree_head WHERE status = 'ANCHORED'", Integer.class);
		assertThat(transactions).isLessThanOrEqualTo(ids.size());
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/api-proof-document-evm.json"), body);
	}

}
