package com.veritrace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import com.veritrace.support.Mysql8Syntax;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code mysql} profile (MySQL 8: Hibernate's MySQLDialect, the migrations of
 * {@code db/migration-mysql}) booted whole on a database of its own, on the MariaDB the
 * machine has, made to behave as MySQL 8 where it can: MySQL 8's default SQL mode
 * (ONLY_FULL_GROUP_BY, STRICT_TRANS_TABLES, ...) on every connection, and
 * {@link Mysql8Syntax} refusing, as MySQL 8 would, every statement only MariaDB accepts.
 * Over the API it runs the paths whose SQL depends most on the server: the migrations
 * from empty, capture (the idempotent insert) and the EPCIS query with keyset pages,
 * anchoring (the leader's lease and {@code FOR UPDATE} on the ledger state), two code
 * jobs at once (the serial counter locked {@code FOR UPDATE}), activation, scans (the
 * rollups' {@code ON DUPLICATE KEY UPDATE}) and a recall (its progress rows locked
 * {@code FOR UPDATE}, notices {@code INSERT IGNORE}); then checks that no statement was
 * refused and that those kinds of statements were indeed sent. What MariaDB cannot show
 * of MySQL 8 (and of TiDB) is in docs/DATABASES.md.
 */
@SpringBootTest(properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
		"veritrace.demo.enabled=false", "veritrace.rate-limit.scans-per-minute=100000",
		"veritrace.scan.place-header-edges=127.0.0.1", "veritrace.epcis.subscriptions.enabled=false" })
