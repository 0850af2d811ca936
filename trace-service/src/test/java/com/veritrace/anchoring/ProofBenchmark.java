package com.veritrace.anchoring;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceApplication;
import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.NodeHash;
import com.veritrace.anchor.NodeId;
import com.veritrace.anchor.NodeStore;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.anchor.witness.WitnessMain;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The proof-serving benchmark of docs/BENCHMARKS.md "Proof serving (issue 16)" (not a
 * test; run by deploy/bench/proof.sh): GET /api/v1/proofs/{eventHash} over HTTP on
 * loopback against the whole service on MariaDB, with a log of 10^7 leaves, one signed
 * and ANCHORED tree head at 10^7 (the embedded ledger) and two witnesses' cosignatures on
 * it.
 *
 * <p>
 * <b>The log.</b> Built fast, not through ingest: the leaves' hashes are computed here (a
 * {@link MerkleLog} over a store that writes rows instead of keeping them) and
 * bulk-loaded into the service's own {@code anchor_leaf} and {@code anchor_node} tables
 * (every 4th level, as {@link JdbcNodeStore} keeps them). A sample of the leaves, spread
 * over the whole tree (one in each stretch of {@code leaves/sample}), are real stored
 * events: {@code trace_event} rows with valid row MACs, whose leaf is {@code H(0x00 ||
 * event hash)}; the others are synthetic leaves whose {@code event_row_id} is negative
 * (no row). The service's own anchor leader ({@link AnchorLeader#tick()}, called here;
 * {@code veritrace.anchor.leader=false} keeps it from polling on its own) then opens the
 * log, seals and signs the head of 10^7 with the service's key and anchors it on the
 * embedded ledger; the root it signed must equal the root computed here. Two witnesses
 * ({@code WitnessMain --once}, in this JVM, over HTTP) verify and cosign it.
 *
 * <p>
 * <b>The measurement.</b> After a warm-up on events not measured, per run and number of
 * concurrent clients: (a) {@code first}: each request for an event not requested before
 * in this service process (only the database's buffer pool and the OS page cache can hold
 * its nodes); (b) {@code repeat}: as many requests for random events of (a), just
 * requested (every cache the service has is warm for them). Every response must be 200
 * with the ANCHORED proof of that event at the expected leaf, verifying against the
 * signed head's root, the signed head and both cosignatures (checked in full on the first
 * response), else the run fails.
 *
 * <p>
 * Arguments: {@code [leaves=10000000] [sample=100000] [runs=3] [clients=4,16]
 * [requests=3000]}. Environment: {@code KEEP=1} keeps the database and the key folder for
 * the next run, which then skips the build; {@code SERVICE_ARGS} adds arguments to the
 * service's (e.g. {@code --veritrace.anchor.proofs.cache-entries=0}).
 */
public final class ProofBenchmark {

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String OPTIONS = "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	/** The connection options of the mariadb profile's default URL, without TLS. */
	private static final String SERVICE_OPTIONS = OPTIONS
			+ "&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048";

	private static final String DB = "veritrace_bench_proof";

