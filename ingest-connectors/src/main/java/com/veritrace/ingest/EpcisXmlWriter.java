package com.veritrace.ingest;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes stored EPCIS 2.0 events (their JSON-LD) as an EPCIS 2.0 XML
 * {@code EPCISQueryDocument} ({@code urn:epcglobal:epcis-query:xsd:2}, events in
 * {@code EPCISBody/QueryResults/resultsBody/EventList}), following the standard's
 * JSON-LD/XML correspondence: standard members as un-namespaced elements in the XSD's
 * order; sensorMetadata and sensorReport fields as attributes; CBV values as the caller
 * asks ({@link Cbv.XmlForm}; bare words, which have no XML form, as their web URIs); user
 * extensions as elements (or, inside sensor metadata and reports, attributes) in the
 * namespaces the event's {@code @context} binds their prefixes to, declared on the event
 * element. The output validates against GS1's EPCIS 2.0 XSDs and reads back
 * ({@link EpcisDocumentParser#parseXml}) to events with the same CBV 2.0 hash. Plain
 * Java; thread-safe.
 */
public final class EpcisXmlWriter {

	/** The namespace of EPCIS 2.0 query documents. */
	public static final String QUERY_NAMESPACE = "urn:epcglobal:epcis-query:xsd:2";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

	private static final List<String> HEAD = List.of("eventTime", "recordTime", "eventTimeZoneOffset", "eventID",
			"errorDeclaration", "certificationInfo");

	private static final Map<String, List<String>> BODY = Map.of("ObjectEvent",
			List.of("epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList",
					"quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
					"ilmd"),
			"AggregationEvent",
			List.of("parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation",
					"bizTransactionList", "childQuantityList", "sourceList", "destinationList", "sensorElementList",
					"persistentDisposition"),
			"TransactionEvent",
			List.of("bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint",
					"bizLocation", "quantityList", "sourceList", "destinationList", "sensorElementList",
					"persistentDisposition"),
			"TransformationEvent", List.of("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
					"transformationID", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList",
					"sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd"),
			"AssociationEvent",
			List.of("parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
					"bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList",
					"persistentDisposition"));

	private static final Set<String> EPC_LISTS = Set.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");

	private static final Set<String> QUANTITY_LISTS = Set.of("quantityList", "childQuantityList", "inputQuantityList",
			"outputQuantityList");

	/**
	 * The query document for events given as their stored JSON-LD text, in the order
	 * given.
	 * @param queryName the {@code queryName} element (e.g. {@code SimpleEventQuery})
	 */
	public byte[] queryDocument(List<String> events, String queryName, Instant creationDate) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(events, queryName, creationDate, out);
		return out.toByteArray();
	}

	/**
	 * As {@link #queryDocument}, to a stream (left open), CBV values as captured (bare
	 * words and CURIEs as web URIs).
	 */
	public void write(List<String> events, String queryName, Instant creationDate, OutputStream out) {
		write(events, queryName, creationDate, out, Cbv.XmlForm.AS_CAPTURED);
	}

	/**
	 * As {@link #queryDocument}, to a stream (left open), the standard vocabularies'
	 * values (bizStep, disposition, persistentDisposition, business transaction, source
	 * and destination types, error reason) in the form asked
	 * ({@code GS1-CBV-XML-Format}); user vocabulary values as captured.
	 */
	public void write(List<String> events, String queryName, Instant creationDate, OutputStream out,
			Cbv.XmlForm cbvForm) {
		try {
			XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
			xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
			xml.writeStartElement("epcisq", "EPCISQueryDocument", QUERY_NAMESPACE);
			xml.writeNamespace("epcisq", QUERY_NAMESPACE);
			xml.writeNamespace("xsi", XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI);
			xml.writeAttribute("schemaVersion", "2.0");
			xml.writeAttribute("creationDate", creationDate.toString());
			xml.writeStartElement("EPCISBody");
			xml.writeStartElement("epcisq", "QueryResults", QUERY_NAMESPACE);
			text(xml, "queryName", queryName);
			xml.writeStartElement("resultsBody");
			xml.writeStartElement("EventList");
			for (String event : events) {
				new EventWriter(xml, (tools.jackson.databind.node.ObjectNode) JSON.readTree(event), cbvForm).write();
			}
			xml.writeEndElement();
			xml.writeEndElement();
			xml.writeEndElement();
			xml.writeEndElement();
			xml.writeEndElement();
			xml.writeEndDocument();
			xml.flush();
			xml.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("cannot write EPCIS XML", ex);
		}
	}

	private static void text(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
		xml.writeStartElement(name);
		xml.writeCharacters(value);
		xml.writeEndElement();
	}

	/** JSON-LD lets a list of one be written as the value alone. */
	private static List<JsonNode> items(JsonNode value) {
		return value.isArray() ? List.copyOf(value.values()) : List.of(value);
	}

	private static String scalar(JsonNode value) {
		if (value.isBigDecimal() || value.isDouble() || value.isFloat()) {
			return value.decimalValue().toPlainString();
		}
		return value.isNull() ? "" : value.asString();
	}

	/** One event: its namespaces (prefix -> IRI) and its elements. */
	private static final class EventWriter {

		private final XMLStreamWriter xml;

		private final tools.jackson.databind.node.ObjectNode event;

		private final Map<String, String> prefixes = new LinkedHashMap<>(EpcisDocumentParser.STANDARD_PREFIXES);

		/** Namespaces declared on the event element: IRI -> prefix. */
		private final Map<String, String> declared = new LinkedHashMap<>();

		private final Cbv.XmlForm cbvForm;

		EventWriter(XMLStreamWriter xml, tools.jackson.databind.node.ObjectNode event, Cbv.XmlForm cbvForm) {
			this.xml = xml;
			this.event = event;
			this.cbvForm = cbvForm;
			EpcisDocumentParser.collectPrefixes(event.get("@context"), this.prefixes);
		}

		void write() throws XMLStreamException {
			String type = this.event.path("type").asString("");
			List<String> body = BODY.getOrDefault(type, List.of());
			collectNamespaces(this.event);
			this.xml.writeStartElement(type);
			for (Map.Entry<String, String> ns : this.declared.entrySet()) {
				this.xml.writeNamespace(ns.getValue(), ns.getKey());
			}
			for (String member : HEAD) {
				member(member);
			}
			for (String member : body) {
				member(member);
			}
			for (Map.Entry<String, JsonNode> e : this.event.properties()) {
				String key = e.getKey();
				// type is the element name; id is the JSON-LD node identifier (no XML
				// form)
				if (!key.startsWith("@") && !key.equals("type") && !key.equals("id") && !HEAD.contains(key)
						&& !body.contains(key)) {
					extension(key, e.getValue());
				}
			}
			this.xml.writeEndElement();
		}

		private void member(String name) throws XMLStreamException {
			JsonNode value = this.event.get(name);
			if (value == null || value.isNull()) {
				return;
			}
			if (EPC_LISTS.contains(name)) {
				this.xml.writeStartElement(name);
				for (JsonNode epc : items(value)) {
					text(this.xml, "epc", scalar(epc));
				}
				this.xml.writeEndElement();
				return;
			}
			if (QUANTITY_LISTS.contains(name)) {
				this.xml.writeStartElement(name);
				for (JsonNode q : items(value)) {
					quantityElement(q);
				}
				this.xml.writeEndElement();
				return;
			}
			switch (name) {
				case "bizStep" -> text(this.xml, name, Cbv.BIZ_STEP.xml(scalar(value), this.cbvForm));
				case "disposition" -> text(this.xml, name, Cbv.DISPOSITION.xml(scalar(value), this.cbvForm));
				case "readPoint", "bizLocation" -> location(name, value);
				case "bizTransactionList" -> typedList(name, "bizTransaction", value, Cbv.BIZ_TRANSACTION_TYPE);
				case "sourceList" -> typedList(name, "source", value, Cbv.SOURCE_DESTINATION_TYPE);
				case "destinationList" -> typedList(name, "destination", value, Cbv.SOURCE_DESTINATION_TYPE);
				case "sensorElementList" -> sensorElements(value);
				case "persistentDisposition" -> persistentDisposition(value);
				case "ilmd" -> container(name, value);
				case "errorDeclaration" -> errorDeclaration(value);
				case "certificationInfo" -> {
					for (JsonNode info : value.isArray() ? value.values() : List.of(value)) {
						text(this.xml, name, scalar(info));
					}
				}
				default -> text(this.xml, name, scalar(value));
			}
		}

		private void quantityElement(JsonNode q) throws XMLStreamException {
			this.xml.writeStartElement("quantityElement");
			text(this.xml, "epcClass", q.path("epcClass").asString(""));
			JsonNode quantity = q.get("quantity");
			if (quantity == null || quantity.isNull()) {
				this.xml.writeEmptyElement("quantity");
				this.xml.writeAttribute("xsi", XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "nil", "true");
			}
			else {
				text(this.xml, "quantity",
						quantity.isNumber() ? quantity.decimalValue().toPlainString() : quantity.asString());
			}
			if (q.hasNonNull("uom")) {
				text(this.xml, "uom", scalar(q.get("uom")));
			}
			this.xml.writeEndElement();
		}

		private void location(String name, JsonNode value) throws XMLStreamException {
			this.xml.writeStartElement(name);
			text(this.xml, "id", value.isObject() ? value.path("id").asString("") : scalar(value));
			if (value.isObject()) {
				for (Map.Entry<String, JsonNode> e : value.properties()) {
					if (!e.getKey().equals("id") && !e.getKey().startsWith("@")) {
						extension(e.getKey(), e.getValue());
					}
				}
			}
			this.xml.writeEndElement();
		}

		private void typedList(String name, String element, JsonNode list, Cbv types) throws XMLStreamException {
			this.xml.writeStartElement(name);
			for (JsonNode item : items(list)) {
				this.xml.writeStartElement(element);
				if (item.hasNonNull("type")) {
					this.xml.writeAttribute("type", types.xml(scalar(item.get("type")), this.cbvForm));
				}
				this.xml.writeCharacters(item.path(element).asString(""));
				this.xml.writeEndElement();
			}
			this.xml.writeEndElement();
		}

		private void persistentDisposition(JsonNode value) throws XMLStreamException {
			this.xml.writeStartElement("persistentDisposition");
			for (String kind : List.of("unset", "set")) {
				JsonNode values = value.path(kind);
				for (JsonNode v : items(values)) {
					if (!v.isMissingNode() && !v.isNull()) {
						text(this.xml, kind, Cbv.DISPOSITION.xml(scalar(v), this.cbvForm));
					}
				}
			}
			this.xml.writeEndElement();
		}

		private void errorDeclaration(JsonNode value) throws XMLStreamException {
			this.xml.writeStartElement("errorDeclaration");
			if (value.hasNonNull("declarationTime")) {
				text(this.xml, "declarationTime", scalar(value.get("declarationTime")));
			}
			if (value.hasNonNull("reason")) {
				text(this.xml, "reason", Cbv.ERROR_REASON.xml(scalar(value.get("reason")), this.cbvForm));
			}
			if (value.hasNonNull("correctiveEventIDs")) {
				this.xml.writeStartElement("correctiveEventIDs");
				for (JsonNode id : items(value.get("correctiveEventIDs"))) {
					text(this.xml, "correctiveEventID", scalar(id));
				}
				this.xml.writeEndElement();
			}
			for (Map.Entry<String, JsonNode> e : value.properties()) {
				if (!Set.of("declarationTime", "reason", "correctiveEventIDs").contains(e.getKey())
						&& !e.getKey().startsWith("@")) {
					extension(e.getKey(), e.getValue());
				}
			}
			this.xml.writeEndElement();
		}

		private void sensorElements(JsonNode list) throws XMLStreamException {
			this.xml.writeStartElement("sensorElementList");
			for (JsonNode element : items(list)) {
				this.xml.writeStartElement("sensorElement");
				if (element.hasNonNull("sensorMetadata")) {
					attributed("sensorMetadata", element.get("sensorMetadata"));
				}
				JsonNode reports = element.path("sensorReport");
				for (JsonNode report : items(reports)) {
					if (report.isObject()) {
						attributed("sensorReport", report);
					}
				}
				for (Map.Entry<String, JsonNode> e : element.properties()) {
					// type (epcis:SensorElement) is the JSON-LD node type: no XML form
					if (!Set.of("sensorMetadata", "sensorReport", "type").contains(e.getKey())
							&& !e.getKey().startsWith("@")) {
						extension(e.getKey(), e.getValue());
					}
				}
				this.xml.writeEndElement();
			}
			this.xml.writeEndElement();
		}

		/**
		 * sensorMetadata / sensorReport: scalar members are attributes (namespaced ones
		 * too); structured extension members are child elements.
		 */
		private void attributed(String name, JsonNode value) throws XMLStreamException {
			boolean hasChildren = false;
			for (JsonNode v : value.values()) {
				hasChildren |= v.isContainer();
			}
			if (hasChildren) {
				this.xml.writeStartElement(name);
			}
			else {
				this.xml.writeEmptyElement(name);
			}
			for (Map.Entry<String, JsonNode> e : value.properties()) {
				if (e.getKey().startsWith("@") || e.getValue().isContainer()) {
					continue;
				}
				attribute(e.getKey(), e.getValue());
			}
			if (hasChildren) {
				for (Map.Entry<String, JsonNode> e : value.properties()) {
					if (!e.getKey().startsWith("@") && e.getValue().isContainer()) {
						extension(e.getKey(), e.getValue());
					}
				}
				this.xml.writeEndElement();
			}
		}

		private void attribute(String key, JsonNode value) throws XMLStreamException {
			Name n = name(key);
			if (n.uri() == null) {
				this.xml.writeAttribute(n.local(), scalar(value));
			}
			else {
				this.xml.writeAttribute(n.prefix(), n.uri(), n.local(), scalar(value));
			}
		}

		private void container(String name, JsonNode value) throws XMLStreamException {
			this.xml.writeStartElement(name);
			for (Map.Entry<String, JsonNode> e : value.properties()) {
				if (!e.getKey().startsWith("@")) {
					extension(e.getKey(), e.getValue());
				}
			}
			this.xml.writeEndElement();
		}

		/** A user extension member: an element per value (arrays repeat it). */
		private void extension(String key, JsonNode value) throws XMLStreamException {
			if (value.isArray()) {
				for (JsonNode v : value.values()) {
					extension(key, v);
				}
				return;
			}
			Name n = name(key);
			if (n.uri() == null) {
				this.xml.writeStartElement(n.local());
			}
			else {
				this.xml.writeStartElement(n.prefix(), n.local(), n.uri());
			}
			if (value.isObject() && value.has("#text")) {
				// an element with text and attributes, as XML capture reads it
				// (<cbvmda:netWeight measurementUnitCode="KGM">3.5</cbvmda:netWeight>)
				for (Map.Entry<String, JsonNode> e : value.properties()) {
					if (!e.getKey().equals("#text") && !e.getKey().startsWith("@") && !e.getValue().isContainer()) {
						attribute(e.getKey(), e.getValue());
					}
				}
				this.xml.writeCharacters(scalar(value.get("#text")));
			}
			else if (value.isObject()) {
				for (Map.Entry<String, JsonNode> e : value.properties()) {
					if (e.getKey().equals("@value")) {
						this.xml.writeCharacters(scalar(e.getValue()));
					}
					else if (!e.getKey().startsWith("@")) {
						extension(e.getKey(), e.getValue());
					}
				}
			}
			else {
				this.xml.writeCharacters(scalar(value));
			}
			this.xml.writeEndElement();
		}

		/**
		 * Declares every namespace the event's member names use, so each is declared
		 * once, on the event element.
		 */
		private void collectNamespaces(JsonNode node) {
			if (node.isArray()) {
				node.values().forEach(this::collectNamespaces);
			}
			else if (node.isObject()) {
				for (Map.Entry<String, JsonNode> e : node.properties()) {
					if (e.getKey().startsWith("@")) {
						continue;
					}
					name(e.getKey());
					collectNamespaces(e.getValue());
				}
			}
		}

		/**
		 * The XML name of a JSON-LD member: {@code prefix:local} with a bound prefix; an
		 * absolute IRI split at its last {@code #} or {@code /}; else un-namespaced.
		 */
		private Name name(String key) {
			int colon = key.indexOf(':');
			if (colon <= 0) {
				return new Name(null, null, key);
			}
			String prefix = key.substring(0, colon);
			String uri = this.prefixes.get(prefix);
			String local = key.substring(colon + 1);
			if (uri == null) {
				int cut = Math.max(key.lastIndexOf('#'), key.lastIndexOf('/'));
				if (cut < 0 || cut == key.length() - 1) {
					return new Name(null, null, key);
				}
				uri = key.substring(0, cut + 1);
				local = key.substring(cut + 1);
				prefix = "ext";
			}
			return new Name(declare(prefix, uri), uri, local);
		}

		private String declare(String wanted, String uri) {
			String existing = this.declared.get(uri);
			if (existing != null) {
				return existing;
			}
			String prefix = wanted;
			int n = 1;
			while (this.declared.containsValue(prefix) || prefix.equals("xsi") || prefix.equals("epcisq")
					|| prefix.startsWith("xml")) {
				prefix = wanted + n++;
			}
			this.declared.put(uri, prefix);
			return prefix;
		}

	}

	private record Name(@Nullable String prefix, @Nullable String uri, String local) {
	}

}
