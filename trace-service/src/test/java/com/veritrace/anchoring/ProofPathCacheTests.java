package com.veritrace.anchoring;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit-path cache: a path is found only under its own leaf, tree size and root, and
 * the cache never holds more than its bound.
 */
class ProofPathCacheTests {

	private static byte[] hash(int b) {
		byte[] hash = new byte[32];
		java.util.Arrays.fill(hash, (byte) b);
		return hash;
	}

	@Test
	void aPathIsFoundOnlyUnderItsLeafSizeAndRoot() {
		ProofPathCache cache = new ProofPathCache(10);
		byte[] root = hash(1);
		cache.put(5, 100, root, List.of(hash(2), hash(3)));
		assertThat(cache.get(5, 100, hash(1))).containsExactly(hash(2), hash(3));
		assertThat(cache.get(6, 100, root)).as("another leaf").isNull();
		assertThat(cache.get(5, 101, root)).as("another tree size").isNull();
		assertThat(cache.get(5, 100, hash(9))).as("a head of that size with another root").isNull();
		// a caller changing its arrays afterwards changes nothing kept
		root[0] = 7;
		assertThat(cache.get(5, 100, hash(1))).containsExactly(hash(2), hash(3));
	}

	@Test
	void theLeastRecentlyUsedPathIsDroppedBeyondTheBound() {
		ProofPathCache cache = new ProofPathCache(3);
		for (int leaf = 0; leaf < 3; leaf++) {
			cache.put(leaf, 10, hash(1), List.of(hash(leaf)));
		}
		assertThat(cache.get(0, 10, hash(1))).isNotNull(); // 0 used: 1 is the eldest now
		for (int leaf = 3; leaf < 1000; leaf++) {
			cache.put(leaf, 10, hash(1), List.of(hash(leaf)));
			assertThat(cache.size()).isLessThanOrEqualTo(3);
		}
		assertThat(cache.get(1, 10, hash(1))).isNull();
		assertThat(cache.get(999, 10, hash(1))).containsExactly(hash(999 % 256));
	}

	@Test
	void noEntriesKeepsNothing() {
		ProofPathCache cache = new ProofPathCache(0);
		cache.put(1, 2, hash(1), List.of(hash(2)));
		assertThat(cache.size()).isZero();
		assertThat(cache.get(1, 2, hash(1))).isNull();
	}

}
