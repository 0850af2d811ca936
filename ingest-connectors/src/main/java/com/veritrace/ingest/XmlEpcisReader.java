package com.veritrace.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an EPCIS 1.2/2.0 XML document into the JSON-LD shape of EPCIS 2.0 (the mapping of
 * the standard's §9 / the XML-JSON correspondence), so one validator and one hash serve
 * both syntaxes. Hardened: DOCTYPEs are refused (but GS1's bare {@code <!DOCTYPE name>},
 * which declares nothing), so no external entity or entity expansion can happen; depth,
 * element count and value lengths are checked first ({@link XmlLimits}).
 */
final class XmlEpcisReader {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Set<String> EVENT_TYPES = Set.of("ObjectEvent", "AggregationEvent", "TransactionEvent",
			"TransformationEvent", "AssociationEvent");

	private static final Set<String> STRING_MEMBERS = Set.of("eventTime", "recordTime", "eventTimeZoneOffset",
			"eventID", "action", "bizStep", "disposition", "parentID", "transformationID", "certificationInfo");

	private static final Set<String> EPC_LISTS = Set.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");

	private static final Set<String> QUANTITY_LISTS = Set.of("quantityList", "childQuantityList", "inputQuantityList",
			"outputQuantityList");

	private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("value", "minValue", "maxValue", "meanValue", "sDev",
			"percRank", "percValue");

	private final Map<String, String> namespaces = new LinkedHashMap<>();

	private final int maxDepth;

	private XmlEpcisReader(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	/**
	 * The document as a JSON-LD-shaped object, with a synthesised {@code @context} naming
	 * the XML prefixes; every limit of {@code limits} is checked in a streaming pass
	 * before any tree is built.
	 */
	static ObjectNode toJson(byte[] xml, XmlLimits limits) throws SAXException {
		byte[] prepared = XmlLimits.blankBareDoctype(xml);
		limits.check(prepared);
		return new XmlEpcisReader(limits.maxDepth()).convert(parse(prepared, limits.maxDepth()));
	}

	private static Document parse(byte[] xml, int maxDepth) throws SAXException {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setAttribute("jdk.xml.elementAttributeLimit", String.valueOf(XmlLimits.MAX_ATTRIBUTES));
			factory.setNamespaceAware(true);
			for (Map.Entry<String, Boolean> feature : XmlLimits.HARDENING.entrySet()) {
				factory.setFeature(feature.getKey(), feature.getValue());
			}
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			factory.setAttribute("jdk.xml.maxElementDepth", String.valueOf(maxDepth));
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			return builder.parse(new ByteArrayInputStream(xml));
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("XML parser cannot be hardened", ex);
		}
		catch (IOException ex) {
			throw new SAXException(ex);
		}
	}

	private ObjectNode convert(Document document) {
		Element root = document.getDocumentElement();
		ObjectNode out = NODES.objectNode();
		String rootName = root.getLocalName();
		boolean query = "EPCISQueryDocument".equals(rootName);
		out.put("type", EVENT_TYPES.contains(rootName) ? rootName : (query ? "EPCISQueryDocument" : rootName));
		if (EVENT_TYPES.contains(rootName)) {
			ObjectNode event = event(root);
			event.setAll(context());
			return event;
		}
		if (!root.getAttribute("schemaVersion").startsWith("1.")) {
			// the JSON-LD shape is EPCIS 2.0's: a 1.x document maps to it without its
			// version (a header member, never hashed)
			copyAttribute(root, "schemaVersion", out);
		}
		copyAttribute(root, "creationDate", out);
		ArrayNode events = NODES.arrayNode();
		Element body = child(root, "EPCISBody");
		Element list = body == null ? null : child(body, "EventList");
		if (query && body != null) {
			Element results = child(body, "QueryResults");
			Element resultsBody = results == null ? null : child(results, "resultsBody");
			list = resultsBody == null ? null : child(resultsBody, "EventList");
		}
		if (list != null) {
			collectEvents(list, events);
		}
		ObjectNode epcisBody = NODES.objectNode();
		if (query) {
			epcisBody.putObject("queryResults").putObject("resultsBody").set("eventList", events);
		}
		else if (list != null || body != null) {
			epcisBody.set("eventList", events);
		}
		out.set("epcisBody", epcisBody);
		out.setAll(context());
		return out;
	}

	private ObjectNode context() {
		ObjectNode holder = NODES.objectNode();
		ArrayNode context = holder.putArray("@context");
		context.add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
		ObjectNode prefixes = NODES.objectNode();
		this.namespaces.forEach(prefixes::put);
		context.add(prefixes);
		return holder;
	}

	private void collectEvents(Element list, ArrayNode events) {
		for (Element e : children(list)) {
			if (e.getNamespaceURI() == null && EVENT_TYPES.contains(e.getLocalName())) {
				events.add(event(e));
			}
			else if (e.getNamespaceURI() == null && "extension".equals(e.getLocalName())) {
				collectEvents(e, events); // EPCIS 1.x wraps TransformationEvent in
											// <extension>
			}
		}
	}

	private ObjectNode event(Element element) {
		ObjectNode event = NODES.objectNode();
		event.put("type", element.getLocalName());
		members(element, event);
		return event;
	}

	/**
	 * Standard members of an event (EPCIS 1.x {@code extension}/{@code baseExtension}
	 * wrappers flattened).
	 */
	private void members(Element parent, ObjectNode event) {
		for (Element e : children(parent)) {
			String name = e.getLocalName();
			if (isNil(e)) {
				continue; // xsi:nil="true": the member is absent (e.g. a quantity)
			}
			if (e.getNamespaceURI() != null) {
				addExtension(event, e);
				continue;
			}
			if (name.equals("extension") || name.equals("baseExtension")) {
				members(e, event);
			}
			else if (STRING_MEMBERS.contains(name)) {
				event.put(name, e.getTextContent().strip());
			}
			else if (EPC_LISTS.contains(name)) {
				ArrayNode epcs = event.putArray(name);
				children(e).forEach(epc -> epcs.add(epc.getTextContent().strip()));
			}
			else if (QUANTITY_LISTS.contains(name)) {
				ArrayNode quantities = event.putArray(name);
				children(e).forEach(q -> quantities.add(quantityElement(q)));
			}
			else if (name.equals("readPoint") || name.equals("bizLocation")) {
				ObjectNode location = event.putObject(name);
				for (Element c : children(e)) {
					if (c.getNamespaceURI() == null && c.getLocalName().equals("id")) {
						location.put("id", c.getTextContent().strip());
					}
					else if (c.getNamespaceURI() == null && c.getLocalName().equals("extension")) {
						children(c).forEach(x -> addExtension(location, x));
					}
					else {
						addExtension(location, c);
					}
				}
			}
			else if (name.equals("bizTransactionList")) {
				event.set(name, typedList(e, "bizTransaction"));
			}
			else if (name.equals("sourceList")) {
				event.set(name, typedList(e, "source"));
			}
			else if (name.equals("destinationList")) {
				event.set(name, typedList(e, "destination"));
			}
			else if (name.equals("persistentDisposition")) {
				ObjectNode pd = event.putObject(name);
				for (Element c : children(e)) {
					JsonNode existing = pd.get(c.getLocalName());
					ArrayNode values = existing instanceof ArrayNode a ? a : pd.putArray(c.getLocalName());
					values.add(c.getTextContent().strip());
				}
			}
			else if (name.equals("sensorElementList")) {
				ArrayNode elements = event.putArray(name);
				children(e).forEach(s -> elements.add(sensorElement(s)));
			}
			else if (name.equals("ilmd")) {
				ObjectNode ilmd = event.putObject(name);
				for (Element c : children(e)) {
					if (c.getNamespaceURI() == null && c.getLocalName().equals("extension")) {
						children(c).forEach(x -> addExtension(ilmd, x));
					}
					else {
						addExtension(ilmd, c);
					}
				}
			}
			else if (name.equals("errorDeclaration")) {
				ObjectNode declaration = event.putObject(name);
				for (Element c : children(e)) {
					if (c.getNamespaceURI() != null) {
						addExtension(declaration, c);
					}
					else if (c.getLocalName().equals("correctiveEventIDs")) {
						ArrayNode ids = declaration.putArray("correctiveEventIDs");
						children(c).forEach(id -> ids.add(id.getTextContent()));
					}
					else {
						declaration.put(c.getLocalName(), c.getTextContent());
					}
				}
			}
			else {
				// an unknown un-namespaced member: keep it so the validator / hash see it
				addExtension(event, e);
			}
		}
	}

	private ObjectNode quantityElement(Element q) {
		ObjectNode out = NODES.objectNode();
		for (Element c : children(q)) {
			String text = c.getTextContent().strip();
			if (isNil(c)) {
				continue;
			}
			if (c.getNamespaceURI() != null) {
				addExtension(out, c);
			}
			else if (c.getLocalName().equals("quantity")) {
				out.set("quantity", number(text));
			}
			else {
				out.put(c.getLocalName(), text);
			}
		}
		return out;
	}

	private ArrayNode typedList(Element list, String valueKey) {
		ArrayNode out = NODES.arrayNode();
		for (Element c : children(list)) {
			ObjectNode element = out.addObject();
			if (c.hasAttribute("type")) {
				element.put("type", c.getAttribute("type").strip());
			}
			element.put(valueKey, c.getTextContent().strip());
		}
		return out;
	}

	private ObjectNode sensorElement(Element element) {
		ObjectNode out = NODES.objectNode();
		ArrayNode reports = null;
		for (Element c : children(element)) {
			if (c.getNamespaceURI() == null && c.getLocalName().equals("sensorMetadata")) {
				out.set("sensorMetadata", attributes(c));
			}
			else if (c.getNamespaceURI() == null && c.getLocalName().equals("sensorReport")) {
				if (reports == null) {
					reports = out.putArray("sensorReport");
				}
				reports.add(attributes(c));
			}
			else if (c.getNamespaceURI() == null && c.getLocalName().equals("extension")) {
				children(c).forEach(x -> addExtension(out, x));
			}
			else {
				addExtension(out, c);
			}
		}
		return out;
	}

	/**
	 * sensorMetadata / sensorReport carry their fields as XML attributes; namespaced ones
	 * are extensions.
	 */
	private ObjectNode attributes(Element element) {
		ObjectNode out = NODES.objectNode();
		NamedNodeMap attributes = element.getAttributes();
		for (int i = 0; i < attributes.getLength(); i++) {
			Attr a = (Attr) attributes.item(i);
			if (isMarkup(a)) {
				continue;
			}
			String key = a.getNamespaceURI() == null ? a.getLocalName()
					: key(a.getNamespaceURI(), a.getPrefix(), a.getLocalName());
			if (a.getNamespaceURI() == null && NUMERIC_ATTRIBUTES.contains(key)) {
				out.set(key, number(a.getValue().strip()));
			}
			else {
				out.put(key, a.getValue());
			}
		}
		for (Element c : children(element)) {
			addExtension(out, c);
		}
		return out;
	}

	private void addExtension(ObjectNode target, Element e) {
		String key = e.getNamespaceURI() == null ? e.getLocalName()
				: key(e.getNamespaceURI(), e.getPrefix(), e.getLocalName());
		JsonNode value;
		List<Element> children = children(e);
		ObjectNode attributes = NODES.objectNode();
		NamedNodeMap attrs = e.getAttributes();
		for (int i = 0; i < attrs.getLength(); i++) {
			Attr a = (Attr) attrs.item(i);
			if (!isMarkup(a)) {
				String name = a.getNamespaceURI() == null ? a.getLocalName()
						: key(a.getNamespaceURI(), a.getPrefix(), a.getLocalName());
				attributes.put(name, a.getValue());
			}
		}
		if (children.isEmpty() && attributes.isEmpty()) {
			value = NODES.stringNode(e.getTextContent());
		}
		else {
			// attributes of an extension element count as its members (as in the
			// reference's XML reading)
			ObjectNode object = attributes;
			children.forEach(c -> addExtension(object, c));
			if (children.isEmpty() && !e.getTextContent().isBlank()) {
				object.put("#text", e.getTextContent());
			}
			value = object;
		}
		JsonNode existing = target.get(key);
		if (existing == null) {
			target.set(key, value);
		}
		else if (existing instanceof ArrayNode array) {
			array.add(value);
		}
		else {
			ArrayNode array = NODES.arrayNode();
			array.add(existing);
			array.add(value);
			target.set(key, array);
		}
	}

	/**
	 * {@code prefix:local}, registering the prefix; a prefix bound to two URIs gets a
	 * fresh name.
	 */
	private String key(String uri, @Nullable String prefix, String local) {
		String p = prefix == null || prefix.isEmpty() ? "ns" : prefix;
		String candidate = p;
		int n = 1;
		while (this.namespaces.containsKey(candidate) && !this.namespaces.get(candidate).equals(uri)) {
			candidate = p + n++;
		}
		this.namespaces.put(candidate, uri);
		return candidate + ":" + local;
	}

	/**
	 * Namespace declarations and xsi: annotations (e.g. {@code xsi:type="xsd:double"})
	 * are markup, not data.
	 */
	private static boolean isMarkup(Attr a) {
		return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())
				|| XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(a.getNamespaceURI());
	}

	private static boolean isNil(Element e) {
		String nil = e.getAttributeNS(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI, "nil").strip();
		return nil.equals("true") || nil.equals("1");
	}

	private static JsonNode number(String text) {
		try {
			return NODES.numberNode(new java.math.BigDecimal(text));
		}
		catch (NumberFormatException ex) {
			return NODES.stringNode(text); // the validator reports it
		}
	}

	private static void copyAttribute(Element element, String name, ObjectNode out) {
		if (element.hasAttribute(name)) {
			out.put(name, element.getAttribute(name));
		}
	}

	private static @Nullable Element child(Element parent, String localName) {
		for (Element e : children(parent)) {
			if (e.getLocalName().equals(localName)) {
				return e;
			}
		}
		return null;
	}

	private static List<Element> children(Element parent) {
		List<Element> out = new ArrayList<>();
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e) {
				out.add(e);
			}
		}
		return out;
	}

}
