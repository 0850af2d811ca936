package com.veritrace.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import com.veritrace.codes.EventHashForm;

/**
 * Builds the CBV 2.0 (§8.9) canonical pre-hash string of one EPCIS 2.0 JSON-LD event,
 * agreeing with the GS1 reference implementation (RalphTro/epcis-event-hash-generator) on
 * its golden files. Where the written algorithm and the reference disagree, the reference
 * wins (see {@code EventHasherTests}):
 * <ul>
 * <li>only the fields of {@link #ORDER} are emitted in that fixed order; everything else
 * that takes part (bizTransactionList, destinationList, ilmd, sourceList, user
 * extensions) follows as one group sorted by code point, so {@code destinationList} comes
 * before {@code sourceList} and {@code ilmd} before {@code sourceList};</li>
 * <li>{@code certificationInfo} follows {@code eventTimeZoneOffset};
 * {@code sensorElementList} is included;</li>
 * <li>timestamps are converted to UTC and rounded half-even to milliseconds; numbers lose
 * trailing zeros.</li>
 * </ul>
 * Excluded: eventID (and the JSON-LD {@code id}), recordTime, errorDeclaration, type,
 * comments, {@code @context}.
 */
final class PreHashBuilder {

	/**
	 * Standard fields in the canonical order (CBV 2.0 §8.9.2 as the reference emits
	 * them).
	 */
	private static final List<String> ORDER = List.of("eventTime", "eventTimeZoneOffset", "certificationInfo",
			"epcList", "parentID", "inputEPCList", "childEPCs", "quantityList", "childQuantityList",
			"inputQuantityList", "outputEPCList", "outputQuantityList", "action", "transformationID", "bizStep",
			"disposition", "persistentDisposition", "readPoint", "bizLocation", "sensorElementList");

	/**
	 * Not part of the hash. {@code id} (the JSON-LD node id, used by GS1's simple-context
	 * examples to carry the event hash ID itself) is treated like eventID: an event's
	 * identity cannot contain its identity. The reference has no vector with it.
	 */
	private static final Set<String> IGNORED = Set.of("id", "eventID", "recordTime", "type", "errorDeclaration",
			"@context", "rdfs:comment", "comment", "#text");

	private static final List<String> SENSOR_METADATA_ORDER = List.of("time", "startTime", "endTime", "deviceID",
			"deviceMetadata", "rawData", "dataProcessingMethod", "bizRules");

	private static final List<String> SENSOR_REPORT_ORDER = List.of("type", "exception", "deviceID", "deviceMetadata",
			"rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value", "component",
			"stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
			"percRank", "percValue", "uom", "coordinateReferenceSystem");

	private static final List<String> QUANTITY_ORDER = List.of("epcClass", "quantity", "uom");

