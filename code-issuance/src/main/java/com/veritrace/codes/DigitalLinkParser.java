package com.veritrace.codes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/** Parsing and generation behind {@link DigitalLink}. */
final class DigitalLinkParser {

	/** Every valid key-qualifier sequence ("01", "01 10", "01 22 10 21", ...), sorted. */
	private static final TreeSet<String> SEQUENCES = keyQualifierSequences();

	private DigitalLinkParser() {
	}

	private static TreeSet<String> keyQualifierSequences() {
		TreeSet<String> sequences = new TreeSet<>();
		for (AiTable.Entry entry : AiTable.entries()) {
			if (!entry.isPrimaryKey()) {
				continue;
			}
			String ai = entry.ai();
			sequences.add(ai);
			for (List<String> alternative : entry.dlQualifierSequences()) {
				int k = alternative.size();
				for (int mask = 1; mask < (1 << k); mask++) {
					StringBuilder sb = new StringBuilder(ai);
					for (int b = 0; b < k; b++) {
						if ((mask & (1 << b)) != 0) {
							sb.append(' ').append(alternative.get(b));
						}
					}
					sequences.add(sb.toString());
				}
			}
		}
		return sequences;
	}

	static boolean isPrimaryKey(String ai) {
		return SEQUENCES.contains(ai);
	}

	private static boolean isValidSequence(List<String> ais) {
		return SEQUENCES.contains(String.join(" ", ais));
	}

	private record Pair(String ai, AiTable.Entry entry, String value) {
	}

