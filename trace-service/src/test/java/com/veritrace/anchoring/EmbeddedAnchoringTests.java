package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.ProofDocuments;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The embedded default (H2 file database, no chain node): the demo's events are anchored
 * on the database block log, whose blocks are hash-linked and signed, and their proofs
 * verify.
 */
@SpringBootTest
@AutoConfigureMockMvc
class EmbeddedAnchoringTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Ledger ledger;

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("veritrace-anchoring");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void theDemoEventsAreAnchoredOnTheDatabaseBlockLog() throws Exception {
		assertThat(this.ledger).isInstanceOf(JdbcLedger.class);
		byte[] digest = this.jdbc.queryForObject("SELECT event_hash FROM trace_event ORDER BY id DESC LIMIT 1",
				byte[].class);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		String body;
		while (true) {
			body = this.mvc.perform(get("/api/v1/proofs/" + HexFormat.of().formatHex(digest)))
				.andReturn()
				.getResponse()
				.getContentAsString();
			if (body.contains("\"ANCHORED\"")) {
				break;
			}
			assertThat(System.nanoTime()).as("not anchored: " + body).isLessThan(deadline);
			Thread.sleep(250);
		}
		JsonNode proof = JSON.readTree(body);
		assertThat(proof.get("ledger").get("kind").asString()).isEqualTo("EMBEDDED");
		assertThat(ProofDocuments.verify(body).valid()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_ledger_block", Integer.class)).isPositive();
		assertThat(((JdbcLedger) this.ledger).audit()).isEmpty();
		// a block rewritten in the database breaks the chain's hashes and signatures
		this.jdbc.update("UPDATE anchor_ledger_block SET tree_size = tree_size + 1 WHERE block_number = 1");
		assertThat(((JdbcLedger) this.ledger).audit()).anySatisfy((p) -> assertThat(p).contains("block 1 was altered"));
		this.jdbc.update("UPDATE anchor_ledger_block SET tree_size = tree_size - 1 WHERE block_number = 1");
		assertThat(((JdbcLedger) this.ledger).audit()).isEmpty();
	}

}
