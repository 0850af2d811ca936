package com.veritrace.anchor;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import com.veritrace.anchor.ProofVerificationException.Reason;
import com.veritrace.anchor.internal.ProofPlans;

/**
 * Pure verification functions (RFC 9162 sections 2.1.3.2 and 2.1.4.2). They need nothing
 * but the proof and the expected root(s); each failure is a
 * {@link ProofVerificationException} with a specific {@link Reason}. Checks run in a
 * fixed order, shared with the browser verifier: hash lengths, index range, path length,
 * then the root.
 */
public final class ProofVerifier {

	private ProofVerifier() {
	}

	/** Verifies an inclusion proof of {@code leafHash} against {@code root}. */
	public static void verifyInclusion(LogHasher hasher, long leafIndex, long treeSize, byte[] leafHash,
			List<byte[]> auditPath, byte[] root) {
		checkLength(hasher, root, "root hash");
		byte[] computed = rootFromInclusionProof(hasher, leafIndex, treeSize, leafHash, auditPath);
		if (!MessageDigest.isEqual(computed, root)) {
			throw new ProofVerificationException(Reason.ROOT_MISMATCH,
					"audit path of leaf " + leafIndex + " leads to a different root of tree size " + treeSize);
		}
	}

	/**
	 * Verifies an {@link InclusionProof} against a tree head of the same size and
	 * algorithm.
	 */
	public static void verifyInclusion(InclusionProof proof, byte[] leafHash, TreeHead head) {
		if (proof.treeSize() != head.treeSize()) {
			throw new ProofVerificationException(Reason.WRONG_SIZE,
					"proof is for tree size " + proof.treeSize() + ", tree head has " + head.treeSize());
		}
		if (proof.algorithm() != head.algorithm()) {
			throw new ProofVerificationException(Reason.UNSUPPORTED_ALGORITHM,
					"proof uses " + proof.algorithm() + ", tree head " + head.algorithm());
		}
		verifyInclusion(LogHasher.of(head.algorithm()), proof.leafIndex(), proof.treeSize(), leafHash,
				proof.auditPath(), head.rootHash());
	}

	/** The root an inclusion proof leads to (the caller compares it). */
	public static byte[] rootFromInclusionProof(LogHasher hasher, long leafIndex, long treeSize, byte[] leafHash,
			List<byte[]> auditPath) {
		checkLength(hasher, leafHash, "leaf hash");
		for (int i = 0; i < auditPath.size(); i++) {
			checkLength(hasher, auditPath.get(i), "audit path[" + i + "]");
		}
		if (leafIndex < 0 || treeSize < 0 || leafIndex >= treeSize) {
			throw new ProofVerificationException(Reason.INDEX_OUT_OF_RANGE,
					"leaf index " + leafIndex + " is not in a tree of size " + treeSize);
		}
		int expected = ProofPlans.inclusionLength(leafIndex, treeSize);
		if (auditPath.size() != expected) {
			throw new ProofVerificationException(Reason.BAD_PATH_LENGTH, "audit path has " + auditPath.size()
					+ " hashes, leaf " + leafIndex + " of tree size " + treeSize + " needs " + expected);
		}
		long fn = leafIndex;
		long sn = treeSize - 1;
		byte[] r = leafHash;
		for (byte[] p : auditPath) {
			if ((fn & 1) == 1 || fn == sn) {
				r = hasher.hashChildren(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>>= 1;
					sn >>>= 1;
				}
			}
			else {
				r = hasher.hashChildren(r, p);
			}
			fn >>>= 1;
			sn >>>= 1;
		}
		return r;
	}

	/**
	 * Verifies that the tree of {@code size1} leaves with root {@code root1} is a prefix
	 * of the tree of {@code size2} leaves with root {@code root2}.
	 */
	public static void verifyConsistency(LogHasher hasher, long size1, long size2, List<byte[]> proof, byte[] root1,
			byte[] root2) {
		checkLength(hasher, root1, "first root");
		checkLength(hasher, root2, "second root");
		for (int i = 0; i < proof.size(); i++) {
			checkLength(hasher, proof.get(i), "proof[" + i + "]");
		}
		if (size1 < 0 || size2 < 0 || size1 > size2) {
			throw new ProofVerificationException(Reason.WRONG_SIZE,
					"cannot prove tree size " + size1 + " consistent with tree size " + size2);
		}
		int expected = ProofPlans.consistencyLength(size1, size2);
		if (proof.size() != expected) {
			throw new ProofVerificationException(Reason.BAD_PATH_LENGTH, "consistency proof has " + proof.size()
					+ " hashes, sizes " + size1 + " -> " + size2 + " need " + expected);
		}
		if (size1 == 0) {
			return; // the empty tree is a prefix of every tree
		}
		if (size1 == size2) {
			requireEqual(root1, root2, "roots of equal-size trees differ");
			return;
		}
		List<byte[]> path = new ArrayList<>(proof.size() + 1);
		if (Long.bitCount(size1) == 1) {
			path.add(root1);
		}
		path.addAll(proof);
		long fn = size1 - 1;
		long sn = size2 - 1;
		while ((fn & 1) == 1) {
			fn >>>= 1;
			sn >>>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				throw new ProofVerificationException(Reason.BAD_PATH_LENGTH, "consistency proof too long");
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = hasher.hashChildren(c, fr);
				sr = hasher.hashChildren(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>>= 1;
					sn >>>= 1;
				}
			}
			else {
				sr = hasher.hashChildren(sr, c);
			}
			fn >>>= 1;
			sn >>>= 1;
		}
		if (sn != 0) {
			throw new ProofVerificationException(Reason.BAD_PATH_LENGTH, "consistency proof too short");
		}
		requireEqual(fr, root1, "proof does not lead to the first root");
		requireEqual(sr, root2, "proof does not lead to the second root");
	}

	/** Verifies a {@link ConsistencyProof} between two tree heads. */
	public static void verifyConsistency(ConsistencyProof proof, TreeHead first, TreeHead second) {
		if (proof.size1() != first.treeSize() || proof.size2() != second.treeSize()) {
			throw new ProofVerificationException(Reason.WRONG_SIZE, "proof is for sizes " + proof.size1() + " -> "
					+ proof.size2() + ", tree heads have " + first.treeSize() + " -> " + second.treeSize());
		}
		if (first.algorithm() != second.algorithm() || proof.algorithm() != first.algorithm()) {
			throw new ProofVerificationException(Reason.UNSUPPORTED_ALGORITHM, "mixed hash algorithms");
		}
		verifyConsistency(LogHasher.of(first.algorithm()), proof.size1(), proof.size2(), proof.path(), first.rootHash(),
				second.rootHash());
	}

	private static void requireEqual(byte[] actual, byte[] expected, String message) {
		if (!MessageDigest.isEqual(actual, expected)) {
			throw new ProofVerificationException(Reason.ROOT_MISMATCH, message);
		}
	}

	private static void checkLength(LogHasher hasher, byte[] hash, String what) {
		if (hash.length != hasher.size()) {
			throw new ProofVerificationException(Reason.BAD_HASH_LENGTH, what + " has " + hash.length + " bytes, "
					+ hasher.algorithm().standardName() + " needs " + hasher.size());
		}
	}

}