	private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), DB);

	private static final int WITNESSES = 2;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ProofBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long leaves = (args.length > 0) ? Long.parseLong(args[0]) : 10_000_000L;
		int sample = (args.length > 1) ? Integer.parseInt(args[1]) : 100_000;
		int runs = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		List<Integer> clients = Arrays.stream(((args.length > 3) ? args[3] : "4,16").split(","))
			.map(Integer::valueOf)
			.toList();
		int requests = (args.length > 4) ? Integer.parseInt(args[4]) : 3000;
		boolean keep = "1".equals(System.getenv("KEEP"));
		boolean reuse = keep && kept(leaves);
		if (!reuse) {
			execute("DROP DATABASE IF EXISTS " + DB);
			execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
			deleteTree(DIR);
			Files.createDirectories(DIR);
			for (int w = 0; w < WITNESSES; w++) {
				WitnessBenchmark.witnessKey(DIR.resolve("witness-" + w), DIR.resolve("witness-" + w + ".pub.pem"));
			}
		}
		List<String> properties = WitnessBenchmark.serviceArguments(SERVER + DB + SERVICE_OPTIONS, DIR.resolve("keys"));
		// a web node that is not the anchor leader; the build runs the leader's rounds
		// itself
		properties.add("--veritrace.anchor.leader=false");
		for (int w = 0; w < WITNESSES; w++) {
			properties.add("--veritrace.anchor.keys.witnesses[" + w + "].name=Bench witness " + w);
			properties.add("--veritrace.anchor.keys.witnesses[" + w + "].public-key-file="
					+ DIR.resolve("witness-" + w + ".pub.pem"));
		}
		String extra = System.getenv("SERVICE_ARGS");
		if (extra != null && !extra.isBlank()) {
			properties.addAll(List.of(extra.strip().split("\\s+")));
			System.out.println("service arguments added: " + extra.strip());
		}
		long startMs = System.currentTimeMillis();
		ConfigurableApplicationContext app = new SpringApplication(VeritraceApplication.class)
			.run(properties.toArray(String[]::new));
		System.out.printf("service started in %.1f s%n", (System.currentTimeMillis() - startMs) / 1e3);
		boolean done = false;
		try {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			String base = "http://127.0.0.1:" + port;
			System.out.printf("innodb_buffer_pool_size = %d MiB, MariaDB %s%n",
					jdbc.queryForObject("SELECT @@innodb_buffer_pool_size", Long.class) / (1 << 20),
					jdbc.queryForObject("SELECT @@version", String.class));
			if (reuse) {
				System.out.println("KEEP=1: reusing " + DB + " (log of " + leaves + " leaves, anchored and cosigned)");
			}
			else {
				build(app, leaves, sample);
				anchor(app, leaves);
				cosign(app, base, leaves);
			}
			System.out.printf("database %s: %,.0f MiB (data + indexes, information_schema)%n", DB, jdbc.queryForObject(
					"SELECT SUM(data_length + index_length) FROM information_schema.tables " + "WHERE table_schema = ?",
					Double.class, DB) / (1 << 20));
			byte[] root = jdbc.queryForObject("SELECT root_hash FROM anchor_tree_head WHERE tree_size = ?",
					byte[].class, leaves);
			List<Target> targets = new ArrayList<>(jdbc.query(
					"SELECT e.event_hash, l.leaf_index FROM trace_event e JOIN anchor_leaf l ON l.event_row_id = e.id",
					(rs, n) -> new Target(rs.getBytes(1), rs.getLong(2))));
			Collections.shuffle(targets, new Random());
			measure(base, targets, leaves, root, runs, clients, requests);
			done = true;
		}
		finally {
			app.close();
			if (!keep) {
				execute("DROP DATABASE IF EXISTS " + DB);
				deleteTree(DIR);
			}
			else if (done) {
				System.out.println("KEEP=1: kept " + DB + " and " + DIR + " for the next run");
			}
		}
	}

	/** An event the benchmark asks for, and the leaf it must be proven at. */
	private record Target(byte[] digest, long leafIndex) {
	}

	/** Whether a kept database holds the anchored, cosigned log of this size. */
	private static boolean kept(long leaves) {
		if (!Files.isDirectory(DIR.resolve("keys"))) {
			return false;
		}
		try (Connection c = DriverManager.getConnection(SERVER + DB + OPTIONS, "root", "");
				Statement s = c.createStatement();
				var rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM anchor_cosignature WHERE tree_size = " + leaves
						+ "), (SELECT COUNT(*) FROM anchor_tree_head WHERE status = 'ANCHORED' AND tree_size = "
						+ leaves + "), (SELECT COUNT(*) FROM anchor_tree_head)")) {
			rs.next();
			return rs.getLong(1) == WITNESSES && rs.getLong(2) == 1 && rs.getLong(3) == 1;
		}
		catch (java.sql.SQLException ex) {
			return false;
		}
	}

	/**
	 * Writes the log: trace_event rows for the sample, then every leaf and kept node,
	 * bulk-loaded in chunks (LOAD DATA LOCAL INFILE from a file written here).
	 */
	private static void build(ConfigurableApplicationContext app, long leaves, int sample) throws Exception {
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		EventRowMac mac = app.getBean(EventRowMac.class);
		LogHasher hasher = app.getBean(LogHasher.class);
		if (hasher.algorithm() != HashAlgorithm.SHA_256) {
			throw new IllegalStateException("the benchmark builds a SHA-256 log, the service's is " + hasher);
		}
		long begin = System.nanoTime();
		jdbc.update("INSERT INTO organisation (name, kind, created_at) VALUES ('bench', 'BRAND', NOW())");
		long reporter = jdbc.queryForObject("SELECT id FROM organisation WHERE name = 'bench'", Long.class);
		// one real event in each stretch of leaves/sample leaves, at a random place in it
		long stride = leaves / sample;
		SplittableRandom random = new SplittableRandom();
		long[] eventLeaf = new long[sample];
		byte[][] eventHash = new byte[sample][];
		List<Object[]> rows = new ArrayList<>();
		long now = System.currentTimeMillis();
		for (int k = 0; k < sample; k++) {
			eventLeaf[k] = k * stride + random.nextLong(stride);
			eventHash[k] = new byte[32];
			random.nextBytes(eventHash[k]);
			rows.add(new Object[] { k + 1, eventHash[k], "sha-256", "ObjectEvent", now, "+00:00", now, reporter,
					"{\"bench\":" + k + "}", mac.of(eventHash[k], "sha-256", reporter, now) });
			if (rows.size() == 5000 || k == sample - 1) {
				jdbc.batchUpdate("INSERT INTO trace_event (id, event_hash, hash_algorithm, event_type, event_time_ms, "
						+ "event_time_offset, record_time_ms, reporter_id, event_json, row_mac) "
						+ "VALUES (?,?,?,?,?,?,?,?,?,?)", rows);
				rows.clear();
			}
		}
		System.out.printf("stored %,d events (trace_event, valid row MACs) in %.1f s%n", sample,
				(System.nanoTime() - begin) / 1e9);
		Path leafFile = DIR.resolve("leaves.tsv");
		Path nodeFile = DIR.resolve("nodes.tsv");
		RowFileStore store = new RowFileStore(now);
		MerkleLog log = new MerkleLog(hasher, store);
		int batch = 100_000;
		long chunk = 1_000_000;
		int next = 0;
		try (Connection c = DriverManager.getConnection(SERVER + DB + OPTIONS + "&allowLoadLocalInfile=true", "root",
				""); Statement s = c.createStatement()) {
			s.execute("SET unique_checks = 0");
			while (log.size() < leaves) {
				long chunkStart = System.nanoTime();
				long chunkFirst = log.size();
				long chunkEnd = Math.min(leaves, log.size() + chunk);
				try (BufferedWriter leafOut = Files.newBufferedWriter(leafFile, StandardCharsets.US_ASCII);
						BufferedWriter nodeOut = Files.newBufferedWriter(nodeFile, StandardCharsets.US_ASCII)) {
					store.open(leafOut, nodeOut);
					while (log.size() < chunkEnd) {
						int n = (int) Math.min(batch, chunkEnd - log.size());
						List<byte[]> entries = new ArrayList<>(n);
						List<Long> rowIds = new ArrayList<>(n);
						for (long i = log.size(); i < log.size() + n; i++) {
							if (next < sample && eventLeaf[next] == i) {
								entries.add(eventHash[next]);
								rowIds.add((long) ++next);
							}
							else {
								byte[] entry = new byte[32];
								random.nextBytes(entry);
								entries.add(entry);
								// a synthetic leaf: no trace_event row, a negative row id
								rowIds.add(i - leaves - 1);
							}
						}
						store.stage(rowIds);
						log.appendAll(entries);
					}
				}
				s.execute("LOAD DATA LOCAL INFILE '" + leafFile + "' INTO TABLE anchor_leaf "
						+ "(leaf_index, event_row_id, @h, appended_ms) SET leaf_hash = UNHEX(@h)");
				s.execute("LOAD DATA LOCAL INFILE '" + nodeFile + "' INTO TABLE anchor_node (node_key, @h) "
						+ "SET hash = UNHEX(@h)");
				System.out.printf("loaded leaves up to %,d: %,.0f leaves/s%n", log.size(),
						(chunkEnd - chunkFirst) / ((System.nanoTime() - chunkStart) / 1e9));
			}
		}
		Files.deleteIfExists(leafFile);
		Files.deleteIfExists(nodeFile);
		if (next != sample) {
			throw new IllegalStateException("placed " + next + " of " + sample + " events");
		}
		long stored = jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf", Long.class);
		if (stored != leaves) {
			throw new IllegalStateException("anchor_leaf has " + stored + " rows, expected " + leaves);
		}
		Files.write(DIR.resolve("root.hex"), HexFormat.of().formatHex(log.root()).getBytes(StandardCharsets.US_ASCII));
		System.out.printf("built a log of %,d leaves (%,d nodes kept) in %.1f s, root %s%n", leaves,
				jdbc.queryForObject("SELECT COUNT(*) FROM anchor_node", Long.class), (System.nanoTime() - begin) / 1e9,
				HexFormat.of().formatHex(log.root()));
	}

	/**
	 * The service's anchor leader seals, signs and anchors the head of the whole log; its
	 * root must be the one computed while building.
	 */
	private static void anchor(ConfigurableApplicationContext app, long leaves) throws Exception {
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		AnchorLeader leader = app.getBean(AnchorLeader.class);
		long begin = System.nanoTime();
		long deadline = System.currentTimeMillis() + 600_000;
		while (jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head WHERE status = 'ANCHORED' AND tree_size = ?",
				Long.class, leaves) == 0) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("the leader did not anchor the head of " + leaves + " in 10 minutes");
			}
			leader.tick();
			Thread.sleep(100);
		}
		String signed = HexFormat.of()
			.formatHex(jdbc.queryForObject("SELECT root_hash FROM anchor_tree_head WHERE tree_size = ?", byte[].class,
					leaves));
		String computed = Files.readString(DIR.resolve("root.hex"));
		if (!signed.equals(computed)) {
			throw new IllegalStateException("the leader signed root " + signed + ", the build computed " + computed);
		}
		System.out.printf("the anchor leader sealed, signed and anchored (embedded ledger) the head of %,d in %.1f s "
				+ "(root as computed)%n", leaves, (System.nanoTime() - begin) / 1e9);
	}

	/** Both witnesses verify and cosign the head ({@code veritrace-witness --once}). */
	private static void cosign(ConfigurableApplicationContext app, String base, long leaves) throws Exception {
		TreeHeadSigner signer = app.getBean(TreeHeadSigner.class);
		Path logKey = DIR.resolve("log.pub.pem");
		Files.writeString(logKey, SigningKeys.publicPem(signer.algorithm(), signer.publicKey()));
		for (int w = 0; w < WITNESSES; w++) {
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
			int code = WitnessMain.run(new String[] { "--log", base, "--state", DIR.resolve("witness-" + w).toString(),
					"--log-key", logKey.toString(), "--name", "Bench witness " + w, "--once" }, Map.of(), print, print);
			if (code != 0) {
				throw new IllegalStateException("witness " + w + " exited " + code + ":\n" + output);
			}
		}
		long cosigned = app.getBean(JdbcTemplate.class)
			.queryForObject("SELECT COUNT(*) FROM anchor_cosignature WHERE tree_size = ?", Long.class, leaves);
		if (cosigned != WITNESSES) {
			throw new IllegalStateException(cosigned + " cosignatures stored on the head of " + leaves);
		}
		System.out.printf("%d witnesses verified and cosigned the head of %,d%n", WITNESSES, leaves);
	}

	private static void measure(String base, List<Target> targets, long leaves, byte[] root, int runs,
			List<Integer> clients, int requests) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		LogHasher hasher = LogHasher.sha256();
		AtomicReference<String> headChecked = new AtomicReference<>();
		int warmUp = Math.min(requests, targets.size() / 10);
		int used = 0;
		run(http, base, targets.subList(0, warmUp), 4, leaves, root, hasher, headChecked);
		used += warmUp;
		System.out.printf("warm-up: %,d requests for other events, 4 clients (not counted)%n", warmUp);
		Map<String, List<double[]>> results = new java.util.LinkedHashMap<>();
		for (int r = 1; r <= runs; r++) {
			for (int c : clients) {
				if (used + requests > targets.size()) {
					throw new IllegalStateException("not enough sampled events for first requests: raise the sample");
				}
				List<Target> fresh = targets.subList(used, used + requests);
				used += requests;
				double[] first = run(http, base, fresh, c, leaves, root, hasher, headChecked);
				report("first", r, c, first, results);
				// repeated requests: events this run has just asked for, in another order
				List<Target> again = new ArrayList<>(requests);
				Random random = new Random();
				for (int i = 0; i < requests; i++) {
					again.add(fresh.get(random.nextInt(fresh.size())));
				}
				double[] repeat = run(http, base, again, c, leaves, root, hasher, headChecked);
				report("repeat", r, c, repeat, results);
			}
		}
		System.out.println("median of runs (target: p99 <= 10 ms):");
		for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
			List<double[]> list = e.getValue();
			System.out.printf("  %-22s median %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %7.2f ms  %,6.0f req/s%n",
					e.getKey(), medianOf(list, 0), medianOf(list, 1), medianOf(list, 2), medianOf(list, 3),
					medianOf(list, 4));
		}
	}

	private static double medianOf(List<double[]> runs, int field) {
		double[] values = runs.stream().mapToDouble((v) -> v[field]).sorted().toArray();
		return values[values.length / 2];
	}

	private static void report(String kind, int run, int clients, double[] stats, Map<String, List<double[]>> results) {
		System.out.printf(
				"run %d %-6s %2d clients: %,d requests, median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, "
						+ "%,.0f req/s (load %s)%n",
				run, kind, clients, (long) stats[5], stats[0], stats[1], stats[2], stats[3], stats[4], load());
		results.computeIfAbsent(kind + ", " + clients + " clients", (k) -> new ArrayList<>()).add(stats);
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/**
	 * Requests every target once with {@code clients} threads; returns median, p95, p99,
	 * max (ms), requests/s and the count. Fails on any response that is not the expected
	 * proof.
	 */
	private static double[] run(HttpClient http, String base, List<Target> targets, int clients, long leaves,
			byte[] root, LogHasher hasher, AtomicReference<String> headChecked) throws Exception {
		AtomicInteger next = new AtomicInteger();
		double[] millis = new double[targets.size()];
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		long begin = System.nanoTime();
		for (int t = 0; t < clients; t++) {
			Thread thread = new Thread(() -> {
				int i;
				while (failures.isEmpty() && (i = next.getAndIncrement()) < targets.size()) {
					Target target = targets.get(i);
					HttpRequest request = HttpRequest
						.newBuilder(URI.create(base + "/api/v1/proofs/" + HexFormat.of().formatHex(target.digest())))
						.GET()
						.build();
					try {
						long start = System.nanoTime();
						HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
						millis[i] = (System.nanoTime() - start) / 1e6;
						check(response, target, leaves, root, hasher, headChecked);
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - begin) / 1e9;
		if (!failures.isEmpty()) {
			throw new IllegalStateException("a proof request failed", failures.peek());
		}
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return new double[] { sorted[n / 2], sorted[(int) Math.ceil(n * 0.95) - 1],
				sorted[(int) Math.ceil(n * 0.99) - 1], sorted[n - 1], n / seconds, n };
	}

	/**
	 * The response must be the ANCHORED proof of this event, cosigned by both witnesses.
	 */
	private static void check(HttpResponse<String> response, Target target, long leaves, byte[] root, LogHasher hasher,
			AtomicReference<String> headChecked) {
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
		}
		JsonNode proof = JSON.readTree(response.body());
		HexFormat hex = HexFormat.of();
		String id = "ni:///sha-256;" + hex.formatHex(target.digest()) + "?ver=CBV2.0";
		JsonNode head = proof.path("signedTreeHead");
		JsonNode cosignatures = head.path("cosignatures");
		if (!"ANCHORED".equals(proof.path("status").asString()) || !id.equals(proof.path("eventHash").asString())
				|| proof.path("leafIndex").asLong() != target.leafIndex() || proof.path("treeSize").asLong() != leaves
				|| !hex.formatHex(root).equals(proof.path("rootHash").asString())
				|| head.path("treeSize").asLong() != leaves
				|| !hex.formatHex(root).equals(head.path("rootHash").asString())
				|| head.path("signature").isMissingNode() || proof.path("ledger").path("txHash").isMissingNode()
				|| cosignatures.size() != WITNESSES) {
			throw new IllegalStateException("not the anchored, cosigned proof of " + id + ": " + response.body());
		}
		List<byte[]> path = new ArrayList<>();
		proof.path("auditPath").forEach((node) -> path.add(hex.parseHex(node.asString())));
		ProofVerifier.verifyInclusion(hasher, target.leafIndex(), leaves, hasher.hashLeaf(target.digest()), path, root);
		String signature = head.path("signature").asString();
		if (!signature.equals(headChecked.get())) {
			// the head's signature and both cosignatures, checked in full once
			TreeHead treeHead = new TreeHead(leaves, root, HashAlgorithm.SHA_256,
					java.time.Instant.parse(head.path("timestamp").asString()));
			if (!hex.formatHex(treeHead.toSignedBytes()).equals(head.path("signedBytes").asString())
					|| !com.veritrace.anchor.TreeHeadSigner.verifyMessage(
							SignatureAlgorithm.fromName(head.path("signatureAlgorithm").asString()),
							hex.parseHex(head.path("publicKey").asString()), treeHead.toSignedBytes(),
							hex.parseHex(signature))) {
				throw new IllegalStateException("the tree head's signature does not verify: " + head);
			}
			for (JsonNode c : cosignatures) {
				byte[] key = hex.parseHex(c.path("publicKey").asString());
				new Cosignature(SignatureAlgorithm.fromName(c.path("signatureAlgorithm").asString()), key,
						java.time.Instant.parse(c.path("timestamp").asString()).toEpochMilli(),
						hex.parseHex(c.path("signature").asString()))
					.verify(treeHead, key);
			}
			headChecked.set(signature);
		}
	}

	/**
	 * A node store that keeps nothing: it writes each appended leaf and kept node as a
	 * row of a tab-separated file for LOAD DATA (the layout of {@link JdbcNodeStore}).
	 */
	private static final class RowFileStore implements NodeStore {

		private final long appendedMs;

		private long size;

		private List<Long> rowIds = List.of();

		private BufferedWriter leaves;

		private BufferedWriter nodes;

		RowFileStore(long appendedMs) {
			this.appendedMs = appendedMs;
		}

		void open(BufferedWriter leaves, BufferedWriter nodes) {
			this.leaves = leaves;
			this.nodes = nodes;
		}

		void stage(List<Long> rowIds) {
			this.rowIds = rowIds;
		}

		@Override
		public long size() {
			return this.size;
		}

		@Override
		public byte[] leafHash(long index) {
			throw new UnsupportedOperationException("write-only");
		}

		@Override
		public byte[] subtreeHash(NodeId id) {
			throw new UnsupportedOperationException("write-only");
		}

		@Override
		public void append(List<byte[]> leafHashes, List<NodeHash> completedSubtrees) {
			HexFormat hex = HexFormat.of();
			try {
				for (int i = 0; i < leafHashes.size(); i++) {
					this.leaves.write(Long.toString(this.size + i));
					this.leaves.write('\t');
					this.leaves.write(Long.toString(this.rowIds.get(i)));
					this.leaves.write('\t');
					this.leaves.write(hex.formatHex(leafHashes.get(i)));
					this.leaves.write('\t');
					this.leaves.write(Long.toString(this.appendedMs));
					this.leaves.write('\n');
				}
				for (NodeHash node : completedSubtrees) {
					if (JdbcNodeStore.kept(node.id().level())) {
						this.nodes.write(Long.toString(JdbcNodeStore.key(node.id())));
						this.nodes.write('\t');
						this.nodes.write(hex.formatHex(node.hash()));
						this.nodes.write('\n');
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.size += leafHashes.size();
		}

	}

	private static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	private static void execute(String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

}
