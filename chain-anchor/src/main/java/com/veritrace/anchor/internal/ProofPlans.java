package com.veritrace.anchor.internal;

import java.util.ArrayList;
import java.util.List;

import com.veritrace.anchor.NodeId;

/**
 * Proofs as node IDs, independent of storage. Each element of a proof is the hash of a
 * range of leaves {@code [lo, hi)}; such a range is expressed as the list of complete
 * subtrees that tile it, largest first, whose right fold
 * ({@code H(n0, H(n1, ... H(nk-1, nk)))}) is the RFC 9162 {@code MTH} of the range. Most
 * elements are a single node; only the element on the right border of a non-power-of-two
 * tree is made of several ("ephemeral" node).
 *
 * <p>
 * The recursion follows RFC 9162 section 2.1.3.1 ({@code PATH}) and 2.1.4.1
 * ({@code SUBPROOF}) literally, over index ranges instead of leaf lists, so its depth is
 * at most 64 and it does no hashing.
 */
public final class ProofPlans {

	private ProofPlans() {
	}

	/**
	 * Audit path for leaf {@code index} in the tree of {@code size} leaves, leaf upwards.
	 */
	public static List<List<NodeId>> inclusion(long index, long size) {
		if (index < 0 || index >= size) {
			throw new IllegalArgumentException("index " + index + " not in tree of size " + size);
		}
		List<List<NodeId>> out = new ArrayList<>(64);
		path(index, 0, size, out);
		return out;
	}

	/**
	 * Consistency proof from {@code size1} to {@code size2}; empty when size1 is 0 or
	 * equal.
	 */
	public static List<List<NodeId>> consistency(long size1, long size2) {
		if (size1 < 0 || size1 > size2) {
			throw new IllegalArgumentException("need 0 <= size1 <= size2, got " + size1 + ", " + size2);
		}
		List<List<NodeId>> out = new ArrayList<>(64);
		if (size1 > 0 && size1 < size2) {
			subproof(size1, 0, size2, true, out);
		}
		return out;
	}

	/**
	 * Number of elements in the audit path of {@code index} in a tree of {@code size}.
	 */
	public static int inclusionLength(long index, long size) {
		int length = 0;
		long lo = 0;
		long hi = size;
		while (hi - lo > 1) {
			long k = largestPowerOfTwoBelow(hi - lo);
			if (index < lo + k) {
				hi = lo + k;
			}
			else {
				lo = lo + k;
			}
			length++;
		}
		return length;
	}

	/**
	 * Number of elements in the consistency proof from {@code size1} to {@code size2}.
	 */
	public static int consistencyLength(long size1, long size2) {
		return consistency(size1, size2).size();
	}

	/** The complete subtrees tiling {@code [lo, hi)}, largest (leftmost) first. */
	public static List<NodeId> range(long lo, long hi) {
		List<NodeId> nodes = new ArrayList<>(4);
		long position = lo;
		while (position < hi) {
			int level = Math.min(62, Long.numberOfTrailingZeros(position));
			while (level > 0 && position + (1L << level) > hi) {
				level--;
			}
			nodes.add(new NodeId(level, position >>> level));
			position += 1L << level;
		}
		return nodes;
	}

	/** The largest power of two strictly smaller than {@code n} ({@code n >= 2}). */
	public static long largestPowerOfTwoBelow(long n) {
		return Long.highestOneBit(n - 1);
	}

	private static void path(long index, long lo, long hi, List<List<NodeId>> out) {
		if (hi - lo <= 1) {
			return;
		}
		long k = largestPowerOfTwoBelow(hi - lo);
		if (index < lo + k) {
			path(index, lo, lo + k, out);
			out.add(range(lo + k, hi));
		}
		else {
			path(index, lo + k, hi, out);
			out.add(range(lo, lo + k));
		}
	}

	private static void subproof(long m, long lo, long hi, boolean startFromOldRoot, List<List<NodeId>> out) {
		long n = hi - lo;
		if (m == n) {
			if (!startFromOldRoot) {
				out.add(range(lo, hi));
			}
			return;
		}
		long k = largestPowerOfTwoBelow(n);
		if (m <= k) {
			subproof(m, lo, lo + k, startFromOldRoot, out);
			out.add(range(lo + k, hi));
		}
		else {
			subproof(m - k, lo + k, hi, false, out);
			out.add(range(lo, lo + k));
		}
	}

}
