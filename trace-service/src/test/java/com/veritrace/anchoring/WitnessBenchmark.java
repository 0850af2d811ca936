package com.veritrace.anchoring;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.veritrace.VeritraceApplication;
import com.veritrace.anchor.EvmLedger;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.anchor.witness.WitnessMain;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The witness benchmark of docs/BENCHMARKS.md "Witness (issue 16)" (not a test; run by
 * deploy/bench/witness.sh): the whole service on MariaDB with the {@code evm} ledger on
 * the local anvil (or the embedded one), N signed and anchored tree heads made by the
 * real anchor leader (one event row, one round, one head each), and then the witness
 * ({@code WitnessMain --once}, in this JVM, over HTTP on loopback) catching up on all of
 * them from a fresh state: each head's signature, its consistency proof from the one
 * before, its anchor on anvil through the Anchor contract, its cosignature posted and
 * stored. Each run is a different configured witness, so that every run stores its N
 * cosignatures; a first, untimed run warms the service's request paths up. With the
 * system property {@code witness.jar} (the runnable jar), one more run goes through
 * {@code java -jar} in a JVM of its own (start-up included), as a witness operator runs
 * it. Arguments:
 * {@code [heads=1000] [runs=3] [evm|embedded] [parallel=8, or a list: 2,4,8]} (with a
 * list, {@code runs} runs per value).
 */
