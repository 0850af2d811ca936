package com.veritrace.anchor;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Shared test data.
 *
 * <p>
 * The eight entries and all expected hashes in {@link #RFC6962_ROOTS} come from
 * transparency-dev/merkle, proof/verify_test.go ({@code leaves}, {@code roots},
 * {@code inclusionProofs}, {@code consistencyProofs}), the same vectors as Go CT's
 * merkletree tests;
 * https://github.com/transparency-dev/merkle/blob/main/proof/verify_test.go
 */
final class TestData {

	static final HexFormat HEX = HexFormat.of();

	static final List<byte[]> RFC6962_ENTRIES = List.of(h(""), h("00"), h("10"), h("2021"), h("3031"), h("40414243"),
			h("5051525354555657"), h("606162636465666768696a6b6c6d6e6f"));

	/** Roots of the trees of the first 1..8 entries. */
	static final List<String> RFC6962_ROOTS = List.of(
			"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

	static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	private TestData() {
	}

	static byte[] h(String hex) {
		return HEX.parseHex(hex);
	}

	static List<byte[]> hs(String... hex) {
		List<byte[]> out = new ArrayList<>();
		for (String s : hex) {
			out.add(h(s));
		}
		return out;
	}

	/** Deterministic 32-byte entries (event digests) for exhaustive tests. */
	static List<byte[]> entries(int count, HashAlgorithm algorithm) {
		List<byte[]> out = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			out.add(algorithm.digest(("event-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		return out;
	}

	static MerkleLog logOf(List<byte[]> entries, LogHasher hasher, NodeStore store) {
		MerkleLog log = new MerkleLog(hasher, store);
		for (byte[] entry : entries) {
			log.append(entry);
		}
		return log;
	}

}
