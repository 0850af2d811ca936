package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.veritrace.anchor.TestData.HEX;
import static com.veritrace.anchor.TestData.h;
import static com.veritrace.anchor.TestData.hs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MerkleLogTests {

	private static final int MAX_SIZE = 130;

	@Test
	void publishedRootsForSizesOneToEight() {
		LogHasher hasher = LogHasher.sha256();
		MerkleLog log = MerkleLog.inMemory(HashAlgorithm.SHA_256);
		assertThat(HEX.formatHex(log.root())).isEqualTo(TestData.SHA256_EMPTY);
		for (int n = 1; n <= 8; n++) {
			log.append(TestData.RFC6962_ENTRIES.get(n - 1));
			assertThat(HEX.formatHex(log.root())).as("root of size %d", n).isEqualTo(TestData.RFC6962_ROOTS.get(n - 1));
		}
		for (int n = 1; n <= 8; n++) {
			assertThat(HEX.formatHex(log.root(n))).isEqualTo(TestData.RFC6962_ROOTS.get(n - 1));
		}
		assertThat(hasher.hashLeaf(new byte[0])).isEqualTo(h(TestData.RFC6962_ROOTS.get(0)));
	}

	@Test
	void publishedInclusionProofs() {
		MerkleLog log = TestData.logOf(TestData.RFC6962_ENTRIES, LogHasher.sha256(), new InMemoryNodeStore());
		// transparency-dev/merkle proof/verify_test.go inclusionProofs (1-based leaf
		// there)
		assertPath(log.inclusionProof(0, 8), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
		assertPath(log.inclusionProof(5, 8), "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
				"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		assertPath(log.inclusionProof(2, 3), "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
		assertPath(log.inclusionProof(1, 5), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
		assertPath(log.inclusionProof(0, 1));
	}

	@Test
	void publishedConsistencyProofs() {
		MerkleLog log = TestData.logOf(TestData.RFC6962_ENTRIES, LogHasher.sha256(), new InMemoryNodeStore());
		// transparency-dev/merkle proof/verify_test.go consistencyProofs
		assertConsistency(log.consistencyProof(1, 1));
		assertConsistency(log.consistencyProof(1, 8),
				"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
		assertConsistency(log.consistencyProof(6, 8),
				"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
				"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		assertConsistency(log.consistencyProof(2, 5),
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
		assertConsistency(log.consistencyProof(6, 7),
				"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
				"b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		for (int[] pair : new int[][] { { 1, 8 }, { 6, 8 }, { 2, 5 }, { 6, 7 } }) {
			ProofVerifier.verifyConsistency(LogHasher.sha256(), pair[0], pair[1],
					log.consistencyProof(pair[0], pair[1]).path(), log.root(pair[0]), log.root(pair[1]));
		}
	}

	@ParameterizedTest
	@EnumSource(HashAlgorithm.class)
	void matchesReferenceForEverySizeIndexAndPair(HashAlgorithm algorithm) {
		LogHasher hasher = LogHasher.of(algorithm);
		int maxSize = (algorithm == HashAlgorithm.SHA_256) ? MAX_SIZE : 40;
		List<byte[]> entries = TestData.entries(maxSize, algorithm);
		ReferenceMerkle reference = new ReferenceMerkle(hasher, entries);
		MerkleLog log = TestData.logOf(entries, hasher, new InMemoryNodeStore());
		for (int n = 1; n <= maxSize; n++) {
			byte[] root = reference.mth(0, n);
			assertThat(log.root(n)).as("root %d", n).isEqualTo(root);
			for (int m = 0; m < n; m++) {
				InclusionProof proof = log.inclusionProof(m, n);
				assertThat(proof.auditPath()).as("path %d/%d", m, n).containsExactlyElementsOf(reference.path(m, n));
				ProofVerifier.verifyInclusion(hasher, m, n, hasher.hashLeaf(entries.get(m)), proof.auditPath(), root);
			}
			for (int m = 0; m <= n; m++) {
				ConsistencyProof proof = log.consistencyProof(m, n);
				assertThat(proof.path()).as("proof %d->%d", m, n).containsExactlyElementsOf(reference.proof(m, n));
				ProofVerifier.verifyConsistency(hasher, m, n, proof.path(), reference.mth(0, m), root);
			}
		}
	}

	@Test
	void sparseStoreKeepingEveryFourthLevelGivesSameProofsWithBoundedReads() {
		LogHasher hasher = LogHasher.sha256();
		List<byte[]> entries = TestData.entries(MAX_SIZE, HashAlgorithm.SHA_256);
		MerkleLog full = TestData.logOf(entries, hasher, new InMemoryNodeStore());
		SparseStore sparseStore = new SparseStore(4);
		MerkleLog sparse = TestData.logOf(entries, hasher, sparseStore);
		for (int n = 1; n <= MAX_SIZE; n += 7) {
			assertThat(sparse.root(n)).isEqualTo(full.root(n));
			for (int m = 0; m < n; m++) {
				assertThat(sparse.inclusionProof(m, n)).isEqualTo(full.inclusionProof(m, n));
				assertThat(sparse.consistencyProof(m, n)).isEqualTo(full.consistencyProof(m, n));
			}
		}
		sparseStore.reads.set(0);
		sparseStore.bulkCalls.set(0);
		sparse.inclusionProof(77, 129);
		// 8 path elements; a missing node at level 4k+3 needs its 8 descendants at level
		// 4k: few reads,
		// and at most 4 bulk round trips (one per level until a kept level)
		assertThat(sparseStore.reads.get()).isBetween(8L, 8L * 16);
		assertThat(sparseStore.bulkCalls.get()).isBetween(1L, 4L);
		// reopening a log over an existing store rebuilds its border and root
		assertThat(new MerkleLog(hasher, sparseStore).root()).isEqualTo(full.root());
	}

	@Test
	void batchAppendEqualsSingleAppends() {
		List<byte[]> entries = TestData.entries(37, HashAlgorithm.SHA_256);
		MerkleLog one = TestData.logOf(entries, LogHasher.sha256(), new InMemoryNodeStore());
		MerkleLog batch = MerkleLog.inMemory(HashAlgorithm.SHA_256);
		assertThat(batch.appendAll(entries.subList(0, 5))).isZero();
		assertThat(batch.appendAll(entries.subList(5, 37))).isEqualTo(5);
		assertThat(batch.root()).isEqualTo(one.root());
		assertThat(batch.size()).isEqualTo(37);
		assertThat(batch.inclusionProof(36, 37)).isEqualTo(one.inclusionProof(36, 37));
	}

	@Test
	void aReaderOverASharedStoreServesProofsForSizesAppendedElsewhere() {
		InMemoryNodeStore shared = new InMemoryNodeStore();
		MerkleLog writer = new MerkleLog(LogHasher.sha256(), shared);
		MerkleLog reader = new MerkleLog(LogHasher.sha256(), shared);
		writer.appendAll(TestData.RFC6962_ENTRIES);
		assertThat(reader.root(8)).isEqualTo(h(TestData.RFC6962_ROOTS.get(7)));
		assertThat(reader.inclusionProof(5, 8)).isEqualTo(writer.inclusionProof(5, 8));
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> reader.inclusionProof(0, 9));
	}

	@Test
	void refusesProofsOutsideTheLog() {
		MerkleLog log = TestData.logOf(TestData.entries(5, HashAlgorithm.SHA_256), LogHasher.sha256(),
				new InMemoryNodeStore());
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> log.inclusionProof(5, 5));
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> log.inclusionProof(0, 6));
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> log.consistencyProof(4, 3));
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> log.root(6));
		assertThatExceptionOfType(LogRangeException.class).isThrownBy(() -> log.leafHash(-1));
	}

	@Test
	void sm3UsesTheStandardTestVector() {
		// GB/T 32905-2016 appendix A example 1: SM3("abc")
		assertThat(HEX.formatHex(HashAlgorithm.SM3.digest("abc".getBytes())))
			.isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
		assertThat(LogHasher.of(HashAlgorithm.SM3).hashLeaf(new byte[0]))
			.isEqualTo(HashAlgorithm.SM3.digest(new byte[] { 0 }));
	}

	@Test
	void algorithmNamesAreRefusedNotGuessed() {
		assertThat(HashAlgorithm.fromName("sha-256")).isEqualTo(HashAlgorithm.SHA_256);
		assertThat(HashAlgorithm.fromName("SHA_256")).isEqualTo(HashAlgorithm.SHA_256);
		assertThat(HashAlgorithm.fromName("SM3")).isEqualTo(HashAlgorithm.SM3);
		assertThatExceptionOfType(UnknownHashAlgorithmException.class)
			.isThrownBy(() -> HashAlgorithm.fromName("SHA-512"));
		assertThatExceptionOfType(UnknownHashAlgorithmException.class).isThrownBy(() -> HashAlgorithm.fromName(""));
		assertThatExceptionOfType(UnknownHashAlgorithmException.class).isThrownBy(() -> HashAlgorithm.fromCode(3));
	}

	@Test
	void eventHashIdGivesItsDigest() {
		String id = "ni:///sha-256;4b0c3b6a1f0b5b9b83d8cfc1b1bd4e4b4a0e0b3c6e2a6b1f1e2d3c4b5a697887?ver=CBV2.0";
		assertThat(HEX.formatHex(EventHashIds.leafOf(id)))
			.isEqualTo("4b0c3b6a1f0b5b9b83d8cfc1b1bd4e4b4a0e0b3c6e2a6b1f1e2d3c4b5a697887");
		assertThat(EventHashIds.of(EventHashIds.leafOf(id))).isEqualTo(id);
		for (String bad : List.of("ni:///sha-256;4b0c?ver=CBV2.0",
				"ni:///sha-512;4b0c3b6a1f0b5b9b83d8cfc1b1bd4e4b4a0e0b3c6e2a6b1f1e2d3c4b5a697887?ver=CBV2.0",
				"ni:///sha-256;4b0c3b6a1f0b5b9b83d8cfc1b1bd4e4b4a0e0b3c6e2a6b1f1e2d3c4b5a697887",
				"ni:///sha-256;zz0c3b6a1f0b5b9b83d8cfc1b1bd4e4b4a0e0b3c6e2a6b1f1e2d3c4b5a697887?ver=CBV2.0")) {
			assertThatExceptionOfType(MalformedEventHashException.class).isThrownBy(() -> EventHashIds.leafOf(bad));
		}
	}

	private static void assertPath(InclusionProof proof, String... expected) {
		assertThat(proof.auditPath()).containsExactlyElementsOf(hs(expected));
	}

	private static void assertConsistency(ConsistencyProof proof, String... expected) {
		assertThat(proof.path()).containsExactlyElementsOf(hs(expected));
	}

	/**
	 * Keeps leaves and only the levels divisible by {@code every}: the planned DB layout.
	 */
	static final class SparseStore implements NodeStore {

		private final InMemoryNodeStore delegate = new InMemoryNodeStore();

		private final int every;

		final AtomicLong reads = new AtomicLong();

		final AtomicLong bulkCalls = new AtomicLong();

		@Override
		public List<byte @Nullable []> nodeHashes(List<NodeId> ids) {
			this.bulkCalls.incrementAndGet();
			return NodeStore.super.nodeHashes(ids);
		}

		SparseStore(int every) {
			this.every = every;
		}

		@Override
		public long size() {
			return this.delegate.size();
		}

		@Override
		public byte[] leafHash(long index) {
			this.reads.incrementAndGet();
			return this.delegate.leafHash(index);
		}

		@Override
		public byte @Nullable [] subtreeHash(NodeId id) {
			this.reads.incrementAndGet();
			return (id.level() % this.every == 0) ? this.delegate.subtreeHash(id) : null;
		}

		@Override
		public void append(List<byte[]> leafHashes, List<NodeHash> completedSubtrees) {
			List<NodeHash> kept = new ArrayList<>();
			for (NodeHash node : completedSubtrees) {
				if (node.id().level() % this.every == 0) {
					kept.add(node);
				}
			}
			this.delegate.append(leafHashes, kept);
		}

	}

}