	static DigitalLink parse(String uri, DigitalLinkOptions options) {
		if (uri.isEmpty()) {
			throw new InvalidCodeException("Digital Link URI is empty");
		}
		String allowed = DigitalLink.uriCharacters();
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (allowed.indexOf(c) < 0) {
				throw new InvalidCodeException("Digital Link URI contains "
						+ (c < 0x21 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'")
						+ " at position " + (i + 1) + ", which is not allowed in a URI");
			}
		}
		int schemeLength;
		if (uri.startsWith("https://") || uri.startsWith("HTTPS://")) {
			schemeLength = 8;
		}
		else if (uri.startsWith("http://") || uri.startsWith("HTTP://")) {
			schemeLength = 7;
		}
		else {
			throw new InvalidCodeException(
					"Digital Link URI must start with http:// or https:// (all lower or all upper case): " + uri);
		}
		int slash = uri.indexOf('/', schemeLength);
		if (slash < 0) {
			throw new InvalidCodeException("Digital Link URI has no path after the domain: " + uri);
		}
		if (slash == schemeLength) {
			throw new InvalidCodeException("Digital Link URI has no domain: " + uri);
		}
		String domain = uri.substring(schemeLength, slash);
		for (int i = 0; i < domain.length(); i++) {
			if (DigitalLink.badDomainCharacters().indexOf(domain.charAt(i)) >= 0) {
				throw new InvalidCodeException("Digital Link URI domain '" + domain + "' contains '" + domain.charAt(i)
						+ "', which is not allowed in a domain");
			}
		}
		String rest = uri.substring(slash);
		int hash = rest.indexOf('#');
		if (hash >= 0) {
			rest = rest.substring(0, hash);
		}
		String query = null;
		int question = rest.indexOf('?');
		if (question >= 0) {
			query = rest.substring(question + 1);
			rest = rest.substring(0, question);
		}
		String path = rest;
		if (options.permitTrailingSlash() && path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}

		// Search backwards for the rightmost "/AI/value" pair whose AI is a primary key
		int keyStart = -1;
		int end = path.length();
		while (true) {
			int valueSlash = path.lastIndexOf('/', end - 1);
			if (valueSlash <= 0) {
				break;
			}
			int aiSlash = path.lastIndexOf('/', valueSlash - 1);
			if (aiSlash < 0) {
				break;
			}
			AiTable.Entry entry = pathEntry(path.substring(aiSlash + 1, valueSlash), options);
			if (entry == null) {
				break;
			}
			if (isPrimaryKey(entry.ai())) {
				keyStart = aiSlash;
				break;
			}
			end = aiSlash;
		}
		if (keyStart < 0) {
			throw new InvalidCodeException(
					"Digital Link URI has no GS1 primary key (such as /01/<GTIN>) in its path: " + uri);
		}
		String stem = uri.substring(0, slash) + path.substring(0, keyStart);

		List<Pair> pathPairs = new ArrayList<>();
		String[] segments = path.substring(keyStart + 1).split("/", -1);
		for (int i = 0; i < segments.length; i += 2) {
			String aiText = segments[i];
			AiTable.Entry entry = pathEntry(aiText, options);
			if (entry == null) {
				throw new InvalidCodeException("'" + aiText + "' in the Digital Link path is not an AI");
			}
			if (i + 1 >= segments.length || segments[i + 1].isEmpty()) {
				throw new InvalidCodeException("AI (" + entry.ai() + ") has an empty value in the Digital Link path");
			}
			String value = PercentCoding.decode(segments[i + 1], false, "AI (" + entry.ai() + ") value in the path");
			if (options.permitZeroSuppressedGtin() && entry.ai().equals("01")) {
				value = padGtin(value);
			}
			AiValues.check(entry, value, options.validateDates());
			pathPairs.add(new Pair(entry.ai(), entry, value));
		}

		List<Pair> queryPairs = new ArrayList<>();
		Map<String, String> others = new LinkedHashMap<>();
		if (query != null) {
			for (String parameter : query.split("&")) {
				if (parameter.isEmpty()) {
					continue;
				}
				int eq = parameter.indexOf('=');
				if (eq < 0) {
					others.put(parameter, "");
					continue;
				}
				String name = parameter.substring(0, eq);
				AiTable.Entry entry = null;
				if (AiTable.allDigits(name)) {
					entry = AiTable.lookup(name, options.permitUnknownAis());
					if (entry == null) {
						throw new InvalidCodeException("query parameter '" + name + "' is numeric but not a known AI");
					}
				}
				if (entry == null) {
					others.put(name, parameter.substring(eq + 1));
					continue;
				}
				if (eq == parameter.length() - 1) {
					throw new InvalidCodeException("AI (" + name + ") has an empty value in the query string");
				}
				String value = PercentCoding.decode(parameter.substring(eq + 1), true,
						"AI (" + name + ") value in the query string");
				if (options.permitZeroSuppressedGtin() && name.equals("01")) {
					value = padGtin(value);
				}
				AiValues.check(entry, value, options.validateDates());
				queryPairs.add(new Pair(name, entry, value));
			}
		}

		List<String> pathAis = new ArrayList<>(pathPairs.stream().map(Pair::ai).toList());
		if (!isValidSequence(pathAis)) {
			List<String> sorted = options.sortKeyQualifiers() ? sortQualifiers(pathAis) : null;
			if (sorted == null) {
				throw new InvalidCodeException("AIs (" + String.join(")(", pathAis)
						+ ") in the Digital Link path are not a valid key-qualifier sequence for key (" + pathAis.get(0)
						+ ")" + expectedQualifiers(pathPairs.get(0).entry()));
			}
			List<Pair> reordered = new ArrayList<>();
			for (String ai : sorted) {
				reordered.add(pathPairs.stream().filter(p -> p.ai().equals(ai)).findFirst().orElseThrow());
			}
			pathPairs = reordered;
			pathAis = sorted;
		}

		List<String> seen = new ArrayList<>(pathAis);
		for (Pair pair : queryPairs) {
			if (seen.contains(pair.ai())) {
				throw new InvalidCodeException("AI (" + pair.ai() + ") appears more than once");
			}
			seen.add(pair.ai());
			checkDataAttribute(pair.entry(), options);
			for (int j = 1; j <= pathAis.size(); j++) {
				List<String> trial = new ArrayList<>(pathAis);
				trial.add(j, pair.ai());
				if (isValidSequence(trial)) {
					throw new InvalidCodeException("AI (" + pair.ai()
							+ ") is a key qualifier and must be in the Digital Link path, not in the query string");
				}
			}
		}

		List<AiElement> qualifiers = new ArrayList<>();
		for (int i = 1; i < pathPairs.size(); i++) {
			qualifiers.add(new AiElement(pathPairs.get(i).ai(), pathPairs.get(i).value()));
		}
		List<AiElement> attributes = queryPairs.stream().map(p -> new AiElement(p.ai(), p.value())).toList();
		DigitalLink link = new DigitalLink(stem, new AiElement(pathPairs.get(0).ai(), pathPairs.get(0).value()),
				qualifiers, attributes, others);
		if (options.validateAssociations()) {
			AiValues.checkAssociations(link.elements(), options.permitUnknownAis());
		}
		return link;
	}

	private static String expectedQualifiers(AiTable.Entry key) {
		List<List<String>> sequences = key.dlQualifierSequences();
		if (sequences == null || sequences.get(0).isEmpty()) {
			return ", which takes no qualifiers";
		}
		List<String> alternatives = sequences.stream().map(s -> "/" + String.join("/", s)).toList();
		return ", whose qualifiers are, in this order, " + String.join(" or ", alternatives);
	}

