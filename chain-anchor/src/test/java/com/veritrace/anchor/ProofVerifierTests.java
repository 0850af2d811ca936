package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import com.veritrace.anchor.ProofVerificationException.Reason;

import static com.veritrace.anchor.TestData.h;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mutated proofs, modelled on transparency-dev/merkle's corruptInclusionProof: each gets
 * one specific error.
 */
class ProofVerifierTests {

	private final LogHasher hasher = LogHasher.sha256();

	private final MerkleLog log = TestData.logOf(TestData.RFC6962_ENTRIES, this.hasher, new InMemoryNodeStore());

	private final byte[] root8 = this.log.root(8);

	private final byte[] leaf5 = this.hasher.hashLeaf(TestData.RFC6962_ENTRIES.get(5));

	private final List<byte[]> path = this.log.inclusionProof(5, 8).auditPath();

	@Test
	void validInclusionProofVerifies() {
		assertThatCode(() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, this.path, this.root8))
			.doesNotThrowAnyException();
	}

	@Test
	void bitFlipInEveryPathElementIsARootMismatch() {
		for (int i = 0; i < this.path.size(); i++) {
			List<byte[]> mutated = new ArrayList<>(this.path);
			byte[] flipped = mutated.get(i).clone();
			flipped[0] ^= 8;
			mutated.set(i, flipped);
			expect(Reason.ROOT_MISMATCH,
					() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, mutated, this.root8));
		}
		byte[] leaf = this.leaf5.clone();
		leaf[31] ^= 1;
		expect(Reason.ROOT_MISMATCH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, leaf, this.path, this.root8));
	}

	@Test
	void truncatedOrExtendedPathIsABadPathLength() {
		expect(Reason.BAD_PATH_LENGTH, () -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5,
				this.path.subList(0, 2), this.root8));
		List<byte[]> longer = new ArrayList<>(this.path);
		longer.add(this.root8);
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, longer, this.root8));
		List<byte[]> preceded = new ArrayList<>(this.path);
		preceded.add(0, this.root8);
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, preceded, this.root8));
	}

	@Test
	void wrongRootIsARootMismatch() {
		expect(Reason.ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, this.path,
				h(TestData.SHA256_EMPTY)));
		expect(Reason.ROOT_MISMATCH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, this.path, this.log.root(7)));
	}

	@Test
	void wrongSizeOrIndex() {
		// size 16 needs 4 hashes for leaf 5
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 16, this.leaf5, this.path, this.root8));
		// size 6 needs 2 hashes for leaf 5
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 6, this.leaf5, this.path, this.root8));
		// RFC 9162 inclusion proofs do not bind the size: for leaf 5, sizes 7 and 8
		// combine the
		// three hashes in the same order, so the size-8 proof "verifies" with size 7
		// against the
		// size-8 root. The size is bound by the signed tree head (see
		// inclusionAgainstTreeHead...).
		assertThatCode(() -> ProofVerifier.verifyInclusion(this.hasher, 5, 7, this.leaf5, this.path, this.root8))
			.doesNotThrowAnyException();
		expect(Reason.ROOT_MISMATCH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 4, 8, this.leaf5, this.path, this.root8));
		expect(Reason.INDEX_OUT_OF_RANGE,
				() -> ProofVerifier.verifyInclusion(this.hasher, 8, 8, this.leaf5, this.path, this.root8));
		expect(Reason.INDEX_OUT_OF_RANGE,
				() -> ProofVerifier.verifyInclusion(this.hasher, 0, 0, this.leaf5, List.of(), this.root8));
		expect(Reason.INDEX_OUT_OF_RANGE,
				() -> ProofVerifier.verifyInclusion(this.hasher, -1, 8, this.leaf5, this.path, this.root8));
	}

	@Test
	void shortHashesAreBadHashLengths() {
		expect(Reason.BAD_HASH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, "WrongLeaf".getBytes(), this.path, this.root8));
		expect(Reason.BAD_HASH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, this.path, new byte[31]));
		List<byte[]> withEmpty = new ArrayList<>(this.path);
		withEmpty.set(1, new byte[0]);
		expect(Reason.BAD_HASH_LENGTH,
				() -> ProofVerifier.verifyInclusion(this.hasher, 5, 8, this.leaf5, withEmpty, this.root8));
	}

	@Test
	void inclusionAgainstTreeHeadChecksTheSize() {
		InclusionProof proof = this.log.inclusionProof(5, 8);
		TreeHead head8 = new TreeHead(8, this.root8, HashAlgorithm.SHA_256, java.time.Instant.EPOCH);
		TreeHead head7 = new TreeHead(7, this.log.root(7), HashAlgorithm.SHA_256, java.time.Instant.EPOCH);
		assertThatCode(() -> ProofVerifier.verifyInclusion(proof, this.leaf5, head8)).doesNotThrowAnyException();
		expect(Reason.WRONG_SIZE, () -> ProofVerifier.verifyInclusion(proof, this.leaf5, head7));
	}

	@Test
	void mutatedConsistencyProofs() {
		List<byte[]> proof = this.log.consistencyProof(6, 8).path();
		byte[] root6 = this.log.root(6);
		assertThatCode(() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, proof, root6, this.root8))
			.doesNotThrowAnyException();
		expect(Reason.WRONG_SIZE, () -> ProofVerifier.verifyConsistency(this.hasher, 9, 8, proof, root6, this.root8));
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, proof.subList(0, 2), root6, this.root8));
		expect(Reason.BAD_PATH_LENGTH,
				() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, List.of(), root6, this.root8));
		expect(Reason.BAD_PATH_LENGTH, () -> ProofVerifier.verifyConsistency(this.hasher, 6, 6, proof, root6, root6));
		expect(Reason.ROOT_MISMATCH,
				() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, proof, this.root8, root6));
		expect(Reason.ROOT_MISMATCH,
				() -> ProofVerifier.verifyConsistency(this.hasher, 6, 6, List.of(), root6, this.root8));
		for (int i = 0; i < proof.size(); i++) {
			List<byte[]> mutated = new ArrayList<>(proof);
			byte[] flipped = mutated.get(i).clone();
			flipped[0] ^= 16;
			mutated.set(i, flipped);
			expect(Reason.ROOT_MISMATCH,
					() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, mutated, root6, this.root8));
		}
		expect(Reason.BAD_HASH_LENGTH,
				() -> ProofVerifier.verifyConsistency(this.hasher, 6, 8, proof, "WrongRoot".getBytes(), this.root8));
	}

	private static void expect(Reason reason, ThrowingCallable call) {
		assertThatExceptionOfType(ProofVerificationException.class).isThrownBy(call)
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.reason()).isEqualTo(reason));
	}

}
