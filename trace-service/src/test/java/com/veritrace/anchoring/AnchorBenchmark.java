package com.veritrace.anchoring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.veritrace.VeritraceApplication;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.MerkleLog;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmarks of docs/BENCHMARKS.md "Anchoring" (not a test; run by
 * deploy/bench/anchor.sh):
 * <ol>
 * <li>{@code store}: leaves appended per second to the database-backed log (MerkleLog
 * over JdbcNodeStore on MariaDB), growing it to 10^6 and then 10^7 leaves, and
 * inclusion-proof generation time at both sizes;</li>
 * <li>{@code latency}: the whole service on MariaDB with the {@code evm} ledger on the
 * local anvil; event rows are stored at a steady rate and the time from a row's record
 * time to its tree head's confirmed anchor is measured per event, with the chain
 * transactions used.</li>
 * </ol>
 * Arguments: {@code store [maxLeaves=10000000]} or
 * {@code latency [events/s=500] [seconds=60]}.
 */
public final class AnchorBenchmark {

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String OPTIONS = "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	private AnchorBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "store";
		if (mode.equals("store")) {
			store((args.length > 1) ? Long.parseLong(args[1]) : 10_000_000L);
		}
		else {
			latency((args.length > 1) ? Integer.parseInt(args[1]) : 500,
					(args.length > 2) ? Integer.parseInt(args[2]) : 60);
		}
	}

	private static void store(long maxLeaves) throws Exception {
		String db = "veritrace_bench_anchor";
		execute("DROP DATABASE IF EXISTS " + db);
		execute("CREATE DATABASE " + db);
		DriverManagerDataSource ds = new DriverManagerDataSource(SERVER + db + OPTIONS, "root", "");
		JdbcTemplate jdbc = new JdbcTemplate(ds);
		jdbc.execute("CREATE TABLE anchor_leaf (leaf_index BIGINT NOT NULL PRIMARY KEY, event_row_id BIGINT NOT NULL, "
				+ "leaf_hash BINARY(32) NOT NULL, appended_ms BIGINT NOT NULL, UNIQUE KEY uk_anchor_leaf_row (event_row_id))");
		jdbc.execute("CREATE TABLE anchor_node (node_key BIGINT NOT NULL PRIMARY KEY, hash BINARY(32) NOT NULL)");
		JdbcNodeStore store = new JdbcNodeStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)),
				Clock.systemUTC(), LogHasher.of(HashAlgorithm.SHA_256));
		MerkleLog log = new MerkleLog(LogHasher.of(HashAlgorithm.SHA_256), store);
		System.out.printf("innodb_buffer_pool_size = %d MiB%n",
				jdbc.queryForObject("SELECT @@innodb_buffer_pool_size", Long.class) / (1 << 20));
		int batch = 5000;
		long chunk = 500_000;
		List<Double> rates = new ArrayList<>();
		long rowId = 0;
		for (long target : new long[] { 1_000_000L, maxLeaves }) {
			while (log.size() < target) {
				long start = System.nanoTime();
				long chunkEnd = Math.min(target, log.size() + chunk);
				while (log.size() < chunkEnd) {
					int n = (int) Math.min(batch, chunkEnd - log.size());
					List<byte[]> entries = new ArrayList<>(n);
					List<Long> ids = new ArrayList<>(n);
					for (int i = 0; i < n; i++) {
						byte[] entry = new byte[32];
						ThreadLocalRandom.current().nextBytes(entry);
						entries.add(entry);
						ids.add(++rowId);
					}
					store.stage(ids, log.size());
					log.appendAll(entries);
				}
				double rate = chunk / ((System.nanoTime() - start) / 1e9);
				rates.add(rate);
				System.out.printf("appended up to %,d leaves: %,.0f leaves/s%n", log.size(), rate);
			}
			proofs(new MerkleLog(LogHasher.of(HashAlgorithm.SHA_256), store), log.size());
		}
		System.out.printf("append rate: median %,.0f leaves/s over %d chunks of %,d%n", median(rates), rates.size(),
				chunk);
		System.out.printf("anchor_node rows: %,d%n",
				jdbc.queryForObject("SELECT COUNT(*) FROM anchor_node", Long.class));
	}

	private static void proofs(MerkleLog reader, long size) {
		for (int run = 1; run <= 3; run++) {
			int n = 300;
			double[] millis = new double[n];
			for (int i = 0; i < n; i++) {
				long leaf = ThreadLocalRandom.current().nextLong(size);
				long start = System.nanoTime();
				reader.inclusionProof(leaf, size);
				millis[i] = (System.nanoTime() - start) / 1e6;
			}
			Arrays.sort(millis);
			System.out.printf("proofs at %,d leaves, run %d: median %.2f ms, p99 %.2f ms (%d proofs)%n", size, run,
					millis[n / 2], millis[(int) (n * 0.99)], n);
		}
	}

	private static void latency(int rate, int seconds) throws Exception {
		String db = "veritrace_bench_latency";
		execute("DROP DATABASE IF EXISTS " + db);
		execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		EvmTestChain.ensureAnvil();
		ConfigurableApplicationContext app = new SpringApplication(VeritraceApplication.class).run(
				"--spring.profiles.active=mariadb", "--spring.datasource.url=" + SERVER + db + OPTIONS,
				"--spring.datasource.username=root", "--server.port=0", "--veritrace.demo.enabled=false",
				"--veritrace.production.allow-insecure=" + com.veritrace.support.MariaDbTestDatabase.ALLOW_INSECURE,
				"--veritrace.anchor.ledger=evm",
				"--veritrace.anchor.evm.private-key="
						+ "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
				"--veritrace.anchor.integrity.scheduled=false", "--logging.level.com.veritrace.anchoring=WARN");
		try {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			EventRowMac mac = app.getBean(EventRowMac.class);
			jdbc.update("INSERT INTO organisation (name, kind, created_at) VALUES ('bench', 'BRAND', NOW())");
			long reporter = jdbc.queryForObject("SELECT id FROM organisation WHERE name = 'bench'", Long.class);
			int perTick = Math.max(1, rate / 20);
			long total = (long) rate * seconds;
			long stored = 0;
			long begin = System.currentTimeMillis();
			while (stored < total) {
				List<Object[]> rows = new ArrayList<>(perTick);
				long now = System.currentTimeMillis();
				for (int i = 0; i < perTick && stored < total; i++, stored++) {
					byte[] hash = new byte[32];
					ThreadLocalRandom.current().nextBytes(hash);
					rows.add(new Object[] { hash, "sha-256", "ObjectEvent", now, "+00:00", now, reporter, "{}",
							mac.of(hash, "sha-256", reporter, now) });
				}
				jdbc.batchUpdate("INSERT INTO trace_event (event_hash, hash_algorithm, event_type, event_time_ms, "
						+ "event_time_offset, record_time_ms, reporter_id, event_json, row_mac) VALUES (?,?,?,?,?,?,?,?,?)",
						rows);
				long next = begin + (stored * 1000L) / rate;
				Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
			}
			long deadline = System.currentTimeMillis() + 120_000;
			while (System.currentTimeMillis() < deadline && jdbc
				.queryForObject("SELECT COUNT(*) FROM trace_event e LEFT JOIN anchor_leaf l ON l.event_row_id = e.id "
						+ "WHERE l.leaf_index IS NULL OR l.leaf_index >= (SELECT COALESCE(MAX(tree_size), 0) "
						+ "FROM anchor_tree_head WHERE status = 'ANCHORED')", Long.class) > 0) {
				Thread.sleep(200);
			}
			List<Long> latencies = jdbc.queryForList("SELECT (SELECT MIN(h.anchored_ms) FROM anchor_tree_head h "
					+ "WHERE h.status = 'ANCHORED' AND h.tree_size > l.leaf_index) - e.record_time_ms FROM trace_event e "
					+ "JOIN anchor_leaf l ON l.event_row_id = e.id", Long.class);
			long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			Map<String, Object> chain = jdbc.queryForMap("SELECT COUNT(*) AS txs, MAX(tree_size) AS size "
					+ "FROM anchor_tree_head WHERE status = 'ANCHORED'");
			long txs = ((Number) chain.get("txs")).longValue();
			long size = ((Number) chain.get("size")).longValue();
			System.out.printf(
					"latency stored->anchored (EVM, %d events/s for %d s, %,d events): median %d ms, p99 %d ms, "
							+ "max %d ms%n",
					rate, seconds, sorted.length, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)],
					sorted[sorted.length - 1]);
			System.out.printf("chain transactions: %d for %,d events = %,.0f per million events%n", txs, size,
					txs * 1e6 / size);
		}
		finally {
			app.close();
			execute("DROP DATABASE IF EXISTS " + db);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

	private static void execute(String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}

}
