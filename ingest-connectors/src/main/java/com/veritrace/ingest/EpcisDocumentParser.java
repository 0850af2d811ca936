package com.veritrace.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses and validates EPCIS 2.0 JSON-LD: an {@code EPCISDocument}
 * ({@code epcisBody.eventList}), an {@code EPCISQueryDocument}
 * ({@code epcisBody.queryResults.resultsBody.eventList}) or one bare event object. Every
 * violation of the standard found is reported at once in an
 * {@link InvalidEventException}, each with a JSON Pointer. The {@code @context} is read
 * for prefixes only and never fetched. Thread-safe; plain Java + Jackson.
 */
public final class EpcisDocumentParser {

	/**
	 * Prefixes the EPCIS 2.0 context defines that events commonly use without
	 * re-declaring them.
	 */
	static final Map<String, String> STANDARD_PREFIXES = Map.of("cbv", Cbv.WEB_BASE, "gs1", PreHashBuilder.GS1_VOC,
			"cbvmda", "urn:epcglobal:cbv:mda:", "epcis", "https://ref.gs1.org/epcis/", "rdfs",
			"http://www.w3.org/2000/01/rdf-schema#", "xsd", "http://www.w3.org/2001/XMLSchema#", "dcterms",
			"http://purl.org/dc/terms/");

	private final ParserLimits limits;

	private final JsonMapper mapper;

	public EpcisDocumentParser() {
		this(ParserLimits.defaults());
	}

