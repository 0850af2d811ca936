package com.veritrace.anchoring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.ProofVerifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database-backed log (H2): proofs and roots equal those of an in-memory log that
 * keeps every node (the oracle), an inclusion proof is one query, and a kept node gone
 * missing is recomputed from its children.
 */
class JdbcNodeStoreTests {

	private static final LogHasher HASHER = LogHasher.of(HashAlgorithm.SHA_256);

	private final AtomicInteger queries = new AtomicInteger();

	private JdbcTemplate jdbc;

	private JdbcNodeStore store;

	private final MerkleLog oracle = MerkleLog.inMemory(HashAlgorithm.SHA_256);

	@BeforeEach
	void setUp() {
		DriverManagerDataSource ds = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
		this.jdbc = new JdbcTemplate(ds) {
			@Override
			public <T> @Nullable T query(PreparedStatementCreator psc, @Nullable PreparedStatementSetter pss,
					ResultSetExtractor<T> rse) throws DataAccessException {
				JdbcNodeStoreTests.this.queries.incrementAndGet();
				return super.query(psc, pss, rse);
			}
		};
		this.jdbc.execute("CREATE TABLE anchor_leaf (leaf_index BIGINT NOT NULL PRIMARY KEY, event_row_id BIGINT NOT "
				+ "NULL, leaf_hash BINARY(32) NOT NULL, appended_ms BIGINT NOT NULL, UNIQUE KEY uk_row (event_row_id))");
		this.jdbc.execute("CREATE TABLE anchor_node (node_key BIGINT NOT NULL PRIMARY KEY, hash BINARY(32) NOT NULL)");
		this.store = new JdbcNodeStore(this.jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)),
				Clock.systemUTC(), HASHER);
		MerkleLog log = new MerkleLog(HASHER, this.store);
		Random random = new Random(16);
		long rowId = 0;
		while (log.size() < 3000) {
			int n = 1 + random.nextInt(400);
			List<byte[]> entries = new ArrayList<>();
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				byte[] entry = new byte[32];
				random.nextBytes(entry);
				entries.add(entry);
				ids.add(++rowId);
			}
			this.store.stage(ids, log.size());
			log.appendAll(entries);
			this.oracle.appendAll(entries);
		}
	}

	@Test
	void proofsAndRootsAreTheOraclesAndAnInclusionProofIsOneQuery() {
		MerkleLog reader = new MerkleLog(HASHER, this.store);
		Random random = new Random(7);
		for (long size : new long[] { 1, 2, 3, 7, 16, 17, 31, 255, 256, 257, 1000, 2047, 2048, 2049, 3000 }) {
			assertThat(hex(reader.root(size))).isEqualTo(hex(this.oracle.root(size)));
			for (long leaf : new long[] { 0, size - 1, random.nextLong(size), random.nextLong(size) }) {
				this.queries.set(0);
				List<byte[]> path = reader.inclusionProof(leaf, size).auditPath();
				assertThat(this.queries.get()).as("queries for leaf %d of %d", leaf, size).isLessThanOrEqualTo(1);
				assertThat(path.stream().map(JdbcNodeStoreTests::hex))
					.containsExactlyElementsOf(this.oracle.inclusionProof(leaf, size)
						.auditPath()
						.stream()
						.map(JdbcNodeStoreTests::hex)
						.toList());
				ProofVerifier.verifyInclusion(HASHER, leaf, size, this.oracle.leafHash(leaf), path,
						this.oracle.root(size));
			}
			long first = random.nextLong(size + 1);
			assertThat(reader.consistencyProof(first, size).path().stream().map(JdbcNodeStoreTests::hex))
				.containsExactlyElementsOf(this.oracle.consistencyProof(first, size)
					.path()
					.stream()
					.map(JdbcNodeStoreTests::hex)
					.toList());
		}
	}

	@Test
	void aMissingKeptNodeIsRecomputedFromItsChildren() {
		// the level-4 subtree of leaves 0..15, on the path of every leaf from 16 to 31
		assertThat(this.jdbc.update("DELETE FROM anchor_node WHERE node_key = ?",
				JdbcNodeStore.key(new com.veritrace.anchor.NodeId(4, 0))))
			.isOne();
		MerkleLog reader = new MerkleLog(HASHER, this.store);
		for (long leaf : new long[] { 3, 20, 31, 2999 }) {
			assertThat(reader.inclusionProof(leaf, 3000).auditPath().stream().map(JdbcNodeStoreTests::hex))
				.containsExactlyElementsOf(this.oracle.inclusionProof(leaf, 3000)
					.auditPath()
					.stream()
					.map(JdbcNodeStoreTests::hex)
					.toList());
		}
		assertThat(hex(reader.root(3000))).isEqualTo(hex(this.oracle.root(3000)));
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