	private static @Nullable List<String> sortQualifiers(List<String> pathAis) {
		AiTable.Entry key = AiTable.lookup(pathAis.get(0));
		if (key == null || key.dlQualifierSequences() == null) {
			return null;
		}
		List<String> rest = pathAis.subList(1, pathAis.size());
		for (List<String> alternative : key.dlQualifierSequences()) {
			if (alternative.containsAll(rest) && rest.stream().distinct().count() == rest.size()) {
				List<String> sorted = new ArrayList<>(rest);
				sorted.sort(Comparator.comparingInt(alternative::indexOf));
				sorted.add(0, pathAis.get(0));
				return sorted;
			}
		}
		return null;
	}

	private static void checkDataAttribute(AiTable.Entry entry, DigitalLinkOptions options) {
		if (!entry.dlDataAttribute() && !entry.unknown()) {
			throw new InvalidCodeException("AI (" + entry.ai() + ") is not permitted as a Digital Link data attribute");
		}
		if (entry.unknown() && options.unknownAiNotDataAttribute()) {
			throw new InvalidCodeException(
					"AI (" + entry.ai() + ") is not a known AI and so not permitted as a Digital Link data attribute");
		}
	}

	private static AiTable.@Nullable Entry pathEntry(String aiText, DigitalLinkOptions options) {
		if (options.permitConvenienceAlphas() && aiText.length() >= 3 && aiText.length() <= 5
				&& !Character.isDigit(aiText.charAt(0))) {
			String ai = DigitalLink.convenienceAlpha(aiText);
			if (ai != null) {
				return AiTable.lookup(ai);
			}
		}
		return AiTable.lookup(aiText, options.permitUnknownAis());
	}

	private static String padGtin(String value) {
		int n = value.length();
		return (n == 8 || n == 12 || n == 13) ? "0".repeat(14 - n) + value : value;
	}

	static DigitalLink generate(String stem, List<AiElement> elements, DigitalLinkOptions options) {
		List<Pair> pairs = new ArrayList<>();
		for (AiElement element : elements) {
			AiTable.Entry entry = AiTable.lookup(element.ai(), options.permitUnknownAis());
			if (entry == null) {
				throw new InvalidCodeException("(" + element.ai() + ") is not a known AI");
			}
			AiValues.check(entry, element.value(), options.validateDates());
			pairs.add(new Pair(element.ai(), entry, element.value()));
		}
		if (options.validateAssociations()) {
			AiValues.checkAssociations(elements, options.permitUnknownAis());
		}
		Pair key = pairs.stream()
			.filter(p -> isPrimaryKey(p.ai()))
			.findFirst()
			.orElseThrow(() -> new InvalidCodeException(
					"a Digital Link needs a GS1 primary key AI such as (01), (00) or (414)"));

		// the qualifier sequence matching most elements; the first of equals in sorted
		// order wins
		String best = key.ai();
		int bestCount = 0;
		for (String sequence : SEQUENCES) {
			if (!sequence.startsWith(key.ai() + " ")) {
				continue;
			}
			String[] tokens = sequence.split(" ");
			int count = 0;
			for (int t = 1; t < tokens.length; t++) {
				for (Pair p : pairs) {
					if (p.ai().equals(tokens[t])) {
						count++;
					}
				}
			}
			if (count > bestCount) {
				bestCount = count;
				best = sequence;
			}
		}
		List<String> pathAis = List.of(best.split(" "));
		List<AiElement> path = new ArrayList<>();
		for (String ai : pathAis) {
			for (Pair p : pairs) {
				if (p.ai().equals(ai)) {
					path.add(new AiElement(p.ai(), p.value()));
					break;
				}
			}
		}
		List<AiElement> attributes = new ArrayList<>();
		for (boolean fixed : new boolean[] { true, false }) {
			List<String> written = new ArrayList<>();
			for (Pair p : pairs) {
				if (pathAis.contains(p.ai()) || p.entry().fnc1() == fixed || written.contains(p.ai())) {
					continue;
				}
				written.add(p.ai());
				checkDataAttribute(p.entry(), options);
				attributes.add(new AiElement(p.ai(), p.value()));
			}
		}
		String trimmed = stem.endsWith("/") ? stem.substring(0, stem.length() - 1) : stem;
		return new DigitalLink(trimmed, path.get(0), path.subList(1, path.size()), attributes, Map.of());
	}

}