	public EpcisDocumentParser(ParserLimits limits) {
		this.limits = Objects.requireNonNull(limits, "limits");
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(limits.maxDepth())
			.maxDocumentLength(limits.maxDocumentBytes())
			.maxStringLength(limits.maxStringLength())
			.maxNameLength(Math.min(limits.maxStringLength(), 4096))
			.maxNumberLength(64)
			.build();
		// duplicate names are handled by TreeBuilder: allowed (last wins) only for
		// members outside the hash
		JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints).build();
		this.mapper = JsonMapper.builder(factory)
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.build();
	}

	public ParserLimits limits() {
		return this.limits;
	}

	/** Parses UTF-8 JSON text. */
	public EpcisDocument parse(String json) {
		return parse(json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads at most {@code maxDocumentBytes + 1} bytes; a longer stream is refused
	 * without reading the rest.
	 */
	public EpcisDocument parse(InputStream in) {
		try {
			byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.limits.maxDocumentBytes() + 1));
			return parse(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Parses and validates a document.
	 * @throws InvalidEventException listing every violation (malformed JSON and exceeded
	 * limits included)
	 */
	public EpcisDocument parse(byte[] json) {
		return parse(json, false);
	}

	/**
	 * Parses and validates EPCIS 1.2/2.0 XML (an EPCISDocument, EPCISQueryDocument or one
	 * event element). The XML is mapped to the JSON-LD shape first, so violation pointers
	 * name JSON-LD members (e.g. {@code /epcisBody/eventList/0/eventTime}) and the hash
	 * is the same as for the JSON-LD twin. DOCTYPEs are refused.
	 * @throws InvalidEventException listing every violation
	 */
	public EpcisDocument parseXml(byte[] xml) {
		return read(xmlToJsonLd(xml), false);
	}

	/**
	 * The JSON-LD shape of an EPCIS 1.2/2.0 XML document (EPCIS 2.0's XML-JSON mapping;
	 * the XML namespaces become {@code @context} prefixes), not yet validated: what
	 * {@link #parse(byte[])} reads as the same document. Hardened: a DOCTYPE (other than
	 * the bare {@code <!DOCTYPE name>} GS1's examples carry, which declares nothing) is
	 * refused, so no entity is ever expanded or fetched; XInclude is off; size, depth,
	 * element count, attribute and text lengths are limited ({@link XmlLimits}).
	 * @throws InvalidEventException malformed or hostile XML, or a limit passed
	 */
	public ObjectNode xmlToJsonLd(byte[] xml) {
		if (xml.length > this.limits.maxDocumentBytes()) {
			throw invalid("", "document is larger than " + this.limits.maxDocumentBytes() + " bytes");
		}
		try {
			return XmlEpcisReader.toJson(xml, XmlLimits.of(this.limits));
		}
		catch (XmlLimits.LimitExceededException ex) {
			throw invalid("", "document exceeds parser limits: " + ex.getMessage());
		}
		catch (org.xml.sax.SAXException ex) {
			String message = String.valueOf(ex.getMessage());
			throw invalid("",
					message.contains("DOCTYPE") ? XmlLimits.DOCTYPE_REFUSED
							: message.contains("jdk.xml.") || message.contains("JAXP")
									? "document exceeds parser limits: " + firstLine(message)
									: "malformed XML: " + firstLine(message));
		}
	}

	/**
	 * Whether a record or body is XML rather than JSON: its first character that is not
	 * white space is {@code <}, in UTF-8 (with or without a byte order mark) or in UTF-16
	 * (either byte order, with or without a byte order mark; the XML parser reads the
	 * encoding from the mark or the declaration). JSON is always UTF-8 here (RFC 8259).
	 */
	public static boolean looksLikeXml(byte[] body) {
		if (body.length >= 2 && ((body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF
				|| (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE)) {
			return looksLikeXml16(body, 2, (body[0] & 0xff) == 0xFE);
		}
		if (body.length >= 2 && (body[0] == 0 && body[1] != 0 || body[0] != 0 && body[1] == 0)) {
			return looksLikeXml16(body, 0, body[0] == 0);
		}
		int i = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF ? 3
				: 0;
		while (i < body.length && isSpace(body[i])) {
			i++;
		}
		return i < body.length && body[i] == '<';
	}

	private static boolean looksLikeXml16(byte[] body, int start, boolean bigEndian) {
		for (int i = start; i + 1 < body.length; i += 2) {
			int c = bigEndian ? (body[i] & 0xff) << 8 | (body[i + 1] & 0xff)
					: (body[i + 1] & 0xff) << 8 | (body[i] & 0xff);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return c == '<';
			}
		}
		return false;
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r';
	}

	/**
	 * What the public hash tool answers: the events of a document as far as they can be
	 * hashed, with every violation of the standard as a warning. The CBV 2.0 hash is
	 * defined for any event the reference generator reads (e.g. an EPC class inside
	 * {@code epcList}), so a violation that leaves the event's members readable does not
	 * stop its hash; malformed input, an unknown document type, exceeded limits or an
	 * event without a type or time still throw.
	 * @param xml the body is EPCIS XML (else JSON-LD)
	 * @throws InvalidEventException the document cannot be hashed
	 */
	public Hashable parseForHashing(byte[] body, boolean xml) {
		ObjectNode root = xml ? xmlToJsonLd(body) : tree(body);
		try {
			return new Hashable(read(root, false), List.of());
		}
		catch (InvalidEventException strict) {
			Read lenient = readAll(root, true);
			if (lenient.dropped() > 0) {
				throw strict;
			}
			return new Hashable(lenient.document(), strict.violations());
		}
	}

	/**
	 * A document read for hashing only.
	 *
	 * @param document every event, in document order
	 * @param warnings the violations of the standard found (empty for a valid document)
	 */
	public record Hashable(EpcisDocument document, List<Violation> warnings) {

		public Hashable {
			warnings = List.copyOf(warnings);
		}

	}

	/**
	 * Reads at most {@code maxDocumentBytes + 1} bytes, then as
	 * {@link #parseXml(byte[])}.
	 */
	public EpcisDocument parseXml(InputStream in) {
		try {
			return parseXml(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.limits.maxDocumentBytes() + 1)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Test seam: builds events even when they violate the standard (only structurally
	 * unusable events are dropped), so the hash can be compared with the reference
	 * implementation on its deliberately non-conformant examples.
	 */
	EpcisDocument parseWithoutValidation(String json) {
		return parse(json.getBytes(StandardCharsets.UTF_8), true);
	}

	private EpcisDocument parse(byte[] json, boolean lenient) {
		return read(tree(json), lenient);
	}

	private ObjectNode tree(byte[] json) {
		if (json.length > this.limits.maxDocumentBytes()) {
			throw invalid("", "document is larger than " + this.limits.maxDocumentBytes() + " bytes");
		}
		JsonNode root;
		try (JsonParser parser = this.mapper.createParser(json)) {
			root = TreeBuilder.read(parser);
		}
		catch (TreeBuilder.DuplicateMemberException ex) {
			throw invalid(ex.pointer(), ex.getMessage());
		}
		catch (StreamConstraintsException ex) {
			throw invalid("", "document exceeds parser limits: " + firstLine(ex.getOriginalMessage()));
		}
		catch (JacksonException ex) {
			throw invalid("", "malformed JSON: " + firstLine(ex.getOriginalMessage()));
		}
		catch (NumberFormatException ex) {
			// a float whose exponent BigDecimal cannot hold (1E111111111111): Jackson
			// throws it, not a JacksonException
			throw invalid("", "document exceeds parser limits: " + firstLine(String.valueOf(ex.getMessage())));
		}
		if (root == null || !root.isObject()) {
			throw invalid("", "expected a JSON object (EPCISDocument, EPCISQueryDocument or an event)");
		}
		return (ObjectNode) root;
	}

	private EpcisDocument read(ObjectNode root, boolean lenient) {
		Read read = readAll(root, lenient);
		if (!lenient) {
			throwIfAny(read.violations());
		}
		return read.document();
	}

	/** A read document, its violations, and how many events were too broken to keep. */
	private record Read(EpcisDocument document, List<Violation> violations, int dropped) {
	}

	private Read readAll(ObjectNode root, boolean lenient) {
		List<Violation> violations = new ArrayList<>();
		Map<String, String> namespaces = new LinkedHashMap<>(STANDARD_PREFIXES);
		collectPrefixes(root.get("@context"), namespaces);
		String type = root.path("type").asString("");
		EpcisDocument.Kind kind;
		JsonNode eventList;
		String listPointer;
		switch (type) {
			case "EPCISDocument" -> {
				kind = EpcisDocument.Kind.EPCIS_DOCUMENT;
				listPointer = "/epcisBody/eventList";
				eventList = root.path("epcisBody").path("eventList");
				checkHeader(root, violations);
			}
			case "EPCISQueryDocument" -> {
				kind = EpcisDocument.Kind.EPCIS_QUERY_DOCUMENT;
				listPointer = "/epcisBody/queryResults/resultsBody/eventList";
				eventList = root.path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
				checkHeader(root, violations);
			}
			default -> {
				if (EventType.of(type).isEmpty()) {
					throw invalid("/type", type.isEmpty() ? "missing document or event type" : "unknown type '" + type
							+ "'; expected EPCISDocument, EPCISQueryDocument or an event type");
				}
				kind = EpcisDocument.Kind.SINGLE_EVENT;
				EpcisEvent event = new EventReader(root, "", namespaces, violations, lenient).read();
				if (!lenient || event == null) {
					throwIfAny(violations);
				}
				return new Read(new EpcisDocument(kind, List.of(Objects.requireNonNull(event))), violations, 0);
			}
		}
		if (!eventList.isArray()) {
			violations.add(new Violation(listPointer, "required array of events is missing"));
			throw new InvalidEventException(violations);
		}
		if (eventList.size() > this.limits.maxEvents()) {
			throw invalid(listPointer, "more than " + this.limits.maxEvents() + " events (" + eventList.size() + ")");
		}
		List<EpcisEvent> events = new ArrayList<>(eventList.size());
		int dropped = 0;
		int i = 0;
		for (JsonNode node : eventList.values()) {
			String pointer = listPointer + "/" + i++;
			if (!node.isObject()) {
				violations.add(new Violation(pointer, "an event must be a JSON object"));
				continue;
			}
			Map<String, String> eventNamespaces = namespaces;
			if (node.has("@context")) {
				eventNamespaces = new LinkedHashMap<>(namespaces);
				collectPrefixes(node.get("@context"), eventNamespaces);
			}
			EpcisEvent event = new EventReader((ObjectNode) node, pointer, eventNamespaces, violations, lenient).read();
			if (event != null) {
				events.add(event);
			}
			else {
				dropped++;
			}
			if (violations.size() >= this.limits.maxViolations()) {
				violations.add(new Violation(pointer, "too many violations; stopped checking here"));
				dropped += eventList.size() - i;
				break;
			}
		}
		return new Read(new EpcisDocument(kind, events), violations, dropped);
	}

	private static void checkHeader(ObjectNode root, List<Violation> violations) {
		if (!root.has("@context")) {
			violations.add(new Violation("/@context", "required @context is missing"));
		}
		// schemaVersion and creationDate describe the document, not its events (neither
		// is hashed): a document
		// without them, or with schemaVersion as the JSON number 2.0 (as GS1's own
		// samples write it), is accepted;
		// one that names another major version, or a creationDate that is not a date, is
		// not.
		JsonNode version = root.get("schemaVersion");
		if (version != null && !isVersion2(version)) {
			violations.add(new Violation("/schemaVersion", "schemaVersion must be 2.x (\"2.0\" or 2.0)"));
		}
		JsonNode created = root.get("creationDate");
		if (created != null && !EventReader.isDateTime(created)) {
			violations.add(new Violation("/creationDate", "creationDate must be an xsd:dateTime with a time zone"));
		}
		if (!root.path("epcisBody").isObject()) {
			violations.add(new Violation("/epcisBody", "required object epcisBody is missing"));
		}
	}

	private static boolean isVersion2(JsonNode version) {
		if (version.isString()) {
			return version.stringValue().startsWith("2.") || version.stringValue().equals("2");
		}
		return version.isNumber() && version.decimalValue().compareTo(java.math.BigDecimal.valueOf(2)) >= 0
				&& version.decimalValue().compareTo(java.math.BigDecimal.valueOf(3)) < 0;
	}

	/**
	 * Reads prefix -> IRI definitions from a JSON-LD {@code @context}; remote contexts
	 * are only names here.
	 */
	static void collectPrefixes(@Nullable JsonNode context, Map<String, String> namespaces) {
		if (context == null) {
			return;
		}
		if (context.isArray()) {
			for (JsonNode c : context.values()) {
				collectPrefixes(c, namespaces);
			}
		}
		else if (context.isObject()) {
			for (Map.Entry<String, JsonNode> e : context.properties()) {
				JsonNode v = e.getValue();
				String iri = v.isString() ? v.stringValue() : v.path("@id").asString(null);
				if (iri != null && !e.getKey().startsWith("@")) {
					namespaces.put(e.getKey(), iri);
				}
			}
		}
	}

	private static void throwIfAny(List<Violation> violations) {
		if (!violations.isEmpty()) {
			throw new InvalidEventException(violations);
		}
	}

	private static InvalidEventException invalid(String pointer, String reason) {
		return new InvalidEventException(List.of(new Violation(pointer, reason)));
	}

	private static String firstLine(String message) {
		int nl = message.indexOf('\n');
		return nl < 0 ? message : message.substring(0, nl);
	}

}
