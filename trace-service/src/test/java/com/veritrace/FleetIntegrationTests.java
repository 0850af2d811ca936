package com.veritrace;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchoring.EvmTestChain;
import com.veritrace.feeds.LocalKafka;
import com.veritrace.support.ApiClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local fleet of {@code deploy/local/fleet.sh} (issue 18 item 3): six processes of
 * the built jar (two web nodes, two ingest nodes, two anchor-and-jobs candidates) on one
 * MariaDB database, Redis, Kafka and anvil, started by the script itself (as an operator
 * would; the test only sets its ports, database and directory). Over HTTP only: a portal
 * session made on one web node is valid on the other, and a logout on the other ends it
 * on the first; scan counters are shared; a recall issued on one web node shows on the
 * other's scan page within the recall index's poll; and the anchor leader, killed with
 * SIGKILL while events stream in through the ingest nodes, is replaced by the other
 * candidate within the lease, with every stored event in the log once, the leaves
 * contiguous and the tree heads consistent across the change of leader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIntegrationTests {

	private static final Logger log = LoggerFactory.getLogger(FleetIntegrationTests.class);

	static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** The leader lease the fleet runs with here (the script's default is 15 s). */
	static final Duration LEASE = Duration.ofSeconds(5);

	static final String PASSWORD = "a fleet of nodes, one session";

	static Fleet fleet;

	static JdbcTemplate db;

	static String adminKey;

	static ApiClient.Tenant brand;

	static String gtin;

	/** The scan paths of the brand's activated codes, lot FL-1 (in issue order). */
	static List<String> codes;

	/**
	 * A code of the lot that is recalled in
	 * {@link #aRecallOnOneWebNodeShowsOnTheOthersScanPage}.
	 */
	static String recalledCode;

	@BeforeAll
	static void startTheFleet() throws Exception {
		EvmTestChain.ensureAnvil();
		LocalKafka.ensureRunning();
		long started = System.nanoTime();
		fleet = Fleet.start();
		log.info("The fleet started in {} s", Duration.ofNanos(System.nanoTime() - started).toSeconds());
		adminKey = fleet.secret("ADMIN_KEY");
		DriverManagerDataSource source = new DriverManagerDataSource(fleet.jdbcUrl(), fleet.database(),
				fleet.secret("DB_PASSWORD"));
		db = new JdbcTemplate(source);

		// a brand with a product, two lots and activated codes, set up on web-1
		JsonNode org = call("POST", "web-1", "/api/v1/organisations", adminKey,
				"{\"name\":\"Fleet brand\",\"kind\":\"BRAND\"}", 201);
		long brandId = org.get("id").asLong();
		JsonNode key = call("POST", "web-1", "/api/v1/organisations/" + brandId + "/api-keys", adminKey,
				"{\"name\":\"fleet\",\"scopes\":[\"read\",\"products:write\",\"codes:issue\",\"events:write\","
						+ "\"recalls:write\"]}",
				201);
		brand = new ApiClient.Tenant(brandId, key.get("key").asString(), key.get("id").asLong());
		gtin = ApiClient.randomGtin();
		call("POST", "web-1", "/api/v1/products", brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Fleet tea\"}",
				201);
		call("POST", "web-1", "/api/v1/products/" + gtin + "/lots", brand.key(), "{\"lotNumber\":\"FL-1\"}", 201);
		call("POST", "web-1", "/api/v1/products/" + gtin + "/lots", brand.key(), "{\"lotNumber\":\"FL-2\"}", 201);
		codes = issue("FL-1", 3);
		recalledCode = issue("FL-2", 1).get(0);
	}

	@AfterAll
	static void stopTheFleet() {
		if (fleet != null) {
			fleet.close();
		}
	}

	@Test
	@Order(1)
	void aSessionMadeOnOneWebNodeIsValidOnTheOtherAndALogoutThereEndsIt() throws Exception {
		String email = "fleet-" + Long.toHexString(System.nanoTime()) + "@test.example";
		call("POST", "web-1", "/api/v1/organisations/" + brand.id() + "/users", adminKey,
				"{\"email\":\"" + email + "\",\"displayName\":\"Lin Fleet\",\"role\":\"OPERATOR\"}", 201);
		String invitation = fleet.mailLink(email, "/portal/invitations/");
		Form join = Form.open("web-1", invitation, null);
		HttpResponse<String> joined = join
			.post(Map.of("displayName", "Lin Fleet", "password", PASSWORD, "repeatPassword", PASSWORD));
		assertThat(joined.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("joined"));

		// logged in through the form on web-1
		Form login = Form.open("web-1", "/portal/login", null);
		HttpResponse<String> loggedIn = login.post(Map.of("email", email, "password", PASSWORD));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		assertThat(loggedIn.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/portal"));
		String session = sessionCookie(loggedIn).orElseThrow();

		// the cookie works on web-2: the same person, and web-2's own forms take it
		HttpResponse<String> home = page("web-2", "/portal", session);
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("Lin Fleet");
		// without it web-2 sends the browser to the login form (the cookie is what
		// counts)
		assertThat(page("web-2", "/portal", null).headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).contains("/portal/login"));

		// a logout on web-2 ends the session on web-1 too
		Form logout = Form.open("web-2", "/portal", session);
		HttpResponse<String> loggedOut = logout.postTo("/portal/logout", Map.of());
		assertThat(loggedOut.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).contains("/portal/login"));
		assertThat(page("web-1", "/portal", session).headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).contains("/portal/login"));
	}

	@Test
	@Order(2)
	void scanCountersAreSharedByTheWebNodes() throws Exception {
		String code = codes.get(0);
		JsonNode first = scan("web-1", code);
		assertThat(first.get("verdict").asString()).isEqualTo("GENUINE");
		// web-2 never counted the code: it asks Redis, which has web-1's scan
		JsonNode second = scan("web-2", code);
		assertThat(second.get("verdict").asString()).isEqualTo("GENUINE_REPEAT");
		assertThat(second.at("/scans/count").asLong()).isEqualTo(2);
		// a node answers a code it counted less than a second ago from that answer and
		// its own scans since (RedisScanCounters.HOT): other nodes' scans show after it
		Thread.sleep(1_100);
		assertThat(scan("web-1", code).at("/scans/count").asLong()).isEqualTo(3);
		// a burst on both nodes: none is lost
		for (int i = 0; i < 5; i++) {
			scan("web-1", code);
			scan("web-2", code);
		}
		Thread.sleep(1_100);
		assertThat(scan("web-2", code).at("/scans/count").asLong()).isEqualTo(14);
		Thread.sleep(1_100);
		assertThat(scan("web-1", code).at("/scans/count").asLong()).isEqualTo(15);
	}

	@Test
	@Order(3)
	void aRecallOnOneWebNodeShowsOnTheOthersScanPage() throws Exception {
		// both nodes have the page cached as genuine
		assertThat(scan("web-2", recalledCode).get("verdict").asString()).isEqualTo("GENUINE");
		assertThat(scan("web-1", recalledCode).get("verdict").asString()).isEqualTo("GENUINE_REPEAT");
		call("POST", "web-1", "/api/v1/recalls", brand.key(), """
				{"gtin":"%s","lots":["FL-2"],"recallClass":"II","reasonCode":"LABELLING_ERROR",
				 "reason":"Wrong allergen label","consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold stock.","zh-CN":"封存库存。"}}
				""".formatted(gtin), 201);
		long issued = System.nanoTime();
		String verdict = scan("web-2", recalledCode).get("verdict").asString();
		while (!verdict.equals("RECALLED") && System.nanoTime() - issued < Duration.ofSeconds(10).toNanos()) {
			Thread.sleep(50);
			verdict = scan("web-2", recalledCode).get("verdict").asString();
		}
		long shownMs = Duration.ofNanos(System.nanoTime() - issued).toMillis();
		log.info("web-2 showed the recall made on web-1 after {} ms", shownMs);
		assertThat(verdict).isEqualTo("RECALLED");
		// the recall index polls every 500 ms; the page caches are dropped with it
		assertThat(shownMs).as("ms until web-2 showed the recall").isLessThan(2_000);
		// and the other lot's codes are not recalled
		assertThat(scan("web-2", codes.get(1)).get("verdict").asString()).isEqualTo("GENUINE");
	}

	@Test
	@Order(4)
	void theAnchorLeaderKilledIsReplacedWithinTheLeaseWithNoGapAndNoDuplicateInTheLog() throws Exception {
		String topic = fleet.topicPrefix() + "." + brand.id() + ".epcis";
		// the brand's events so far (the recall's)
		long before = storedEvents();
		LocalKafka.createTopics(2, topic);
		AtomicInteger sent = new AtomicInteger();
		AtomicBoolean sending = new AtomicBoolean(true);
		List<Throwable> failures = new ArrayList<>();
		// a partner streams events to its topic through the whole test: 50 a second
		Thread producer = new Thread(() -> {
			try (KafkaProducer<String, byte[]> kafka = LocalKafka.producer()) {
				while (sending.get()) {
					int n = sent.get() + 1;
					String serial = "K" + n;
					kafka.send(new ProducerRecord<>(topic, serial, event(serial, n))).get(30, TimeUnit.SECONDS);
					sent.set(n);
					Thread.sleep(20);
				}
			}
			catch (Exception | AssertionError ex) {
				failures.add(ex);
			}
		}, "fleet-partner");
		producer.start();
		try {
			// anchor-1 leads and anchors what the ingest nodes store (50 events: a few
			// tree heads)
			awaitTrue("anchor-1 leads and has anchored events", Duration.ofSeconds(60),
					() -> leader().startsWith("anchor-1/") && anchoredSize() >= 50);
			assertThat(fleet.ready("anchor-2")).isTrue();
			long sizeBefore = anchoredSize();

			long killed = System.nanoTime();
			ProcessHandle anchor1 = fleet.process("anchor-1");
			anchor1.destroyForcibly();
			assertThat(anchor1.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();

			awaitTrue("anchor-2 takes the lease", LEASE.plusSeconds(10), () -> leader().startsWith("anchor-2/"));
			long takeoverMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
			log.info("anchor-2 took the lease {} ms after anchor-1 was killed (lease {} s)", takeoverMs,
					LEASE.toSeconds());
			// within the lease (plus a poll and some slack for a loaded machine)
			assertThat(takeoverMs).isLessThan(LEASE.toMillis() + 2_000);
			// it anchors: events stored after the kill get into the log
			long storedAtTakeover = storedEvents();
			awaitTrue("anchor-2 anchors new events", Duration.ofSeconds(30),
					() -> anchoredSize() > storedAtTakeover && anchoredSize() > sizeBefore);
		}
		finally {
			sending.set(false);
			producer.join(30_000);
		}
		assertThat(failures).isEmpty();
		int total = sent.get();
		awaitTrue(
				() -> "every event sent is stored and anchored: %d sent, %d stored, %d event rows, %d leaves, "
					.formatted(total, storedEvents() - before, allEvents(), leaves())
						+ "head %d, anchored %d".formatted(latestHeadSize(), anchoredSize()),
				Duration.ofSeconds(60), () -> storedEvents() == before + total && leaves() == allEvents()
						&& latestHeadSize() == leaves() && anchoredSize() == leaves());
		log.info("{} events streamed, stored and anchored across the change of leader", total);

		// the log: leaves 0..n-1 with no gap, each stored event row once, each event hash
		// once, each leaf the hash of its event
		Map<String, Object> leaves = db.queryForMap("SELECT COUNT(*) AS n, MIN(leaf_index) AS lo, "
				+ "MAX(leaf_index) AS hi, COUNT(DISTINCT l.event_row_id) AS rows_, COUNT(DISTINCT e.event_hash) AS hashes, "
				+ "SUM(l.leaf_hash <> UNHEX(SHA2(CONCAT(0x00, e.event_hash), 256))) AS wrong "
				+ "FROM anchor_leaf l JOIN trace_event e ON e.id = l.event_row_id");
		long n = ((Number) leaves.get("n")).longValue();
		assertThat(n).isEqualTo(allEvents());
		assertThat(((Number) leaves.get("lo")).longValue()).isZero();
		assertThat(((Number) leaves.get("hi")).longValue()).isEqualTo(n - 1);
		assertThat(((Number) leaves.get("rows_")).longValue()).isEqualTo(n);
		assertThat(((Number) leaves.get("hashes")).longValue()).isEqualTo(n);
		assertThat(((Number) leaves.get("wrong")).longValue()).isZero();
		assertThat(storedEvents()).isEqualTo(before + total);

		// the tree heads: all anchored on the chain, each consistent with the one before
		// (through the API, verified here), the newest one's root that of all the leaves
		List<JsonNode> heads = new ArrayList<>();
		call("GET", "web-2", "/api/v1/log/tree-heads?after=0&limit=1000", null, null, 200).forEach(heads::add);
		assertThat(heads).isNotEmpty();
		assertThat(heads).allSatisfy(h -> assertThat(h.get("status").asString()).isEqualTo("ANCHORED"));
		LogHasher hasher = LogHasher.sha256();
		for (int i = 1; i < heads.size(); i++) {
			long size1 = heads.get(i - 1).get("treeSize").asLong();
			long size2 = heads.get(i).get("treeSize").asLong();
			JsonNode proof = call("GET", "web-1", "/api/v1/log/consistency?first=" + size1 + "&second=" + size2, null,
					null, 200);
			List<byte[]> path = new ArrayList<>();
			proof.get("consistencyPath").forEach(h -> path.add(HexFormat.of().parseHex(h.asString())));
			ProofVerifier.verifyConsistency(hasher, size1, size2, path, root(heads.get(i - 1)), root(heads.get(i)));
		}
		JsonNode newest = heads.get(heads.size() - 1);
		assertThat(newest.get("treeSize").asLong()).isEqualTo(n);
		List<byte[]> leafHashes = db.queryForList("SELECT leaf_hash FROM anchor_leaf ORDER BY leaf_index",
				byte[].class);
		assertThat(HexFormat.of().formatHex(rootOf(hasher, leafHashes))).isEqualTo(newest.get("rootHash").asString());
	}

	// --- the log, from the database

	static String leader() {
		String leader = db.queryForObject("SELECT leader FROM anchor_state WHERE id = 1", String.class);
		return (leader != null) ? leader : "";
	}

	static long storedEvents() {
		return db.queryForObject("SELECT COUNT(*) FROM trace_event WHERE reporter_id = ?", Long.class, brand.id());
	}

	static long allEvents() {
		return db.queryForObject("SELECT COUNT(*) FROM trace_event", Long.class);
	}

	static long leaves() {
		return db.queryForObject("SELECT COUNT(*) FROM anchor_leaf", Long.class);
	}

	static long latestHeadSize() {
		Long size = db.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
		return (size != null) ? size : 0;
	}

	static long anchoredSize() {
		Long size = db.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head WHERE status = 'ANCHORED'",
				Long.class);
		return (size != null) ? size : 0;
	}

	static byte[] root(JsonNode head) {
		return HexFormat.of().parseHex(head.get("rootHash").asString());
	}

	/** RFC 9162's MTH over the leaf hashes, computed naively: the oracle. */
	static byte[] rootOf(LogHasher hasher, List<byte[]> leaves) {
		if (leaves.isEmpty()) {
			return hasher.emptyRoot();
		}
		if (leaves.size() == 1) {
			return leaves.get(0);
		}
		int k = Integer.highestOneBit(leaves.size() - 1);
		return hasher.hashChildren(rootOf(hasher, leaves.subList(0, k)),
				rootOf(hasher, leaves.subList(k, leaves.size())));
	}

	static byte[] event(String serial, int n) {
		return """
				{"type": "ObjectEvent", "eventTime": "2026-12-01T08:%02d:%02d.%03d+08:00", "eventTimeZoneOffset": "+08:00",
				 "epcList": ["https://id.gs1.org/01/%s/21/%s"], "action": "OBSERVE", "bizStep": "receiving",
				 "readPoint": {"id": "https://id.gs1.org/414/6901234000016"}}
				"""
			.formatted((n / 60_000) % 60, (n / 1000) % 60, n % 1000, gtin, serial)
			.getBytes(StandardCharsets.UTF_8);
	}

	interface Check {

		boolean holds() throws Exception;

	}

	interface State {

		String describe() throws Exception;

	}

	static void awaitTrue(String what, Duration within, Check check) throws Exception {
		awaitTrue(() -> what, within, check);
	}

	/**
	 * Waits for the check to hold; fails describing the state when it does not in time.
	 */
	static void awaitTrue(State what, Duration within, Check check) throws Exception {
		long deadline = System.nanoTime() + within.toNanos();
		while (!check.holds()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + within + ": " + what.describe());
			}
			Thread.sleep(100);
		}
	}

	// --- codes, scans and the API over HTTP

	/** Issues {@code count} codes of the lot on web-1, activated: their scan paths. */
	static List<String> issue(String lot, int count) throws Exception {
		JsonNode job = call("POST", "web-1", "/api/v1/code-jobs", brand.key(),
				"{\"requestId\":\"fleet-" + lot + "\",\"gtin\":\"" + gtin + "\",\"lotNumber\":\"" + lot
						+ "\",\"quantity\":" + count + ",\"format\":\"DIGITAL_LINK\"}",
				202);
		String id = job.get("id").asString();
		awaitTrue("code job " + id, Duration.ofSeconds(30),
				() -> call("GET", "web-1", "/api/v1/code-jobs/" + id, brand.key(), null, 200).get("status")
					.asString()
					.equals("COMPLETED"));
		call("POST", "web-1", "/api/v1/code-jobs/" + id + "/activation", brand.key(),
				"{\"from\":1,\"to\":" + count + "}", 200);
		String csv = send("GET", "web-1", "/api/v1/code-jobs/" + id + "/print-file?type=csv", brand.key(), null, null)
			.body();
		return csv.lines()
			.skip(1)
			.map(line -> line.split(",")[2].replace("\"", "").replaceFirst("^[a-z]+://[^/]+", ""))
			.toList();
	}

	static JsonNode scan(String node, String path) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(fleet.uri(node, path))
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("scan of %s on %s: %s", path, node, response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	static JsonNode call(String method, String node, String path, @Nullable String key, @Nullable String body,
			int expected) throws Exception {
		HttpResponse<String> response = send(method, node, path, key, body, null);
		assertThat(response.statusCode()).as("%s %s on %s: %s", method, path, node, response.body())
			.isEqualTo(expected);
		return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
	}

	static HttpResponse<String> send(String method, String node, String path, @Nullable String key,
			@Nullable String body, @Nullable String session) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(fleet.uri(node, path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (session != null) {
			request.header("Cookie", "VT_SESSION=" + session);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> page(String node, String path, @Nullable String session) throws Exception {
		return send("GET", node, path, null, null, session);
	}

	static Optional<String> sessionCookie(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("VT_SESSION="))
			.map(c -> c.substring("VT_SESSION=".length(), c.indexOf(';')))
			.findFirst();
	}

	/**
	 * A portal form as a browser has it: the page's CSRF token and the session cookie it
	 * came with.
	 */
	record Form(String node, String action, String csrf, @Nullable String session) {

		static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

		static Form open(String node, String path, @Nullable String session) throws Exception {
			HttpResponse<String> page = page(node, path, session);
			assertThat(page.statusCode()).as("GET %s on %s", path, node).isEqualTo(200);
			Matcher token = CSRF.matcher(page.body());
			assertThat(token.find()).as("a CSRF token on %s", path).isTrue();
			return new Form(node, path, token.group(1), sessionCookie(page).orElse(session));
		}

		HttpResponse<String> post(Map<String, String> fields) throws Exception {
			return postTo(this.action, fields);
		}

		HttpResponse<String> postTo(String path, Map<String, String> fields) throws Exception {
			Map<String, String> all = new LinkedHashMap<>(fields);
			all.put("_csrf", this.csrf);
			String body = all.entrySet()
				.stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			HttpRequest.Builder request = HttpRequest.newBuilder(fleet.uri(this.node, path))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (this.session != null) {
				request.header("Cookie", "VT_SESSION=" + this.session);
			}
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

	/**
	 * The fleet of {@code deploy/local/fleet.sh}, started with its own ports, database,
	 * Redis database, topics and directory ({@code target/fleet-it}) and this JVM as its
	 * owner: when this JVM ends, however it ends, the script's watchdog stops the nodes;
	 * {@link #close()} and a shutdown hook stop them before that.
	 */
	record Fleet(Path script, Path dir, Map<String, String> environment, Thread hook) implements AutoCloseable {

		static final int BASE_PORT = 18440;

		static final List<String> NODES = List.of("web-1", "web-2", "ingest-1", "ingest-2", "anchor-1", "anchor-2");

		static Fleet start() throws Exception {
			Path root = Path.of("").toAbsolutePath();
			while (root != null && !Files.exists(root.resolve("deploy/local/fleet.sh"))) {
				root = root.getParent();
			}
			assertThat(root).as("deploy/local/fleet.sh above " + Path.of("").toAbsolutePath()).isNotNull();
			Path jar = root.resolve("trace-service/target/veritrace.jar");
			assertThat(jar).as("the jar (package runs before the integration tests)").exists();
			String run = Long.toHexString(ProcessHandle.current().pid()) + "x"
					+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
			Map<String, String> environment = new LinkedHashMap<>();
			environment.put("JAR", jar.toString());
			environment.put("FLEET_DIR", root.resolve("trace-service/target/fleet-it").toString());
			environment.put("FLEET_DB", "veritrace_it_fleet_" + run);
			environment.put("FLEET_BASE_PORT", String.valueOf(BASE_PORT));
			environment.put("FLEET_REDIS_DB", "11");
			environment.put("FLEET_TOPIC_PREFIX", "itfleet" + run);
			environment.put("FLEET_ANCHOR_LEASE", LEASE.toSeconds() + "s");
			environment.put("FLEET_STOP_TIMEOUT", "20");
			environment.put("FLEET_OWNER_PID", String.valueOf(ProcessHandle.current().pid()));
			Path script = root.resolve("deploy/local/fleet.sh");
			Path dir = Path.of(environment.get("FLEET_DIR"));
			Files.createDirectories(dir);
			Thread hook = new Thread(() -> run(script, environment, dir, "drop"), "fleet-stop");
			Fleet fleet = new Fleet(script, dir, environment, hook);
			Runtime.getRuntime().addShutdownHook(hook);
			int exit = run(script, environment, dir, "start");
			if (exit != 0) {
				fleet.close();
			}
			assertThat(exit).as("deploy/local/fleet.sh start (output in %s)", dir.resolve("fleet-start.out")).isZero();
			return fleet;
		}

		/**
		 * Runs the script; its output goes to {@code fleet-<command>.out} in the fleet's
		 * directory.
		 */
		static int run(Path script, Map<String, String> environment, Path dir, String command) {
			try {
				ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command)
					.redirectErrorStream(true)
					.redirectOutput(dir.resolve("fleet-" + command + ".out").toFile());
				builder.environment().putAll(environment);
				Process process = builder.start();
				if (!process.waitFor(10, TimeUnit.MINUTES)) {
					process.destroyForcibly();
					return -1;
				}
				String output = Files.readString(dir.resolve("fleet-" + command + ".out"));
				log.info("deploy/local/fleet.sh {}:\n{}", command, output);
				return process.exitValue();
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot run " + script, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** Stops the nodes and drops the fleet's database, user and Redis database. */
		@Override
		public void close() {
			run(this.script, this.environment, this.dir, "drop");
			try {
				Runtime.getRuntime().removeShutdownHook(this.hook);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook runs already
			}
		}

		String database() {
			return this.environment.get("FLEET_DB");
		}

		String topicPrefix() {
			return this.environment.get("FLEET_TOPIC_PREFIX");
		}

		String jdbcUrl() {
			String host = Optional.ofNullable(System.getenv("VERITRACE_IT_DB_HOST"))
				.filter(h -> !h.isBlank())
				.orElse("127.0.0.1:3306");
			return "jdbc:mysql://" + host + "/" + database() + "?useSSL=false";
		}

		String secret(String name) throws IOException {
			Properties secrets = new Properties();
			try (var in = Files.newBufferedReader(this.dir.resolve("secrets.env"))) {
				secrets.load(in);
			}
			return secrets.getProperty(name);
		}

		URI uri(String node, String path) {
			return URI.create("http://127.0.0.1:" + (BASE_PORT + NODES.indexOf(node) + 1) + path);
		}

		ProcessHandle process(String node) throws IOException {
			long pid = Long.parseLong(Files.readString(this.dir.resolve(node + ".pid")).strip());
			return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(node + " is not running"));
		}

		boolean ready(String node) throws Exception {
			return page(node, "/actuator/health/readiness", null).statusCode() == 200;
		}

		/** The path of the first link to {@code prefix} in the mails to {@code email}. */
		String mailLink(String email, String prefix) throws Exception {
			Path outbox = this.dir.resolve("outbox");
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < deadline) {
				if (Files.isDirectory(outbox)) {
					try (Stream<Path> mails = Files.list(outbox)) {
						for (Path mail : mails.toList()) {
							String text = Files.readString(mail);
							Matcher link = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(prefix) + "\\S+)")
								.matcher(text);
							if (text.contains("To: " + email) && link.find()) {
								return link.group(1);
							}
						}
					}
				}
				Thread.sleep(100);
			}
			throw new AssertionError("no mail to " + email + " in " + outbox);
		}

	}

}
