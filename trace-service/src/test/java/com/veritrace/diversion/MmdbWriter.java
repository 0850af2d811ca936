package com.veritrace.diversion;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A minimal writer of MaxMind DB files (format 2.0, IPv4 trees, 24-bit records), for
 * tests: no writer library is served on Maven Central. It writes what the reader needs
 * and nothing more: maps, arrays, UTF-8 strings, unsigned integers up to 32 bits and
 * uint64 for the metadata. Specification: "MaxMind DB File Format Specification" 2.0.
 */
final class MmdbWriter {

	private static final byte[] METADATA_MARKER = { (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n',
			'd', '.', 'c', 'o', 'm' };

	/** A network and its record. */
	record Entry(String network, int prefixLength, Map<String, Object> record) {
	}

	private MmdbWriter() {
	}

	static byte[] write(List<Entry> entries) throws Exception {
		// the data section: one record per entry, at these offsets
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		List<Integer> offsets = new ArrayList<>();
		for (Entry e : entries) {
			offsets.add(data.size());
			encode(data, e.record());
		}
		// the search tree: node i has records tree[i][0] (bit 0) and tree[i][1] (bit 1);
		// -1: empty, -2 - k: the data of entry k, otherwise a node
		List<long[]> tree = new ArrayList<>();
		tree.add(new long[] { -1, -1 });
		for (int k = 0; k < entries.size(); k++) {
			byte[] address = InetAddress.getByName(entries.get(k).network()).getAddress();
			int node = 0;
			int bits = entries.get(k).prefixLength();
			for (int depth = 0; depth < bits; depth++) {
				int bit = (address[depth / 8] >> (7 - depth % 8)) & 1;
				if (depth == bits - 1) {
					tree.get(node)[bit] = -2 - k;
				}
				else {
					if (tree.get(node)[bit] < 0) {
						tree.add(new long[] { -1, -1 });
						tree.get(node)[bit] = tree.size() - 1;
					}
					node = (int) tree.get(node)[bit];
				}
			}
		}
		int nodeCount = tree.size();
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		for (long[] node : tree) {
			for (long r : node) {
				long value = r == -1 ? nodeCount : r <= -2 ? nodeCount + 16 + offsets.get((int) (-2 - r)) : r;
				file.write((int) (value >> 16) & 0xFF);
				file.write((int) (value >> 8) & 0xFF);
				file.write((int) value & 0xFF);
			}
		}
		file.write(new byte[16]);
		file.write(data.toByteArray());
		file.write(METADATA_MARKER);
		Map<String, Object> metadata = new java.util.LinkedHashMap<>();
		metadata.put("binary_format_major_version", new U16(2));
		metadata.put("binary_format_minor_version", new U16(0));
		metadata.put("build_epoch", new U64(1_765_000_000L));
		metadata.put("database_type", "Veritrace-Test-City");
		metadata.put("description", Map.of("en", "test regions"));
		metadata.put("ip_version", new U16(4));
		metadata.put("languages", List.of("en"));
		metadata.put("node_count", (long) nodeCount);
		metadata.put("record_size", new U16(24));
		encode(file, metadata);
		return file.toByteArray();
	}

	record U16(int value) {
	}

	record U64(long value) {
	}

	private static void encode(ByteArrayOutputStream out, Object value) {
		if (value instanceof String s) {
			byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
			control(out, 2, bytes.length);
			out.writeBytes(bytes);
		}
		else if (value instanceof Map<?, ?> map) {
			control(out, 7, map.size());
			for (Map.Entry<?, ?> e : map.entrySet()) {
				encode(out, e.getKey());
				encode(out, e.getValue());
			}
		}
		else if (value instanceof List<?> list) {
			control(out, 11, list.size());
			list.forEach(v -> encode(out, v));
		}
		else if (value instanceof U16 u) {
			unsigned(out, 5, u.value(), 2);
		}
		else if (value instanceof U64 u) {
			unsigned(out, 9, u.value(), 8);
		}
		else if (value instanceof Long l) {
			unsigned(out, 6, l, 4);
		}
		else {
			throw new IllegalArgumentException("not encodable here: " + value);
		}
	}

	private static void unsigned(ByteArrayOutputStream out, int type, long value, int width) {
		int size = 0;
		for (long v = value; v != 0; v >>>= 8) {
			size++;
		}
		if (size > width) {
			throw new IllegalArgumentException(value + " does not fit");
		}
		control(out, type, size);
		for (int i = size - 1; i >= 0; i--) {
			out.write((int) (value >>> (8 * i)) & 0xFF);
		}
	}

	/** A control byte (and the extended type byte), then the size's extra bytes. */
	private static void control(ByteArrayOutputStream out, int type, int size) {
		int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65_821 ? 30 : 31;
		if (type <= 7) {
			out.write((type << 5) | sizeBits);
		}
		else {
			out.write(sizeBits);
			out.write(type - 7);
		}
		if (sizeBits == 29) {
			out.write(size - 29);
		}
		else if (sizeBits == 30) {
			out.write((size - 285) >> 8);
			out.write((size - 285) & 0xFF);
		}
		else if (sizeBits == 31) {
			int rest = size - 65_821;
			out.write(rest >> 16);
			out.write((rest >> 8) & 0xFF);
			out.write(rest & 0xFF);
		}
	}

}