@ActiveProfiles("mysql")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = MysqlProfileIntegrationTests.Mysql8Database.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlProfileIntegrationTests {

	/** MySQL 8.0's and 8.4's default {@code sql_mode}. */
	static final String MYSQL8_SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
			+ "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A database of this run's own ({@code purpose} "mysql": its own anchor leader and
	 * log), MySQL 8's SQL mode on each connection and the grammar check in the driver.
	 */
	static class Mysql8Database implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			MariaDbTestDatabase.properties("mysql")
				.and("spring.datasource.url=" + MariaDbTestDatabase.url("mysql") + "&queryInterceptors="
						+ Mysql8Syntax.class.getName(),
						"spring.datasource.hikari.connection-init-sql=SET SESSION sql_mode='" + MYSQL8_SQL_MODE + "'")
				.applyTo(context.getEnvironment());
		}

	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Environment environment;

	@Test
	@Order(1)
	void theMigrationsRanFromEmptyUnderMysql8sSqlModeWithTheMysqlEventPublicationTable() {
		assertThat(this.environment.getProperty("veritrace.mode")).isEqualTo("mysql");
		assertThat(this.jdbc.queryForObject("SELECT @@SESSION.sql_mode", String.class)).contains("ONLY_FULL_GROUP_BY")
			.contains("STRICT_TRANS_TABLES");
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0", Integer.class))
			.isZero();
		List<String> versions = this.jdbc.queryForList(
				"SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
				String.class);
		assertThat(versions).contains("1", "7", "25", "29").doesNotHaveDuplicates();
		// V7 from db/migration-mysql: MySQL 8 has no UUID type
		assertThat(
				this.jdbc.queryForObject(
						"SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
								+ "DATABASE() AND TABLE_NAME = 'EVENT_PUBLICATION' AND COLUMN_NAME = 'ID'",
						String.class))
			.isEqualToIgnoringCase("varchar");
		// V25 (a Java migration) made its index without CREATE INDEX IF NOT EXISTS
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
						+ "DATABASE() AND TABLE_NAME = 'trace_event' AND INDEX_NAME = 'ix_trace_event_record_time'",
				Integer.class))
			.isOne();
	}

	@Test
	@Order(2)
	void captureIsIdempotentTheQueryPagesThroughEveryEventOnceAndTheyAreAnchored() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("MySQL brand"), "BRAND", "read", "events:write", "products:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Oolong\"}", 201);
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			events.add("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-0" + (i + 1)
					+ "T08:00:00.125Z\",\"eventTimeZoneOffset\":\"+08:00\",\"action\":\"OBSERVE\","
					+ "\"bizStep\":\"receiving\",\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/M" + i + "\"]}");
		}
		String document = EpcisCapture.document(events);
		EpcisCapture capture = new EpcisCapture(this.mvc);
		JsonNode first = capture.captureAndWait(brand, document);
		assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCESS");
		assertThat(first.get("stored").asInt()).isEqualTo(7);
		JsonNode again = capture.captureAndWait(brand, document);
		assertThat(again.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(again.get("stored").asInt()).isZero();
		assertThat(again.get("duplicates").asInt()).isEqualTo(7);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event", Integer.class)).isEqualTo(7);

		// keyset pages of 3, in event time order, through the Link header
		List<String> seen = new ArrayList<>();
		int pages = 0;
		String next = "/api/v1/epcis/events?MATCH_epc=https://id.gs1.org/01/" + gtin
				+ "/21/*&orderBy=eventTime&orderDirection=ASC&perPage=3";
		while (next != null) {
			MvcResult page = this.mvc.perform(get(next).header("Authorization", brand.bearer()))
				.andExpect(status().isOk())
				.andReturn();
			JSON.readTree(page.getResponse().getContentAsString())
				.at("/epcisBody/queryResults/resultsBody/eventList")
				.forEach(e -> seen.add(e.get("epcList").get(0).asString()));
			next = nextLink(page);
			pages++;
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactly(
				events.stream().map(e -> JSON.readTree(e).get("epcList").get(0).asString()).toArray(String[]::new));

		// the leader anchors them: its lease, the ledger state locked FOR UPDATE
		JsonNode hashes = api.call(post("/api/v1/epcis/event-hashes"), brand.key(), document, 200);
		String hex = hashes.get("eventHashes").get(6).asString().substring("ni:///sha-256;".length()).substring(0, 64);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			MvcResult proof = this.mvc.perform(get("/api/v1/proofs/" + hex)).andReturn();
			if (proof.getResponse().getContentAsString().contains("\"status\":\"ANCHORED\"")) {
				break;
			}
			assertThat(System.nanoTime()).as("not anchored in 30 s: " + proof.getResponse().getContentAsString())
				.isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	@Test
	@Order(3)
	void twoCodeJobsAtOnceGetDisjointSerialsTheirScansCountAndARecallReachesThem() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("MySQL codes"), "BRAND", "read", "products:write", "codes:issue",
				"recalls:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Puer\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"MY-1\"}", 201);
		long a = api.call(post("/api/v1/code-jobs"), brand.key(), job("a", gtin, 40, "DIGITAL_LINK"), 202)
			.get("id")
			.asLong();
		// two SGTIN-96 jobs submitted at once: each reserves its serial range from the
		// one
		// counter row of the GTIN (SELECT ... FOR UPDATE)
		List<Long> numeric = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		List<Thread> submitters = new ArrayList<>();
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		for (String id : List.of("b", "c")) {
			Thread submitter = new Thread(() -> {
				try {
					start.await();
					numeric.add(api.call(post("/api/v1/code-jobs"), brand.key(), job(id, gtin, 30, "SGTIN_96"), 202)
						.get("id")
						.asLong());
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			submitter.start();
			submitters.add(submitter);
		}
		start.countDown();
		for (Thread submitter : submitters) {
			submitter.join(30_000);
		}
		assertThat(failures).isEmpty();
		assertThat(numeric).hasSize(2);
		awaitCompleted(api, brand, a);
		awaitCompleted(api, brand, numeric.get(0));
		awaitCompleted(api, brand, numeric.get(1));
		List<String> serialsA = serials(a);
		assertThat(serialsA).hasSize(40);
		Set<String> sgtin = new HashSet<>(serials(numeric.get(0)));
		sgtin.addAll(serials(numeric.get(1)));
		assertThat(sgtin).as("two ranges of 30, disjoint").hasSize(60);

		assertThat(api.call(post("/api/v1/code-jobs/" + a + "/activation"), brand.key(), "{\"from\":1,\"to\":40}", 200)
			.get("changed")
			.asInt()).isEqualTo(40);
		String code = "/01/" + gtin + "/21/" + serialsA.get(0);
		assertThat(scan(code)).startsWith("GENUINE");
		assertThat(scan(code)).startsWith("GENUINE");

		JsonNode recall = api.call(post("/api/v1/recalls"), brand.key(), """
				{"gtin":"%s","lots":["MY-1"],"recallClass":"II","reasonCode":"LABELLING_ERROR",
				 "reason":"Wrong allergen label","consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold stock.","zh-CN":"暂停销售。"}}
				""".formatted(gtin), 201);
		assertThat(scan(code)).isEqualTo("RECALLED");
		// the progress is built by the jobs (rows claimed and locked FOR UPDATE)
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode progress = api.call(get("/api/v1/recalls/" + recall.get("id").asString() + "/progress"),
					brand.key(), "", 200);
			if (progress.at("/build/state").asString().equals("READY")) {
				assertThat(progress.get("itemCount").asInt()).isEqualTo(100);
				break;
			}
			assertThat(System.nanoTime()).as("recall progress not built in 30 s: " + progress).isLessThan(deadline);
			Thread.sleep(250);
		}
	}

	@Test
	@Order(4)
	void theGrammarCheckRefusesWhatOnlyMariaDbAccepts() throws Exception {
		String mariaDbV7 = new ClassPathResource("db/migration-uuid/V7__event_publication.sql")
			.getContentAsString(StandardCharsets.UTF_8);
		String mysqlV7 = new ClassPathResource("db/migration-mysql/V7__event_publication.sql")
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(Mysql8Syntax.refusal(mariaDbV7)).contains("UUID");
		assertThat(Mysql8Syntax.refusal(mysqlV7)).isNull();
		assertThat(Mysql8Syntax.refusal("CREATE INDEX IF NOT EXISTS ix_t ON t (c)")).isNotNull();
		assertThat(Mysql8Syntax.refusal("ALTER TABLE t ADD COLUMN IF NOT EXISTS c INT")).isNotNull();
		assertThat(Mysql8Syntax.refusal("DELETE FROM t WHERE id = ? RETURNING id")).isNotNull();
		assertThat(Mysql8Syntax.refusal("INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUE(b)"))
			.isNotNull();
		assertThat(Mysql8Syntax.refusal("UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t WHERE b = 2)"))
			.startsWith("1093");
		assertThat(Mysql8Syntax.refusal("SELECT * FROM t FOR UPDATE WAIT 5")).isNotNull();
		// MySQL 8's own: fine; a value cannot trigger a rule
		assertThat(Mysql8Syntax
			.refusal("INSERT INTO t (a, b) VALUES (1, 'RETURNING VALUE(x)') ON DUPLICATE KEY UPDATE b = VALUES(b)"))
			.isNull();
		assertThat(Mysql8Syntax.refusal("SELECT id FROM t WHERE s = 'x' ORDER BY id LIMIT 10 FOR UPDATE SKIP LOCKED"))
			.isNull();
		assertThat(Mysql8Syntax.refusal("CREATE TABLE IF NOT EXISTS t (epc VARCHAR(255) NOT NULL, PRIMARY KEY (epc))"))
			.isNull();
		// and the driver refuses it as MySQL would, before MariaDB sees it
		Throwable thrown = catchThrowable(
				() -> this.jdbc.execute("CREATE INDEX IF NOT EXISTS ix_never ON trace_event (id)"));
		assertThat(thrown).isInstanceOf(BadSqlGrammarException.class);
		assertThat(((BadSqlGrammarException) thrown).getSQLException().getMessage()).contains("MySQL 8 would refuse");
	}

	@Test
	@Order(5)
	void theApplicationSentOnlyWhatMysql8AcceptsAndTheServerDependentKindsWereAmongIt() {
		List<String> refused = new ArrayList<>(Mysql8Syntax.refused());
		// the one the previous test made on purpose
		refused.removeIf(r -> r.contains("ix_never"));
		assertThat(refused).as("statements MySQL 8 would refuse").isEmpty();
		Set<String> seen = Mysql8Syntax.seen();
		for (String kind : List.of("INSERT IGNORE INTO ", " ON DUPLICATE KEY UPDATE ", " FOR UPDATE",
				"CREATE TABLE IF NOT EXISTS TRACE_EVENT_EPC", "CREATE INDEX IX_TRACE_EVENT_RECORD_TIME ",
				"CREATE TABLE EVENT_PUBLICATION ", "INTO EVENT_PUBLICATION", " GROUP BY ")) {
			assertThat(seen).as("a statement with '%s'", kind).anyMatch(s -> s.contains(kind));
		}
		assertThat(seen).as("the serial counter locked")
			.anyMatch(s -> s.contains("FROM CODE_COUNTER WHERE") && s.endsWith("FOR UPDATE"));
		assertThat(seen).as("the ledger state locked").anyMatch(s -> s.contains("FROM ANCHOR_STATE WHERE"));
	}

	private String scan(String path) throws Exception {
		MvcResult page = this.mvc.perform(get(path).header("Accept", "application/json"))
			.andExpect(status().isOk())
			.andReturn();
		return JSON.readTree(page.getResponse().getContentAsString()).get("verdict").asString();
	}

	private List<String> serials(long job) {
		return this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq", String.class,
				job);
	}

	private static String job(String requestId, String gtin, int quantity, String format) {
		return "{\"requestId\":\"mysql-" + requestId + "\",\"gtin\":\"" + gtin
				+ "\",\"lotNumber\":\"MY-1\",\"quantity\":" + quantity + ",\"format\":\"" + format + "\""
				+ (format.equals("SGTIN_96") ? ",\"companyPrefixLength\":7" : "") + "}";
	}

	private static void awaitCompleted(ApiClient api, Tenant brand, long id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = api.call(get("/api/v1/code-jobs/" + id), brand.key(), "", 200);
			String state = job.get("status").asString();
			if (state.equals("COMPLETED")) {
				return;
			}
			assertThat(state).as("job %d: %s", id, job).isIn("QUEUED", "RUNNING");
			assertThat(System.nanoTime()).as("job %d did not complete in 30 s", id).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String nextLink(MvcResult page) {
		String link = page.getResponse().getHeader("Link");
		if (link == null) {
			return null;
		}
		String uri = link.substring(1, link.indexOf('>'));
		return java.net.URI.create(uri).getRawPath() + "?" + java.net.URI.create(uri).getRawQuery();
	}

}
