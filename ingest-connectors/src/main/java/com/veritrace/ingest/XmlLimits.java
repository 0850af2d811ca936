package com.veritrace.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The limits XML input is held to, checked in one streaming SAX pass before a DOM tree is
 * built, so a hostile document is refused without building anything large: no DOCTYPE
 * (hence no entity of any kind, internal or external, and no DTD fetched), no XInclude,
 * element depth, element count, the length of one attribute value or one element's text,
 * and attributes per element. The byte size is capped before (the parser's
 * {@code maxDocumentBytes}, and the HTTP request size limit in front of it).
 *
 * @param maxDepth deepest element nesting
 * @param maxElements most elements in one document
 * @param maxValueLength longest attribute value or element text (characters)
 */
record XmlLimits(int maxDepth, int maxElements, int maxValueLength) {

	/**
	 * Attributes on one element (the JDK parser's {@code jdk.xml.elementAttributeLimit}).
	 */
	static final int MAX_ATTRIBUTES = 64;

	/** Elements per event allowed on average, times the parser's event limit. */
	static final int ELEMENTS_PER_EVENT = 200;

	/**
	 * Parser features every XML reader here sets: no DOCTYPE at all, no external entities
	 * or DTDs, JAXP's secure processing limits.
	 */
	static final Map<String, Boolean> HARDENING = Map.of("http://apache.org/xml/features/disallow-doctype-decl", true,
			"http://xml.org/sax/features/external-general-entities", false,
			"http://xml.org/sax/features/external-parameter-entities", false,
			"http://apache.org/xml/features/nonvalidating/load-external-dtd", false,
			XMLConstants.FEATURE_SECURE_PROCESSING, true);

	static final String DOCTYPE_REFUSED = "XML DOCTYPE declarations are refused";

	private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	static XmlLimits of(ParserLimits limits) {
		long elements = Math.max(10_000L, (long) limits.maxEvents() * ELEMENTS_PER_EVENT);
		return new XmlLimits(limits.maxDepth(), (int) Math.min(Integer.MAX_VALUE, elements), limits.maxStringLength());
	}

	/** A limit was passed; the message says which. */
	static final class LimitExceededException extends SAXException {

		private static final long serialVersionUID = 1L;

		LimitExceededException(String message) {
			super(message);
		}

	}

	/**
	 * Streams through the document once.
	 * @throws LimitExceededException a limit was passed
	 * @throws SAXException malformed XML or a DOCTYPE
	 */
	void check(byte[] xml) throws SAXException {
		try {
			SAXParser parser = factory().newSAXParser();
			parser.parse(new ByteArrayInputStream(xml), new Counter());
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("XML parser cannot be hardened", ex);
		}
		catch (IOException ex) {
			throw new SAXException(ex);
		}
	}

	private SAXParserFactory factory() throws ParserConfigurationException, SAXException {
		SAXParserFactory factory = SAXParserFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setXIncludeAware(false);
		for (Map.Entry<String, Boolean> feature : HARDENING.entrySet()) {
			factory.setFeature(feature.getKey(), feature.getValue());
		}
		return factory;
	}

	/**
	 * GS1's own examples open with a bare {@code <!DOCTYPE project>}: no internal subset,
	 * no external identifier, so it can declare nothing. That form alone is blanked out
	 * (same length, so positions in error messages stay right); every other DOCTYPE is
	 * left for the parser to refuse. Reads only an ASCII-compatible prolog.
	 */
	static byte[] blankBareDoctype(byte[] xml) {
		int i = skipProlog(xml);
		if (i < 0 || !startsWith(xml, i, DOCTYPE)) {
			return xml;
		}
		int j = i + DOCTYPE.length;
		int spaces = j;
		while (j < xml.length && isSpace(xml[j])) {
			j++;
		}
		if (j == spaces) {
			return xml;
		}
		int name = j;
		while (j < xml.length && !isSpace(xml[j]) && xml[j] != '>' && xml[j] != '[' && xml[j] != '"'
				&& xml[j] != '\'') {
			j++;
		}
		if (j == name) {
			return xml;
		}
		while (j < xml.length && isSpace(xml[j])) {
			j++;
		}
		if (j >= xml.length || xml[j] != '>') {
			return xml;
		}
		byte[] out = xml.clone();
		Arrays.fill(out, i, j + 1, (byte) ' ');
		return out;
	}

	/**
	 * The position after a UTF-8 BOM, the XML declaration, comments, processing
	 * instructions and white space; -1 if the prolog cannot be read so simply.
	 */
	private static int skipProlog(byte[] xml) {
		int i = xml.length >= 3 && (xml[0] & 0xff) == 0xEF && (xml[1] & 0xff) == 0xBB && (xml[2] & 0xff) == 0xBF ? 3
				: 0;
		while (i < xml.length) {
			if (isSpace(xml[i])) {
				i++;
			}
			else if (startsWith(xml, i, new byte[] { '<', '?' })) {
				i = indexOf(xml, i + 2, new byte[] { '?', '>' });
				if (i < 0) {
					return -1;
				}
				i += 2;
			}
			else if (startsWith(xml, i, new byte[] { '<', '!', '-', '-' })) {
				i = indexOf(xml, i + 4, new byte[] { '-', '-', '>' });
				if (i < 0) {
					return -1;
				}
				i += 3;
			}
			else {
				return i;
			}
		}
		return -1;
	}

	private static boolean isSpace(byte b) {
		return b == ' ' || b == '\t' || b == '\n' || b == '\r';
	}

	private static boolean startsWith(byte[] xml, int at, byte[] prefix) {
		return at + prefix.length <= xml.length && Arrays.equals(xml, at, at + prefix.length, prefix, 0, prefix.length);
	}

	private static int indexOf(byte[] xml, int from, byte[] needle) {
		for (int i = from; i + needle.length <= xml.length; i++) {
			if (startsWith(xml, i, needle)) {
				return i;
			}
		}
		return -1;
	}

	private final class Counter extends DefaultHandler {

		private int depth;

		private int elements;

		private long text;

		@Override
		public void startElement(String uri, String localName, String qName, Attributes attributes)
				throws SAXException {
			this.depth++;
			this.elements++;
			this.text = 0;
			if (this.depth > maxDepth()) {
				throw new LimitExceededException("XML elements nested deeper than " + maxDepth() + " levels");
			}
			if (this.elements > maxElements()) {
				throw new LimitExceededException("more than " + maxElements() + " XML elements");
			}
			if (attributes.getLength() > MAX_ATTRIBUTES) {
				throw new LimitExceededException(
						"element <" + qName + "> has more than " + MAX_ATTRIBUTES + " attributes");
			}
			for (int i = 0; i < attributes.getLength(); i++) {
				if (attributes.getValue(i).length() > maxValueLength()) {
					throw new LimitExceededException("attribute " + attributes.getQName(i) + " of <" + qName
							+ "> is longer than " + maxValueLength() + " characters");
				}
			}
		}

		@Override
		public void endElement(String uri, String localName, String qName) {
			this.depth--;
			this.text = 0;
		}

		@Override
		public void characters(char[] ch, int start, int length) throws SAXException {
			this.text += length;
			if (this.text > maxValueLength()) {
				throw new LimitExceededException("XML text longer than " + maxValueLength() + " characters");
			}
		}

	}

}