	/**
	 * The EPCIS 2.0 context binds {@code gs1:} here; sensor types and exceptions are
	 * words of this vocabulary.
	 */
	static final String GS1_VOC = "https://gs1.org/voc/";

	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private static final Pattern CURIE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*):(.*)", Pattern.DOTALL);

	private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** Python's str ordering: by code point. */
	static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int ca = a.codePointAt(i);
			int cb = b.codePointAt(j);
			if (ca != cb) {
				return Integer.compare(ca, cb);
			}
			i += Character.charCount(ca);
			j += Character.charCount(cb);
		}
		return Integer.compare(a.length() - i, b.length() - j);
	};

	private final Map<String, String> namespaces;

	private PreHashBuilder(Map<String, String> namespaces) {
		this.namespaces = namespaces;
	}

	/**
	 * The pre-hash string of {@code event}; {@code namespaces} maps the JSON-LD prefixes
	 * in scope to their IRIs.
	 */
	static String preHash(JsonNode event, Map<String, String> namespaces) {
		return new PreHashBuilder(namespaces).build(event);
	}

	private String build(JsonNode event) {
		StringBuilder sb = new StringBuilder("eventType=").append(event.path("type").asString("").strip());
		List<String> rest = new ArrayList<>();
		for (String name : ORDER) {
			JsonNode value = event.get(name);
			if (value != null) {
				Leftovers leftovers = new Leftovers(name);
				sb.append(orderedField(name, value, leftovers));
				if (!leftovers.isEmpty()) {
					rest.add(leftovers.render());
				}
			}
		}
		for (Map.Entry<String, JsonNode> e : event.properties()) {
			String key = e.getKey();
			if (ORDER.contains(key) || IGNORED.contains(key) || key.startsWith("@")) {
				continue;
			}
			switch (key) {
				case "bizTransactionList" ->
					addIfNotEmpty(rest, key, typedList(e.getValue(), "bizTransaction", Cbv.BIZ_TRANSACTION_TYPE));
				case "sourceList" ->
					addIfNotEmpty(rest, key, typedList(e.getValue(), "source", Cbv.SOURCE_DESTINATION_TYPE));
				case "destinationList" ->
					addIfNotEmpty(rest, key, typedList(e.getValue(), "destination", Cbv.SOURCE_DESTINATION_TYPE));
				default -> rest.addAll(generic(key, e.getValue()));
			}
		}
		rest.sort(CODE_POINT_ORDER);
		rest.forEach(sb::append);
		return sb.toString();
	}

	/**
	 * Members of a standard structure that the canonical order does not place inline
	 * (anything but a user extension in a namespace ending with '/'): the reference
	 * leaves them in its tree and emits them afterwards, with the path of the structure,
	 * among the sorted rest of the event
	 * ({@code sensorElementListsensorElementsensorReportbizRules=…}).
	 */
	private static final class Leftovers {

		private final String name;

		private final List<String> leaves = new ArrayList<>();

		private final List<Leftovers> children = new ArrayList<>();

		Leftovers(String name) {
			this.name = name;
		}

		Leftovers child(String childName) {
			Leftovers child = new Leftovers(childName);
			this.children.add(child);
			return child;
		}

		boolean isEmpty() {
			return this.leaves.isEmpty() && this.children.stream().allMatch(Leftovers::isEmpty);
		}

		String render() {
			List<String> parts = new ArrayList<>(this.leaves);
			this.children.stream().filter(c -> !c.isEmpty()).map(Leftovers::render).forEach(parts::add);
			parts.sort(CODE_POINT_ORDER);
			return this.name + String.join("", parts);
		}

	}

	private String orderedField(String name, JsonNode value, Leftovers leftovers) {
		return switch (name) {
			case "epcList", "inputEPCList", "outputEPCList", "childEPCs" ->
				list(name, value, v -> scalar("epc", v, null));
			case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList" ->
				list(name, value, v -> structured("quantityElement", v, QUANTITY_ORDER, leftovers));
			case "certificationInfo" -> String.join("", sortedOf(value, v -> scalar(name, v, null)));
			case "bizStep" -> scalar(name, value, Cbv.BIZ_STEP);
			case "disposition" -> scalar(name, value, Cbv.DISPOSITION);
			case "persistentDisposition" -> {
				String inner = String.join("", sortedOf(value.path("set"), v -> scalar("set", v, Cbv.DISPOSITION)))
						+ String.join("", sortedOf(value.path("unset"), v -> scalar("unset", v, Cbv.DISPOSITION)));
				yield inner.isEmpty() ? "" : name + inner;
			}
			case "readPoint", "bizLocation" -> structuredInPlace(name, value, List.of("id"), leftovers);
			case "sensorElementList" -> list(name, value, v -> sensorElement(v, leftovers.child("sensorElement")));
			default -> scalar(name, value, null);
		};
	}

	private String sensorElement(JsonNode element, Leftovers leftovers) {
		if (!element.isObject()) {
			return "";
		}
		StringBuilder sb = new StringBuilder();
		JsonNode metadata = element.get("sensorMetadata");
		if (metadata != null) {
			sb.append(structured("sensorMetadata", metadata, SENSOR_METADATA_ORDER, leftovers));
		}
		JsonNode reports = element.get("sensorReport");
		if (reports != null) {
			sortedOf(reports, r -> structured("sensorReport", r, SENSOR_REPORT_ORDER, leftovers)).forEach(sb::append);
		}
		sb.append(extensions(element, Set.of("sensorMetadata", "sensorReport"), leftovers));
		return sb.isEmpty() ? "" : "sensorElement" + sb;
	}

	/** A structure nested in {@code parent}'s leftovers under its own name. */
	private String structured(String name, JsonNode node, List<String> order, Leftovers parent) {
		return structuredInPlace(name, node, order, parent.child(name));
	}

	/**
	 * {@code name} + its known children in {@code order} + its inline user extensions
	 * sorted.
	 */
	private String structuredInPlace(String name, JsonNode node, List<String> order, Leftovers leftovers) {
		if (!node.isObject()) {
			return scalar(name, node, null);
		}
		StringBuilder sb = new StringBuilder();
		for (String child : order) {
			JsonNode v = node.get(child);
			if (v != null) {
				sortedOf(v, x -> scalar(child, x, null)).forEach(sb::append);
			}
		}
		sb.append(extensions(node, Set.copyOf(order), leftovers));
		return sb.isEmpty() ? "" : name + sb;
	}

	/**
	 * Inline user extensions of a standard structure, sorted; other unknown members go to
	 * {@code leftovers}. As in the reference, a structure with a single member gathers
	 * nothing inline.
	 */
	private String extensions(JsonNode node, Set<String> known, Leftovers leftovers) {
		List<String> ext = new ArrayList<>();
		boolean gather = node.size() > 1;
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			String key = e.getKey();
			if (known.contains(key) || IGNORED.contains(key) || key.startsWith("@")) {
				continue;
			}
			String expanded = expandKey(key);
			if (gather && expanded.startsWith("{") && expanded.contains("/}")) {
				ext.addAll(generic(key, e.getValue()));
			}
			else {
				leftovers.leaves.addAll(generic(key, e.getValue()));
			}
		}
		ext.sort(CODE_POINT_ORDER);
		return String.join("", ext);
	}

	/** Members of a user extension (everything is rendered, sorted). */
	private String extensionMembers(JsonNode node, Set<String> skip) {
		List<String> ext = new ArrayList<>();
		for (Map.Entry<String, JsonNode> e : node.properties()) {
			if (!skip.contains(e.getKey()) && !IGNORED.contains(e.getKey()) && !e.getKey().startsWith("@")) {
				ext.addAll(generic(e.getKey(), e.getValue()));
			}
		}
		ext.sort(CODE_POINT_ORDER);
		return String.join("", ext);
	}

	/**
	 * bizTransactionList / sourceList / destinationList: each element {@code type=T} then
	 * {@code <valueKey>=V}.
	 */
	private String typedList(JsonNode list, String valueKey, Cbv typeVocabulary) {
		return String.join("", sortedOf(list, element -> {
			if (!element.isObject()) {
				return scalar(valueKey, element, null);
			}
			String type = element.has("type") ? scalar("type", element.get("type"), typeVocabulary) : "";
			String value = element.has(valueKey) ? scalar(valueKey, element.get(valueKey), null) : "";
			return type + value + extensionMembers(element, Set.of("type", valueKey));
		}));
	}

	private String list(String name, JsonNode value, java.util.function.Function<JsonNode, String> element) {
		String inner = String.join("", sortedOf(value, element));
		return inner.isEmpty() ? "" : name + inner;
	}

	private static List<String> sortedOf(JsonNode value, java.util.function.Function<JsonNode, String> render) {
		List<String> out = new ArrayList<>();
		if (value.isArray()) {
			for (JsonNode v : value.values()) {
				String s = render.apply(v);
				if (!s.isEmpty()) {
					out.add(s);
				}
			}
		}
		else if (!value.isMissingNode()) {
			String s = render.apply(value);
			if (!s.isEmpty()) {
				out.add(s);
			}
		}
		out.sort(CODE_POINT_ORDER);
		return out;
	}

	private static void addIfNotEmpty(List<String> out, String name, String inner) {
		if (!inner.isEmpty()) {
			out.add(name + inner);
		}
	}

	/** {@code key=value} of a standard scalar field, or "" when empty. */
	private String scalar(String key, JsonNode node, @Nullable Cbv vocabulary) {
		String text = text(node);
		if (text.isEmpty()) {
			return "";
		}
		String lower = key.toLowerCase(java.util.Locale.ROOT);
		if (lower.contains("time") && !lower.contains("offset")) {
			return key + "=" + timestamp(text);
		}
		text = expandCurie(text);
		if (vocabulary != null) {
			text = vocabulary.expandBareWord(text);
		}
		else if (key.equals("type") || key.equals("exception")) {
			// sensorReport type / exception: words of the GS1 web vocabulary
			text = isBareWord(text) ? GS1_VOC + text : text;
		}
		else if (key.equals("component")) {
			text = isBareWord(text) ? Cbv.WEB_BASE + "Comp-" + text : text;
		}
		return key + "=" + canonicalValue(text);
	}

	/**
	 * User extension or other non-standard member: python-reference "generic" rendering.
	 */
	private List<String> generic(String key, JsonNode value) {
		String name = expandKey(key);
		List<String> out = new ArrayList<>();
		if (value.isArray()) {
			for (JsonNode v : value.values()) {
				out.addAll(generic(key, v));
			}
			return out;
		}
		if (value.isObject()) {
			StringBuilder sb = new StringBuilder(name);
			JsonNode text = value.get("#text");
			if (text != null && !text(text).isEmpty()) {
				sb.append('=').append(canonicalValue(expandCurie(text(text))));
			}
			sb.append(extensionMembers(value, Set.of()));
			out.add(sb.toString());
			return out;
		}
		String text = text(value);
		out.add(text.isEmpty() ? name : name + "=" + canonicalValue(expandCurie(text)));
		return out;
	}

	private String expandKey(String key) {
		Matcher m = CURIE.matcher(key);
		if (m.matches()) {
			String iri = this.namespaces.get(m.group(1));
			if (iri != null) {
				return "{" + iri + "}" + m.group(2);
			}
		}
		return key;
	}

	/**
	 * Expands CURIEs of the standard GS1 vocabularies (cbv:, gs1:); user-namespace CURIEs
	 * stay as they are.
	 */
	private String expandCurie(String value) {
		Matcher m = CURIE.matcher(value);
		if (m.matches()) {
			String iri = this.namespaces.get(m.group(1));
			if (iri != null && (iri.startsWith("https://ref.gs1.org") || iri.startsWith("https://gs1.org"))) {
				return iri + m.group(2);
			}
		}
		return value;
	}

	private static String text(JsonNode node) {
		if (node.isNull() || node.isMissingNode() || node.isContainer()) {
			return "";
		}
		if (node.isBoolean()) {
			return node.booleanValue() ? "true" : "false";
		}
		return node.asString().strip();
	}

	private static boolean isBareWord(String value) {
		return value.indexOf(':') < 0 && value.indexOf('/') < 0;
	}

	/**
	 * URN vocabulary -> web vocabulary, number normalisation, identifier -> canonical
	 * Digital Link.
	 */
	static String canonicalValue(String text) {
		String value = text.replace("urn:epcglobal:cbv:bizstep:", Cbv.WEB_BASE + "BizStep-")
			.replace("urn:epcglobal:cbv:disp:", Cbv.WEB_BASE + "Disp-")
			.replace("urn:epcglobal:cbv:btt:", Cbv.WEB_BASE + "BTT-")
			.replace("urn:epcglobal:cbv:sdt:", Cbv.WEB_BASE + "SDT-")
			.replace("urn:epcglobal:cbv:er:", Cbv.WEB_BASE + "ER-");
		String number = number(value);
		if (number != null) {
			return number;
		}
		String link = EventHashForm.canonical(value);
		return link != null ? link : value;
	}

	/**
	 * Python {@code str(float(x))} with integral values printed without ".0" (the
	 * reference's number rule): {@code 26.0 -> 26}, {@code 0.100 -> 0.1}, {@code 1e-05}
	 * stays in exponent form. {@code null} if not a number.
	 */
	static @Nullable String number(String text) {
		if (!NUMBER.matcher(text).matches()) {
			return null;
		}
		double d = Double.parseDouble(text);
		if (Double.isInfinite(d) || Double.isNaN(d)) {
			return null;
		}
		if (d == Math.rint(d)) {
			return new BigDecimal(d).toBigInteger().toString();
		}
		BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
		int exponent = bd.precision() - bd.scale() - 1;
		if (exponent < -4) {
			String digits = bd.unscaledValue().abs().toString();
			String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
			String exp = String.format("%02d", -exponent);
			return (bd.signum() < 0 ? "-" : "") + mantissa + "e-" + exp;
		}
		return bd.toPlainString();
	}

	/**
	 * UTC, milliseconds, rounded half-even from microseconds (the reference rounds;
	 * …03.1415Z -> …03.142Z).
	 */
	static String timestamp(String text) {
		Instant instant;
		try {
			instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				instant = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex2) {
				return text;
			}
		}
		long micros = instant.getNano() / 1000;
		long millis = micros / 1000;
		long rest = micros % 1000;
		if (rest > 500 || (rest == 500 && millis % 2 == 1)) {
			millis++;
		}
		return UTC_MILLIS.format(Instant.ofEpochSecond(instant.getEpochSecond(), millis * 1_000_000L));
	}

}