public final class WitnessBenchmark {

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String OPTIONS = "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	private WitnessBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int heads = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int runs = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		boolean evm = !(args.length > 2 && args[2].equals("embedded"));
		List<Integer> parallels = java.util.Arrays.stream(((args.length > 3) ? args[3] : "8").split(","))
			.map(Integer::valueOf)
			.toList();
		String db = "veritrace_bench_witness";
		execute("DROP DATABASE IF EXISTS " + db);
		execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		Path dir = Files.createTempDirectory("veritrace-witness-bench");
		List<String> properties = serviceArguments(SERVER + db + OPTIONS, dir.resolve("keys"));
		properties.add("--veritrace.anchor.batch.max-delay=1ms");
		if (evm) {
			EvmTestChain.ensureAnvil();
			properties.addAll(List.of("--veritrace.anchor.ledger=evm", "--veritrace.anchor.evm.private-key="
					+ "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"));
		}
		String jar = System.getProperty("witness.jar");
		int timed = runs * parallels.size();
		// witness 0 warms the service's request paths up (a long-running service has them
		// warm), untimed
		int witnesses = 1 + timed + ((jar == null) ? 0 : 1);
		for (int r = 0; r < witnesses; r++) {
			Path publicFile = dir.resolve("witness-" + r + ".pub.pem");
			witnessKey(dir.resolve("state-" + r), publicFile);
			properties.add("--veritrace.anchor.keys.witnesses[" + r + "].name=Bench witness " + r);
			properties.add("--veritrace.anchor.keys.witnesses[" + r + "].public-key-file=" + publicFile);
		}
		ConfigurableApplicationContext app = new SpringApplication(VeritraceApplication.class)
			.run(properties.toArray(String[]::new));
		try {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			EventRowMac mac = app.getBean(EventRowMac.class);
			AnchorLeader leader = app.getBean(AnchorLeader.class);
			TreeHeadSigner signer = app.getBean(TreeHeadSigner.class);
			Ledger ledger = app.getBean(Ledger.class);
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			Files.writeString(dir.resolve("log.pub.pem"),
					SigningKeys.publicPem(signer.algorithm(), signer.publicKey()));
			jdbc.update("INSERT INTO organisation (name, kind, created_at) VALUES ('bench', 'BRAND', NOW())");
			long reporter = jdbc.queryForObject("SELECT id FROM organisation WHERE name = 'bench'", Long.class);
			long seedStart = System.nanoTime();
			for (int i = 1; i <= heads; i++) {
				byte[] hash = new byte[32];
				ThreadLocalRandom.current().nextBytes(hash);
				long now = System.currentTimeMillis();
				jdbc.update(
						"INSERT INTO trace_event (event_hash, hash_algorithm, event_type, event_time_ms, "
								+ "event_time_offset, record_time_ms, reporter_id, event_json, row_mac) "
								+ "VALUES (?,?,?,?,?,?,?,?,?)",
						hash, "sha-256", "ObjectEvent", now, "+00:00", now, reporter, "{}",
						mac.of(hash, "sha-256", reporter, now));
				while (jdbc.queryForObject("SELECT COALESCE(MAX(tree_size), 0) FROM anchor_tree_head",
						Long.class) < i) {
					leader.tick();
					Thread.sleep(1);
				}
			}
			long deadline = System.currentTimeMillis() + 300_000;
			while (jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head WHERE status <> 'ANCHORED'",
					Long.class) > 0) {
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("heads not anchored in 5 minutes");
				}
				leader.tick();
				Thread.sleep(10);
			}
			System.out.printf("seeded %d signed, anchored heads (%s ledger) in %.1f s%n",
					jdbc.queryForObject("SELECT COUNT(*) FROM anchor_tree_head", Long.class), evm ? "EVM" : "embedded",
					(System.nanoTime() - seedStart) / 1e9);
			List<Double> seconds = new ArrayList<>();
			for (int r = 0; r < witnesses; r++) {
				boolean warmUp = r == 0;
				int t = r - 1;
				List<String> arguments = new ArrayList<>(List.of("--log", "http://127.0.0.1:" + port, "--state",
						dir.resolve("state-" + r).toString(), "--log-key", dir.resolve("log.pub.pem").toString(),
						"--name", "Bench witness " + r, "--once", "--parallel",
						String.valueOf(parallels.get(Math.max(0, Math.min(t, timed - 1)) / runs))));
				if (evm) {
					arguments.addAll(List.of("--evm-rpc", EvmTestChain.RPC, "--evm-contract",
							((EvmLedger) ledger).contractAddress()));
				}
				ByteArrayOutputStream output = new ByteArrayOutputStream();
				PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
				boolean external = t == timed;
				long start = System.nanoTime();
				int code;
				if (external) {
					List<String> command = new ArrayList<>(List.of("java", "-jar", jar));
					command.addAll(arguments);
					Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
					output.writeBytes(process.getInputStream().readAllBytes());
					code = process.waitFor();
				}
				else {
					code = WitnessMain.run(arguments.toArray(String[]::new), Map.of(), print, print);
				}
				double elapsed = (System.nanoTime() - start) / 1e9;
				String key = HexFormat.of()
					.formatHex(SigningKeys
						.publicKey(Files.readString(dir.resolve("state-" + r).resolve("witness.pub.pem")))
						.key());
				long cosigned = jdbc.queryForObject(
						"SELECT COUNT(*) FROM anchor_cosignature WHERE public_key = UNHEX(?)", Long.class, key);
				if (code != 0 || cosigned != heads) {
					throw new IllegalStateException("run " + r + ": exit " + code + ", " + cosigned
							+ " cosignatures stored, output:\n" + output.toString(StandardCharsets.UTF_8));
				}
				if (external) {
					System.out.printf("java -jar %s (own JVM, start-up included): %d heads verified and cosigned in "
							+ "%.2f s%n", jar, heads, elapsed);
					continue;
				}
				if (warmUp) {
					System.out.printf("warm-up (not counted): %d heads verified and cosigned in %.2f s%n", heads,
							elapsed);
					continue;
				}
				seconds.add(elapsed);
				int parallel = parallels.get(t / runs);
				System.out.printf("run %d (--parallel %d): %d heads verified%s and cosigned in %.2f s (%.0f heads/s)%n",
						t % runs + 1, parallel, heads,
						evm ? " (signature, consistency, anchor on anvil)" : " (signature, consistency)", elapsed,
						heads / elapsed);
				if (t % runs == runs - 1) {
					List<Double> sorted = new ArrayList<>(seconds.subList(seconds.size() - runs, seconds.size()));
					sorted.sort(Double::compare);
					System.out.printf(
							"median of %d runs (--parallel %d): %.2f s for %d heads (target: <= 5 s for " + "1,000)%n",
							runs, parallel, sorted.get(sorted.size() / 2), heads);
				}
			}
		}
		finally {
			app.close();
			execute("DROP DATABASE IF EXISTS " + db);
		}
	}

	/**
	 * The service's arguments in a benchmark: MariaDB at {@code url} as root, a free
	 * port, no demo, no scheduled integrity job, no public rate limit to speak of, keys
	 * generated into {@code keys}.
	 */
	static List<String> serviceArguments(String url, Path keys) {
		return new ArrayList<>(List.of("--spring.profiles.active=mariadb", "--spring.datasource.url=" + url,
				"--spring.datasource.username=root", "--server.port=0", "--veritrace.demo.enabled=false",
				"--veritrace.production.allow-insecure=" + com.veritrace.support.MariaDbTestDatabase.ALLOW_INSECURE,
				"--veritrace.anchor.integrity.scheduled=false", "--veritrace.rate-limit.public-per-minute=100000000",
				"--logging.level.com.veritrace.anchoring=WARN", "--veritrace.anchor.keys.dir=" + keys));
	}

	/**
	 * A new Ed25519 witness key in {@code state} (as {@code veritrace-witness} keeps it),
	 * its public key in {@code publicFile} (as the log's configuration names it).
	 */
	static void witnessKey(Path state, Path publicFile) throws java.io.IOException {
		Files.createDirectories(state);
		String pem = SigningKeys.generate(SignatureAlgorithm.ED25519, new SecureRandom());
		Files.writeString(state.resolve("witness.pem"), pem);
		Files.setPosixFilePermissions(state.resolve("witness.pem"), PosixFilePermissions.fromString("rw-------"));
		TreeHeadSigner key = SigningKeys.signer(pem, new SecureRandom());
		Files.writeString(publicFile, SigningKeys.publicPem(key.algorithm(), key.publicKey()));
	}

	private static void execute(String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

}
