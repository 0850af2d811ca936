package com.veritrace.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a JSON tree from a token stream in one pass, deciding what a repeated member
 * name means. JSON only says names SHOULD be unique and parsers disagree on which value
 * wins, so for anything that feeds the event hash a repeat is refused: every party must
 * read the same event. A repeat is tolerated (the last value wins, as in most parsers)
 * only for the members the CBV 2.0 hash leaves out — {@code eventID}, {@code id} and
 * {@code comments} of an event or of the document itself — because then every reading
 * yields the same hash. GS1's own example {@code AssociationEvent-h} repeats
 * {@code eventID}. Floats are read as {@link java.math.BigDecimal} (exact, as the hash
 * needs).
 */
final class TreeBuilder {

	/** Members outside the hash whose repetition is harmless (the last value wins). */
	static final Set<String> REPEATABLE = Set.of("eventID", "id", "comments");

	/** Pointers of objects that are events (or the document / bare event at the root). */
	private static final Pattern EVENT_OBJECT = Pattern
		.compile("|/epcisBody/eventList/\\d+|/epcisBody/queryResults/resultsBody/eventList/\\d+");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private TreeBuilder() {
	}

	/** A member name repeated where the repetition would make the hash ambiguous. */
	static final class DuplicateMemberException extends RuntimeException {

		private final String pointer;

		DuplicateMemberException(String pointer, String message) {
			super(message);
			this.pointer = pointer;
		}

		String pointer() {
			return this.pointer;
		}

	}

	/** Reads one root value and refuses trailing tokens. */
	static JsonNode read(JsonParser parser) {
		JsonToken first = parser.nextToken();
		if (first == null) {
			throw new StreamReadException(parser, "no content: expected a JSON value");
		}
		JsonNode root = value(parser, first, new ArrayList<>());
		if (parser.nextToken() != null) {
			throw new StreamReadException(parser, "trailing token after the JSON value");
		}
		return root;
	}

	/** The JSON Pointer of a path of member names and indices. */
	private static String pointer(List<String> path) {
		StringBuilder pointer = new StringBuilder();
		for (String step : path) {
			pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
		}
		return pointer.toString();
	}

	private static JsonNode value(JsonParser p, JsonToken token, List<String> path) {
		return switch (token) {
			case START_OBJECT -> object(p, path);
			case START_ARRAY -> array(p, path);
			case VALUE_STRING -> NODES.stringNode(p.getString());
			case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
				case INT -> NODES.numberNode(p.getIntValue());
				case LONG -> NODES.numberNode(p.getLongValue());
				default -> NODES.numberNode(p.getBigIntegerValue());
			};
			case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
			case VALUE_TRUE -> NODES.booleanNode(true);
			case VALUE_FALSE -> NODES.booleanNode(false);
			case VALUE_NULL -> NODES.nullNode();
			default -> throw new StreamReadException(p, "unexpected token " + token);
		};
	}

	private static ObjectNode object(JsonParser p, List<String> path) {
		ObjectNode node = NODES.objectNode();
		for (String name = p.nextName(); name != null; name = p.nextName()) {
			path.add(name);
			JsonNode value = value(p, p.nextToken(), path);
			path.remove(path.size() - 1);
			if (node.has(name)) {
				if (!REPEATABLE.contains(name) || path.size() > 5 || !EVENT_OBJECT.matcher(pointer(path)).matches()) {
					path.add(name);
					throw new DuplicateMemberException(pointer(path), "member \"" + name + "\" appears more than once; "
							+ "it is part of the event hash, so which value counts would be ambiguous");
				}
			}
			node.set(name, value);
		}
		if (p.currentToken() != JsonToken.END_OBJECT) {
			throw new StreamReadException(p, "unexpected token " + p.currentToken() + " in an object");
		}
		return node;
	}

	private static ArrayNode array(JsonParser p, List<String> path) {
		ArrayNode node = NODES.arrayNode();
		int i = 0;
		for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
			if (t == null) {
				throw new StreamReadException(p, "unexpected end of input in an array");
			}
			path.add(Integer.toString(i++));
			node.add(value(p, t, path));
			path.remove(path.size() - 1);
		}
		return node;
	}

}
