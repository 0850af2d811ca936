package com.veritrace.anchoring;

import java.util.HexFormat;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An event row changed, deleted or inserted behind the service's back is found, counted
 * and listed.
 */
@MariaDbIntegrationTest
class IntegrityIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AnchorLeader leader;

	@Autowired
	MeterRegistry meters;

	@Autowired
	TreeHeadSigner signer;

	TestEvents events;

	@BeforeEach
	void setUp() throws Exception {
		this.events = new TestEvents(this.mvc);
	}

	@Test
	void anEventRowChangedInTheDatabaseIsReportedAsChanged() throws Exception {
		List<String> ids = this.events.capture("T1", "T2");
		this.events.awaitProof(ids.get(0));
		this.events.awaitProof(ids.get(1));
		this.jdbc.update("UPDATE trace_event SET event_json = REPLACE(event_json, 'shipping', 'receiving') "
				+ "WHERE event_hash = ?", (Object) digest(ids.get(0)));

		JsonNode report = runCheck();

		assertThat(findings(report, "CHANGED", ids.get(0))).hasSize(1);
		assertThat(findings(report, "CHANGED", ids.get(1))).as("the untouched event").isEmpty();
		assertThat(findings(report, "CHANGED", ids.get(0)).get(0).get("detail").asString()).contains("now hashes to");
		// the platform operator is alerted: a CRITICAL integrity failure naming the
		// finding
		java.util.Map<String, Object> alert = this.jdbc.queryForMap(
				"SELECT a.severity, a.evidence, a.subject_link FROM alert a JOIN organisation o ON o.id = a.organisation_id "
						+ "WHERE o.kind = 'PLATFORM' AND a.kind = 'INTEGRITY_FAILURE' AND a.subject = 'integrity:events:tampering' "
						+ "ORDER BY a.last_raised_ms DESC LIMIT 1");
		assertThat(alert.get("severity")).isEqualTo("CRITICAL");
		assertThat((String) alert.get("evidence")).contains("\"CHANGED\"");
		assertThat(alert.get("subject_link")).isEqualTo("/portal/integrity");
		assertThat(this.meters.get("veritrace.integrity.findings").tag("kind", "CHANGED").gauge().value())
			.isGreaterThanOrEqualTo(1);
		// the last report is listed without running again
		this.mvc
			.perform(get("/api/v1/admin/integrity").header("Authorization",
					"Bearer " + MariaDbIntegrationTest.ADMIN_KEY))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.startedAt").value(report.get("startedAt").asString()));
	}

	@Test
	void anAnchoredEventRowDeletedFromTheDatabaseIsReportedAsDeleted() throws Exception {
		List<String> ids = this.events.capture("D1");
		this.events.awaitProof(ids.get(0));
		long rowId = this.jdbc.queryForObject("SELECT id FROM trace_event WHERE event_hash = ?", Long.class,
				(Object) digest(ids.get(0)));
		this.jdbc.update("DELETE FROM trace_event_item WHERE event_row_id = ?", rowId);
		this.jdbc.update("DELETE FROM trace_event WHERE id = ?", rowId);

		JsonNode report = runCheck();

		List<JsonNode> deleted = findings(report, "DELETED", null).stream()
			.filter((f) -> f.get("eventRowId").asLong() == rowId)
			.toList();
		assertThat(deleted).hasSize(1);
		assertThat(deleted.get(0).get("leafIndex").isNumber()).isTrue();
		assertThat(report.get("counts").get("DELETED").asLong()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void anEventRowInsertedIntoTheDatabaseIsNeverAnchoredAndIsReportedAsInserted() throws Exception {
		// a well-formed event whose hash is right, written straight into the table (no
		// row MAC, or a forged one)
		String event = "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-02-01T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + this.events.gtin + "/21/FAKE" + System.nanoTime()
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"retail_selling\"}";
		JsonNode hashes = JSON.readTree(this.mvc
			.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_JSON).content(event))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		String id = hashes.get("eventHashes").get(0).asString();
		String forgedId = insertBehindTheBack(event.replace("retail_selling", "shipping"), new byte[32]);
		insertBehindTheBack(event, null);
		long rowId = this.jdbc.queryForObject("SELECT id FROM trace_event WHERE event_hash = ?", Long.class,
				(Object) digest(id));

		this.leader.tick();
		this.leader.tick();

		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf WHERE event_row_id = ?", Integer.class,
				rowId))
			.as("not appended to the log")
			.isZero();
		JsonNode report = runCheck();
		assertThat(findings(report, "INSERTED", id)).hasSize(1);
		assertThat(findings(report, "INSERTED", id).get(0).get("eventRowId").asLong()).isEqualTo(rowId);
		assertThat(findings(report, "INSERTED", forgedId)).as("a forged MAC does not pass").hasSize(1);
		// the public proof API says so plainly, instead of PENDING forever
		for (String refused : List.of(id, forgedId)) {
			this.mvc.perform(get("/api/v1/proofs/" + TestEvents.hex(refused)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("REFUSED"))
				.andExpect(jsonPath("$.eventHash").value(refused))
				.andExpect(jsonPath("$.reason").value(ProofService.Proof.REFUSED_REASON))
				.andExpect(jsonPath("$.expectedBy").doesNotExist())
				.andExpect(jsonPath("$.auditPath").doesNotExist());
		}
	}

	@Test
	void onlyThePlatformOperatorReadsTheReport() throws Exception {
		this.mvc.perform(get("/api/v1/admin/integrity").header("Authorization", this.events.brand.bearer()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/forbidden"));
		this.mvc.perform(post("/api/v1/admin/integrity")).andExpect(status().isUnauthorized());
		ApiClient.Tenant regulator = new ApiClient(this.mvc).tenant(ApiClient.unique("Regulator"), "REGULATOR", "read");
		this.mvc.perform(post("/api/v1/admin/integrity").header("Authorization", regulator.bearer()))
			.andExpect(status().isForbidden());
	}

	private String insertBehindTheBack(String eventJson, byte[] mac) throws Exception {
		JsonNode hashes = JSON.readTree(this.mvc
			.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_JSON).content(eventJson))
			.andReturn()
			.getResponse()
			.getContentAsString());
		String id = hashes.get("eventHashes").get(0).asString();
		long now = System.currentTimeMillis();
		this.jdbc.update(
				"INSERT INTO trace_event (event_hash, hash_algorithm, event_type, event_time_ms, "
						+ "event_time_offset, record_time_ms, action, biz_step, reporter_id, event_json, row_mac) "
						+ "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
				digest(id), "sha-256", "ObjectEvent", now, "+00:00", now, "OBSERVE", "retail_selling",
				this.events.brand.id(), eventJson, mac);
		return id;
	}

	@Test
	void anAnchoredHeadReplacedAndResignedInTheDatabaseIsFoundAgainstTheLedger() throws Exception {
		this.events.awaitProof(this.events.capture("H1").get(0));
		this.events.awaitProof(this.events.capture("H2").get(0));
		runCheck(); // every anchored head read from the ledger once
		// an older head (not the newest) replaced by one with another root, signed with
		// the service's own key: what someone holding the database and the key could do
		List<Long> sizes = this.jdbc.queryForList(
				"SELECT tree_size FROM anchor_tree_head WHERE status = 'ANCHORED' ORDER BY tree_size DESC LIMIT 2",
				Long.class);
		long size = sizes.get(1);
		java.util.Map<String, Object> original = this.jdbc
			.queryForMap("SELECT root_hash, signature, head_time_ms FROM anchor_tree_head WHERE tree_size = ?", size);
		byte[] forged = ((byte[]) original.get("root_hash")).clone();
		forged[31] ^= 1;
		SignedTreeHead resigned = this.signer
			.sign(new TreeHead(size, forged, com.veritrace.anchor.HashAlgorithm.SHA_256,
					java.time.Instant.ofEpochMilli((Long) original.get("head_time_ms"))));
		this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ?, signature = ? WHERE tree_size = ?", forged,
				resigned.signature(), size);
		try {
			JsonNode first = runCheck();
			// a head checked before: its digest changed; one not checked yet: read from
			// the
			// ledger at once
			assertThat(findings(first, "LEDGER_MISMATCH", null)).anySatisfy(f -> assertThat(f.get("detail").asString())
				.satisfiesAnyOf(d -> assertThat(d).contains("changed in the database since"),
						d -> assertThat(d).endsWith("for tree size " + size)));
			assertThat(findings(first, "BAD_SIGNATURE", null)).as("re-signed with the service's key")
				.noneSatisfy(f -> assertThat(f.get("detail").asString()).contains("tree head " + size + ":"));
			// the next run reads every head from the ledger again and names the one
			JsonNode second = runCheck();
			assertThat(findings(second, "LEDGER_MISMATCH", null))
				.anySatisfy(f -> assertThat(f.get("detail").asString()).endsWith("for tree size " + size));
		}
		finally {
			this.jdbc.update("UPDATE anchor_tree_head SET root_hash = ?, signature = ? WHERE tree_size = ?",
					original.get("root_hash"), original.get("signature"), size);
		}
		assertThat(findings(runCheck(), "LEDGER_MISMATCH", null))
			.noneSatisfy(f -> assertThat(f.get("detail").asString()).endsWith("for tree size " + size));
	}

	@Test
	void aSignedHeadRemovedFromTheDatabaseIsFoundAgainstTheLedgersNewestAnchor() throws Exception {
		this.events.awaitProof(this.events.capture("N1").get(0));
		long newest = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
		java.util.Map<String, Object> row = this.jdbc.queryForMap("SELECT * FROM anchor_tree_head WHERE tree_size = ?",
				newest);
		// history cut back behind the service's back: the newest head is gone from the
		// database, not from the ledger (found even by a node that never checked it)
		this.jdbc.update("DELETE FROM anchor_tree_head WHERE tree_size = ?", newest);
		try {
			assertThat(findings(runCheck(), "LEDGER_MISMATCH", null))
				.anySatisfy(f -> assertThat(f.get("detail").asString())
					.contains("the ledger holds an anchor of tree size " + newest)
					.contains("signed heads were removed from the database"));
		}
		finally {
			String columns = String.join(", ", row.keySet());
			String marks = String.join(", ", java.util.Collections.nCopies(row.size(), "?"));
			this.jdbc.update("INSERT INTO anchor_tree_head (" + columns + ") VALUES (" + marks + ")",
					row.values().toArray());
		}
		assertThat(findings(runCheck(), "LEDGER_MISMATCH", null))
			.noneSatisfy(f -> assertThat(f.get("detail").asString()).contains("removed from the database"));
	}

	private JsonNode runCheck() throws Exception {
		String body = this.mvc
			.perform(post("/api/v1/admin/integrity").header("Authorization",
					"Bearer " + MariaDbIntegrationTest.ADMIN_KEY))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(body);
	}

	private static List<JsonNode> findings(JsonNode report, String kind, String eventHash) {
		return report.get("findings")
			.valueStream()
			.filter((f) -> f.get("kind").asString().equals(kind))
			.filter((f) -> eventHash == null || (f.has("eventHash") && f.get("eventHash").asString().equals(eventHash)))
			.toList();
	}

	private static byte[] digest(String eventHashId) {
		return HexFormat.of().parseHex(TestEvents.hex(eventHashId));
	}

}
