package com.veritrace.anchor.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/** Copying and printing of hash lists for the value records. */
public final class Hashes {

	private static final HexFormat HEX = HexFormat.of();

	private Hashes() {
	}

	public static List<byte[]> copyOf(List<byte[]> hashes) {
		List<byte[]> copy = new ArrayList<>(hashes.size());
		for (byte[] hash : hashes) {
			copy.add(hash.clone());
		}
		return Collections.unmodifiableList(copy);
	}

	public static boolean equal(List<byte[]> a, List<byte[]> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (!Arrays.equals(a.get(i), b.get(i))) {
				return false;
			}
		}
		return true;
	}

	public static int hash(List<byte[]> hashes) {
		int result = 1;
		for (byte[] hash : hashes) {
			result = 31 * result + Arrays.hashCode(hash);
		}
		return result;
	}

	public static String hex(List<byte[]> hashes) {
		return hashes.stream().map(HEX::formatHex).toList().toString();
	}

}
