package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.veritrace.codes.EpcUris;

/**
 * The keys under which the EPCIS query index ({@code trace_event_epc}, migration V25)
 * files the identifiers an event names: an EPC URN, an LGTIN class, an ID pattern or a
 * Digital Link on any domain all become the canonical {@code https://id.gs1.org} Digital
 * Link of the CBV 2.0 event hash ({@link EpcUris#toEventHashForm(String)}), so that a
 * query in one form finds events captured in the other. A URI that is no GS1 identifier
 * is its own key; a key longer than {@value #MAX_KEY} characters is replaced by its
 * SHA-256.
 * <p>
 * Public for the V25 migration, which fills the index for events stored before it.
 */
public final class EpcKeys {

	static final int MAX_KEY = 255;

	/** The role of an identifier in its event, one letter in the index. */
	public enum Role {

		/** {@code epcList} or {@code childEPCs}. */
		EPC('E'),
		/** {@code parentID}. */
		PARENT('P'),
		/** {@code inputEPCList}. */
		INPUT('I'),
		/** {@code outputEPCList}. */
		OUTPUT('O'),
		/** the class of a {@code quantityList} or {@code childQuantityList} element. */
		CLASS('Q'),
		/** the class of an {@code inputQuantityList} element. */
		INPUT_CLASS('J'),
		/** the class of an {@code outputQuantityList} element. */
		OUTPUT_CLASS('K');

		private final char code;

		Role(char code) {
			this.code = code;
		}

		public String code() {
			return String.valueOf(this.code);
		}

	}

	/** One index row of an event: key and role. */
	public record Entry(String key, Role role) {
	}

	private EpcKeys() {
	}

	/** The index key of an identifier. */
	public static String key(String uri) {
		String text = uri.strip();
		String key;
		try {
			key = EpcUris.toEventHashForm(text).orElse(text);
		}
		catch (RuntimeException ex) {
			key = text; // malformed EPC URN: kept as written
		}
		return key.length() <= MAX_KEY ? key : "sha-256:" + sha256(key);
	}

	/** The index rows of an event's JSON (no duplicates). */
	public static List<Entry> entries(JsonNode event) {
		Set<Entry> out = new LinkedHashSet<>();
		list(event, "epcList", Role.EPC, out);
		list(event, "childEPCs", Role.EPC, out);
		list(event, "inputEPCList", Role.INPUT, out);
		list(event, "outputEPCList", Role.OUTPUT, out);
		JsonNode parent = event.get("parentID");
		if (parent != null && parent.isString()) {
			out.add(new Entry(key(parent.asString()), Role.PARENT));
		}
		classes(event, "quantityList", Role.CLASS, out);
		classes(event, "childQuantityList", Role.CLASS, out);
		classes(event, "inputQuantityList", Role.INPUT_CLASS, out);
		classes(event, "outputQuantityList", Role.OUTPUT_CLASS, out);
		return new ArrayList<>(out);
	}

	/** The identifiers of one role in an event's JSON, as written. */
	static List<String> values(JsonNode event, Role role) {
		List<String> out = new ArrayList<>();
		switch (role) {
			case EPC -> {
				strings(event.get("epcList"), out);
				strings(event.get("childEPCs"), out);
			}
			case INPUT -> strings(event.get("inputEPCList"), out);
			case OUTPUT -> strings(event.get("outputEPCList"), out);
			case PARENT -> {
				JsonNode parent = event.get("parentID");
				if (parent != null && parent.isString()) {
					out.add(parent.asString());
				}
			}
			case CLASS -> {
				classStrings(event.get("quantityList"), out);
				classStrings(event.get("childQuantityList"), out);
			}
			case INPUT_CLASS -> classStrings(event.get("inputQuantityList"), out);
			case OUTPUT_CLASS -> classStrings(event.get("outputQuantityList"), out);
		}
		return out;
	}

	private static void list(JsonNode event, String name, Role role, Set<Entry> out) {
		List<String> values = new ArrayList<>();
		strings(event.get(name), values);
		values.forEach(v -> out.add(new Entry(key(v), role)));
	}

	private static void classes(JsonNode event, String name, Role role, Set<Entry> out) {
		List<String> values = new ArrayList<>();
		classStrings(event.get(name), values);
		values.forEach(v -> out.add(new Entry(key(v), role)));
	}

	private static void strings(JsonNode array, List<String> out) {
		if (array != null && array.isArray()) {
			for (JsonNode value : array) {
				if (value.isString()) {
					out.add(value.asString());
				}
			}
		}
	}

	private static void classStrings(JsonNode array, List<String> out) {
		if (array != null && array.isArray()) {
			for (JsonNode element : array) {
				JsonNode epcClass = element.get("epcClass");
				if (epcClass != null && epcClass.isString()) {
					out.add(epcClass.asString());
				}
			}
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
