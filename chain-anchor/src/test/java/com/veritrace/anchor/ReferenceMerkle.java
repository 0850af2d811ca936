package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Naive oracle: RFC 9162 section 2.1 definitions (MTH, PATH, PROOF/SUBPROOF) transcribed
 * literally over lists of entries. Slow on purpose; memoises MTH per range to keep the
 * exhaustive tests quick.
 */
final class ReferenceMerkle {

	private final LogHasher hasher;

	private final List<byte[]> entries;

	private final Map<String, byte[]> mth = new HashMap<>();

	ReferenceMerkle(LogHasher hasher, List<byte[]> entries) {
		this.hasher = hasher;
		this.entries = entries;
	}

	/** MTH(D[lo:hi]). */
	byte[] mth(int lo, int hi) {
		String key = lo + ":" + hi;
		byte[] cached = this.mth.get(key);
		if (cached != null) {
			return cached;
		}
		int n = hi - lo;
		byte[] result;
		if (n == 0) {
			result = this.hasher.emptyRoot();
		}
		else if (n == 1) {
			result = this.hasher.hashLeaf(this.entries.get(lo));
		}
		else {
			int k = largestPowerOfTwoBelow(n);
			result = this.hasher.hashChildren(mth(lo, lo + k), mth(lo + k, hi));
		}
		this.mth.put(key, result);
		return result;
	}

	/** PATH(m, D[n]) with D = first n entries. */
	List<byte[]> path(int m, int n) {
		return path(m, 0, n);
	}

	private List<byte[]> path(int m, int lo, int hi) {
		int n = hi - lo;
		List<byte[]> out = new ArrayList<>();
		if (n == 1) {
			return out;
		}
		int k = largestPowerOfTwoBelow(n);
		if (m < k) {
			out.addAll(path(m, lo, lo + k));
			out.add(mth(lo + k, hi));
		}
		else {
			out.addAll(path(m - k, lo + k, hi));
			out.add(mth(lo, lo + k));
		}
		return out;
	}

	/** PROOF(m, D[n]). */
	List<byte[]> proof(int m, int n) {
		if (m == 0 || m == n) {
			return List.of();
		}
		return subproof(m, 0, n, true);
	}

	private List<byte[]> subproof(int m, int lo, int hi, boolean b) {
		int n = hi - lo;
		List<byte[]> out = new ArrayList<>();
		if (m == n) {
			if (!b) {
				out.add(mth(lo, hi));
			}
			return out;
		}
		int k = largestPowerOfTwoBelow(n);
		if (m <= k) {
			out.addAll(subproof(m, lo, lo + k, b));
			out.add(mth(lo + k, hi));
		}
		else {
			out.addAll(subproof(m - k, lo + k, hi, false));
			out.add(mth(lo, lo + k));
		}
		return out;
	}

	private static int largestPowerOfTwoBelow(int n) {
		int k = 1;
		while (k << 1 < n) {
			k <<= 1;
		}
		return k;
	}

}
