package com.veritrace.codes;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A GS1 Digital Link URI (uncompressed form):
 * {@code https://<host>[/stem]/<key AI>/<key>[/<qualifier
 * AI>/<value>...][?<AI>=<value>&...]}, for example
 * {@code https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426}.
 * <p>
 * Parsing and generation follow GS1's Barcode Syntax Engine ({@code dl.c}) by default:
 * the rightmost {@code /AI/value} pair in the path whose AI is a primary key starts the
 * Digital Link part (anything before it is the stem); the path AIs must form a valid
 * key-qualifier sequence; query parameters whose name is numeric must be known AIs that
 * are permitted data attributes, appear once, and must not be qualifiers that belong in
 * the path; other query parameters (such as {@code linkType}) are kept as
 * {@link #otherParameters()}; every value is checked against the AI table (length,
 * character set, check digit, dates) and the AI pairing rules apply. Values are
 * percent-decoded; {@code +} is a space in the query but a literal plus in the path.
 *
 * Instances from {@link #parse}, {@link #generate} and {@link #ofItem} are valid; the
 * canonical constructor only copies its arguments.
 *
 * @param stem scheme, host and any path before the primary key, without a trailing slash
 * @param primaryKey the GS1 key
 * @param qualifiers key qualifiers in path order
 * @param attributes data attributes from the query string, in order
 * @param otherParameters non-AI query parameters in order (a parameter without {@code =}
 * maps to "")
 */
public record DigitalLink(String stem, AiElement primaryKey, List<AiElement> qualifiers, List<AiElement> attributes,
		Map<String, String> otherParameters) {

	/** The canonical stem of GS1's global resolver. */
	public static final String CANONICAL_STEM = "https://id.gs1.org";

	private static final String URI_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

	private static final String BAD_DOMAIN_CHARACTERS = "_~?#@!$&'()*+,;=%";

	private static final Map<String, String> CONVENIENCE_ALPHAS = Map.ofEntries(Map.entry("cpid", "8010"),
			Map.entry("cpsn", "8011"), Map.entry("cpv", "22"), Map.entry("gcn", "255"), Map.entry("gdti", "253"),
			Map.entry("giai", "8004"), Map.entry("ginc", "401"), Map.entry("gln", "414"), Map.entry("glnx", "254"),
			Map.entry("gmn", "8013"), Map.entry("grai", "8003"), Map.entry("gsin", "402"), Map.entry("gsrn", "8018"),
			Map.entry("gsrnp", "8017"), Map.entry("gtin", "01"), Map.entry("itip", "8006"), Map.entry("lot", "10"),
			Map.entry("party", "417"), Map.entry("refno", "8020"), Map.entry("ser", "21"), Map.entry("srin", "8019"),
			Map.entry("sscc", "00"));

	private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

	public DigitalLink {
		Objects.requireNonNull(stem, "stem");
		Objects.requireNonNull(primaryKey, "primaryKey");
		qualifiers = List.copyOf(qualifiers);
		attributes = List.copyOf(attributes);
		otherParameters = Collections.unmodifiableMap(new LinkedHashMap<>(otherParameters));
	}

	/** Parses with {@link DigitalLinkOptions#STRICT}. */
	public static DigitalLink parse(String uri) {
		return parse(uri, DigitalLinkOptions.STRICT);
	}

	/**
	 * Parses a Digital Link URI.
	 * @throws InvalidCodeException saying exactly what is wrong
	 */
	public static DigitalLink parse(String uri, DigitalLinkOptions options) {
		return DigitalLinkParser.parse(uri, options);
	}

	/** True when {@code uri} parses with {@link DigitalLinkOptions#STRICT}. */
	public static boolean isValid(String uri) {
		try {
			parse(uri);
			return true;
		}
		catch (InvalidCodeException ex) {
			return false;
		}
	}

	/**
	 * Generates with {@link DigitalLinkOptions#STRICT}; a {@code null} stem means
	 * {@link #CANONICAL_STEM}.
	 */
	public static DigitalLink generate(@Nullable String stem, List<AiElement> elements) {
		return generate(stem, elements, DigitalLinkOptions.STRICT);
	}

	/**
	 * Builds a Digital Link from GS1 element data, as GS1's syntax engine does: the first
	 * element that is a primary key becomes the key; the qualifier sequence matching most
	 * of the elements goes into the path in its defined order; all other elements become
	 * query attributes, fixed-length AIs first, each in the order given; repeated AIs are
	 * written once.
	 * @throws InvalidCodeException when a value is invalid, no element is a primary key,
	 * or an element may not be a data attribute
	 */
	public static DigitalLink generate(@Nullable String stem, List<AiElement> elements, DigitalLinkOptions options) {
		return DigitalLinkParser.generate(stem == null ? CANONICAL_STEM : stem, elements, options);
	}

	/**
	 * The Digital Link of one trade item:
	 * {@code <stem>/01/<gtin>[/10/<lot>][/21/<serial>][?17=<expiry>]}.
	 * @throws InvalidCodeException when the lot or serial is not valid for AI (10) / (21)
	 */
	public static DigitalLink ofItem(@Nullable String stem, Gtin gtin, @Nullable String lot, @Nullable String serial,
			@Nullable LocalDate expiry) {
		List<AiElement> elements = new ArrayList<>();
		elements.add(new AiElement("01", gtin.value()));
		if (lot != null) {
			elements.add(new AiElement("10", lot));
		}
		if (serial != null) {
			elements.add(new AiElement("21", serial));
		}
		if (expiry != null) {
			elements.add(new AiElement("17", expiry.format(YYMMDD)));
		}
		return generate(stem, elements);
	}

	/** Primary key, qualifiers, then attributes. */
	public List<AiElement> elements() {
		List<AiElement> all = new ArrayList<>(1 + this.qualifiers.size() + this.attributes.size());
		all.add(this.primaryKey);
		all.addAll(this.qualifiers);
		all.addAll(this.attributes);
		return List.copyOf(all);
	}

	/**
	 * The value of the first element with this AI (key, qualifier or attribute), or
	 * {@code null}.
	 */
	public @Nullable String value(String ai) {
		for (AiElement element : elements()) {
			if (element.ai().equals(ai)) {
				return element.value();
			}
		}
		return null;
	}

	/**
	 * The GS1 element string in syntax-engine notation: {@code ^} is FNC1, written first
	 * and after each AI that is not of predefined length (unless it is the last), e.g.
	 * {@code ^010952012345678810ABC1^2112345^17180426}.
	 */
	public String elementString() {
		StringBuilder sb = new StringBuilder("^");
		boolean fnc1Needed = false;
		for (AiElement element : elements()) {
			if (fnc1Needed) {
				sb.append('^');
			}
			sb.append(element.ai()).append(element.value());
			AiTable.Entry entry = AiTable.lookup(element.ai());
			fnc1Needed = entry == null || entry.fnc1();
		}
		return sb.toString();
	}

	/** The element string in bracketed form, e.g. {@code (01)09520123456788(21)12345}. */
	public String bracketed() {
		StringBuilder sb = new StringBuilder();
		for (AiElement element : elements()) {
			sb.append(element);
		}
		return sb.toString();
	}

	/**
	 * The URI with the stem replaced by {@link #CANONICAL_STEM} and without query
	 * parameters.
	 */
	public String canonicalIdentity() {
		return new DigitalLink(CANONICAL_STEM, this.primaryKey, this.qualifiers, List.of(), Map.of()).toUri();
	}

	/**
	 * The URI: stem, path, then attributes and other parameters in order; values
	 * percent-encoded.
	 */
	public String toUri() {
		StringBuilder sb = new StringBuilder(this.stem);
		appendPath(sb, this.primaryKey);
		for (AiElement qualifier : this.qualifiers) {
			appendPath(sb, qualifier);
		}
		char sep = '?';
		for (AiElement attribute : this.attributes) {
			sb.append(sep).append(attribute.ai()).append('=').append(PercentCoding.encode(attribute.value(), true));
			sep = '&';
		}
		for (Map.Entry<String, String> parameter : this.otherParameters.entrySet()) {
			sb.append(sep).append(parameter.getKey());
			// "=" alone (no name, no value) must stay "=": an empty parameter is dropped
			// on reading
			if (!parameter.getValue().isEmpty() || parameter.getKey().isEmpty()) {
				sb.append('=').append(parameter.getValue());
			}
			sep = '&';
		}
		return sb.toString();
	}

	private static void appendPath(StringBuilder sb, AiElement element) {
		sb.append('/').append(element.ai()).append('/').append(PercentCoding.encode(element.value(), false));
	}

	@Override
	public String toString() {
		return toUri();
	}

	static String uriCharacters() {
		return URI_CHARACTERS;
	}

	static String badDomainCharacters() {
		return BAD_DOMAIN_CHARACTERS;
	}

	static @Nullable String convenienceAlpha(String alpha) {
		return CONVENIENCE_ALPHAS.get(alpha);
	}

}
