package com.veritrace.anchor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * Rough throughput numbers (not a test, not JMH): appends per second and inclusion-proof
 * time at 10^6 leaves, with the in-memory store and with a store that keeps only every
 * 4th level (the planned database layout). Run:
 *
 * <pre>
 * (from the project root) ./mvnw -q -o -pl chain-anchor test-compile exec:java \
 *   -Dexec.mainClass=com.veritrace.anchor.MerkleLogBenchmark -Dexec.classpathScope=test [-Dexec.args="1000000 SHA_256"]
 * </pre>
 */
public final class MerkleLogBenchmark {

	private MerkleLogBenchmark() {
	}

	public static void main(String[] args) {
		int leaves = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		HashAlgorithm algorithm = (args.length > 1) ? HashAlgorithm.fromName(args[1]) : HashAlgorithm.SHA_256;
		System.out.printf("MerkleLog benchmark: %,d leaves, %s, %d CPUs, Java %s%n", leaves, algorithm,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
		run("in-memory store, all levels", leaves, algorithm, new InMemoryNodeStore());
		run("store keeping leaves + every 4th level", leaves, algorithm, new SparseStore(4));
	}

	private static void run(String label, int leaves, HashAlgorithm algorithm, NodeStore store) {
		MerkleLog log = new MerkleLog(LogHasher.of(algorithm), store);
		List<byte[]> batch = new ArrayList<>(1000);
		long start = System.nanoTime();
		for (int i = 0; i < leaves; i++) {
			batch.add(ByteBuffer.allocate(32).putLong(i).putLong(24, ~i).array());
			if (batch.size() == 1000) {
				log.appendAll(batch);
				batch.clear();
			}
		}
		log.appendAll(batch);
		double appendSeconds = (System.nanoTime() - start) / 1e9;
		byte[] root = log.root();

		SplittableRandom random = new SplittableRandom(42);
		int proofs = 20_000;
		// warm-up
		for (int i = 0; i < 2_000; i++) {
			log.inclusionProof(random.nextLong(leaves), leaves);
		}
		start = System.nanoTime();
		int pathHashes = 0;
		for (int i = 0; i < proofs; i++) {
			pathHashes += log.inclusionProof(random.nextLong(leaves), leaves).auditPath().size();
		}
		double proofMicros = (System.nanoTime() - start) / 1e3 / proofs;

		start = System.nanoTime();
		for (int i = 0; i < 2_000; i++) {
			long size = 1 + random.nextLong(leaves);
			log.consistencyProof(random.nextLong(size) + 1,
					size == leaves ? leaves : size + random.nextLong(leaves - size + 1));
		}
		double consistencyMicros = (System.nanoTime() - start) / 1e3 / 2_000;

		long index = leaves / 3;
		InclusionProof proof = log.inclusionProof(index, leaves);
		byte[] leafHash = log.leafHash(index);
		start = System.nanoTime();
		for (int i = 0; i < proofs; i++) {
			ProofVerifier.verifyInclusion(log.hasher(), index, leaves, leafHash, proof.auditPath(), root);
		}
		double verifyMicros = (System.nanoTime() - start) / 1e3 / proofs;

		System.out.printf(
				"%s:%n  append %,d leaves in %.2f s = %,.0f leaves/s%n"
						+ "  inclusion proof at size %,d: %.1f us (avg %.1f hashes)%n"
						+ "  consistency proof: %.1f us%n  verify inclusion: %.1f us%n",
				label, leaves, appendSeconds, leaves / appendSeconds, leaves, proofMicros, (double) pathHashes / proofs,
				consistencyMicros, verifyMicros);
	}

	/** Keeps leaves and levels divisible by {@code every}. */
	private static final class SparseStore implements NodeStore {

		private final InMemoryNodeStore delegate = new InMemoryNodeStore();

		private final int every;

		SparseStore(int every) {
			this.every = every;
		}

		@Override
		public long size() {
			return this.delegate.size();
		}

		@Override
		public byte[] leafHash(long index) {
			return this.delegate.leafHash(index);
		}

		@Override
		public byte @Nullable [] subtreeHash(NodeId id) {
			return (id.level() % this.every == 0) ? this.delegate.subtreeHash(id) : null;
		}

		@Override
		public void append(List<byte[]> leafHashes, List<NodeHash> completed) {
			this.delegate.append(leafHashes,
					completed.stream().filter((n) -> n.id().level() % this.every == 0).toList());
		}

	}

}
