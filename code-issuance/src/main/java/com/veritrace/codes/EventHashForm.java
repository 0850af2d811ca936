package com.veritrace.codes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The form the CBV 2.0 event hash (section 8.9) gives a GS1 identifier: an EPC URN (id,
 * LGTIN class, ID pattern) or a GS1 Digital Link on any host becomes a constrained
 * canonical Digital Link on {@code https://id.gs1.org} (lowest identification level only,
 * no CPV, no query string). Behaviour follows the GS1 reference implementation's
 * {@code dl_normaliser.py} (RalphTro/epcis-event-hash-generator): values are taken as
 * they are written, %-escapes included, and only {@code ! ( ) * + , :} are escaped on the
 * way; check digits are not checked here. Event hashes depend on this text to the byte:
 * change it and stored hash IDs can no longer be recomputed.
 * <p>
 * Unlike {@link DigitalLink} (GS1 syntax engine rules, values decoded and re-encoded),
 * nothing here is validated beyond what the reference checks.
 */
public final class EventHashForm {

	private static final String CANONICAL_HOST = DigitalLink.CANONICAL_STEM;

	/**
	 * One escaped or plain character of the EPC URI "GS3A3" component syntax (TDS §5).
	 */
	private static final String GS3A3_CHAR = "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]|[!')(*+,.0-9:;=A-Za-z_-])";

	private static final Pattern DIGITS = Pattern.compile("\\d*");

	/**
	 * Characters allowed in DL key/qualifier values we accept (AI 82 set, plus '%' for
	 * escapes).
	 */
	private static final Pattern DL_VALUE = Pattern.compile("[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,30}");

	private static final Map<String, String> SHORT_NAMES = Map.ofEntries(Map.entry("gtin", "01"),
			Map.entry("itip", "8006"), Map.entry("cpid", "8010"), Map.entry("gln", "414"), Map.entry("party", "417"),
			Map.entry("gsrnp", "8017"), Map.entry("gsrn", "8018"), Map.entry("gcn", "255"), Map.entry("sscc", "00"),
			Map.entry("gdti", "253"), Map.entry("ginc", "401"), Map.entry("gsin", "402"), Map.entry("grai", "8003"),
			Map.entry("giai", "8004"), Map.entry("cpv", "22"), Map.entry("lot", "10"), Map.entry("ser", "21"));

	private static final List<String> PRIMARY_KEYS = List.of("01", "8006", "8010", "414", "417", "8017", "8018", "255",
			"00", "253", "401", "402", "8003", "8004");

	private EventHashForm() {
	}

	/**
	 * A parsed Digital Link: primary key AI and value, then qualifier AI -> value in path
	 * order (raw, still escaped).
	 */
	public record Parsed(String keyAi, String key, Map<String, String> qualifiers) {
	}

	/**
	 * Canonical Digital Link for an EPC URN (id, class, idpat) or a Digital Link URI on
	 * any host; {@code null} when the text is neither (or is a malformed one): the event
	 * hash then takes the value as it is.
	 */
	public static @Nullable String canonical(String uri) {
		if (uri.startsWith("urn:epc:")) {
			return fromUrn(uri);
		}
		if (uri.startsWith("https://") || uri.startsWith("http://")) {
			Parsed parsed = parse(uri);
			return parsed == null ? null : constrain(parsed);
		}
		return null;
	}

	/**
	 * Parses a Digital Link URI (any host, short names allowed) without dropping
	 * anything; {@code null} if not one.
	 */
	public static @Nullable Parsed parse(String uri) {
		int scheme = uri.indexOf("://");
		if (scheme < 0) {
			return null;
		}
		String rest = uri.substring(scheme + 3);
		int cut = indexOfAny(rest, '?', '#');
		if (cut >= 0) {
			rest = rest.substring(0, cut);
		}
		int slash = rest.indexOf('/');
		if (slash < 0) {
			return null;
		}
		String[] segments = rest.substring(slash + 1).split("/", -1);
		int end = segments.length;
		if (end > 0 && segments[end - 1].isEmpty()) {
			end--; // one trailing slash is tolerated
		}
		for (int i = 0; i + 1 < end; i++) {
			String ai = SHORT_NAMES.getOrDefault(segments[i], segments[i]);
			if (PRIMARY_KEYS.contains(ai) && segments[i + 1].length() >= 5
					&& segments[i + 1].substring(0, 4).chars().allMatch(Character::isDigit)) {
				if ((end - i - 2) % 2 != 0) {
					return null;
				}
				Map<String, String> qualifiers = new LinkedHashMap<>();
				for (int q = i + 2; q + 1 < end; q += 2) {
					String qAi = SHORT_NAMES.getOrDefault(segments[q], segments[q]);
					if (segments[q + 1].isEmpty() || qualifiers.put(qAi, segments[q + 1]) != null) {
						return null;
					}
				}
				return new Parsed(ai, segments[i + 1], qualifiers);
			}
		}
		return null;
	}

	/**
	 * Reduces a parsed link to the constrained canonical form; {@code null} if the result
	 * is not a valid key.
	 */
	public static @Nullable String constrain(Parsed parsed) {
		String ai = parsed.keyAi();
		String key = parsed.key();
		Map<String, String> q = new LinkedHashMap<>(parsed.qualifiers());
		q.remove("22");
		if (q.containsKey("21")) {
			q.remove("10");
		}
		if (ai.equals("01") && (key.length() == 8 || key.length() == 12 || key.length() == 13)) {
			key = "0".repeat(14 - key.length()) + key;
		}
		boolean ok = switch (ai) {
			case "00" -> digits(key, 18) && q.isEmpty();
			case "01" -> digits(key, 14) && (q.isEmpty()
					|| (q.size() == 1 && (q.containsKey("21") || q.containsKey("10") || q.containsKey("235"))));
			case "8006" ->
				digits(key, 18) && (q.isEmpty() || (q.size() == 1 && (q.containsKey("21") || q.containsKey("10"))));
			case "414" -> digits(key, 13) && (q.isEmpty() || (q.size() == 1 && q.containsKey("254")));
			case "417", "402" -> digits(key, ai.equals("417") ? 13 : 17) && q.isEmpty();
			case "8017", "8018" -> digits(key, 18) && q.isEmpty();
			case "253" -> key.length() >= 13 && digits(key.substring(0, 13), 13) && q.isEmpty();
			case "255" -> key.length() >= 13 && key.length() <= 25 && digits(key, key.length()) && q.isEmpty();
			case "8003" -> key.length() >= 14 && digits(key.substring(0, 14), 14) && q.isEmpty();
			case "8010" -> q.isEmpty() || (q.size() == 1 && q.containsKey("8011") && digits(q.get("8011"), -1));
			case "401", "8004" -> q.isEmpty();
			default -> false;
		};
		if (!ok || !DL_VALUE.matcher(key).matches()) {
			return null;
		}
		StringBuilder sb = new StringBuilder(CANONICAL_HOST).append('/').append(ai).append('/').append(key);
		for (Map.Entry<String, String> e : q.entrySet()) {
			if (!DL_VALUE.matcher(e.getValue()).matches()) {
				return null;
			}
			sb.append('/').append(e.getKey()).append('/').append(e.getValue());
		}
		return sb.toString();
	}

	private static @Nullable String fromUrn(String uri) {
		String[] head = uri.split(":", 5);
		if (head.length != 5) {
			return null;
		}
		String kind = head[2];
		String scheme = head[3];
		String body = head[4];
		return switch (kind) {
			case "id" -> fromIdUrn(scheme, body);
			case "class" -> scheme.equals("lgtin") ? lgtin(body) : null;
			case "idpat" -> fromPatternUrn(scheme, body);
			default -> null;
		};
	}

	private static @Nullable String fromIdUrn(String scheme, String body) {
		switch (scheme) {
			case "sgtin": {
				String[] p = body.split("\\.", 3);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 13 - p[0].length()) || !gs3a3(p[2], 20)) {
					return null;
				}
				return CANONICAL_HOST + "/01/" + gtin(p[0], p[1]) + "/21/" + escape(p[2]);
			}
			case "sscc": {
				String[] p = body.split("\\.", -1);
				if (p.length != 2 || !companyPrefix(p[0]) || !digits(p[1], 17 - p[0].length())) {
					return null;
				}
				return CANONICAL_HOST + "/00/" + CheckDigits.append(p[1].charAt(0) + p[0] + p[1].substring(1));
			}
			case "sgln": {
				String[] p = body.split("\\.", 3);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 12 - p[0].length()) || !gs3a3(p[2], 20)) {
					return null;
				}
				String gln = CANONICAL_HOST + "/414/" + CheckDigits.append(p[0] + p[1]);
				return p[2].equals("0") ? gln : gln + "/254/" + escape(p[2]);
			}
			case "grai": {
				String[] p = body.split("\\.", 3);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 12 - p[0].length()) || !gs3a3(p[2], 16)) {
					return null;
				}
				return CANONICAL_HOST + "/8003/" + CheckDigits.append("0" + p[0] + p[1]) + escape(p[2]);
			}
			case "giai", "ginc": {
				String[] p = body.split("\\.", 2);
				if (p.length != 2 || !companyPrefix(p[0]) || !gs3a3(p[1], 30 - p[0].length())) {
					return null;
				}
				return CANONICAL_HOST + (scheme.equals("giai") ? "/8004/" : "/401/") + p[0] + escape(p[1]);
			}
			case "gsrn", "gsrnp": {
				String[] p = body.split("\\.", -1);
				if (p.length != 2 || !companyPrefix(p[0]) || !digits(p[1], 17 - p[0].length())) {
					return null;
				}
				return CANONICAL_HOST + (scheme.equals("gsrn") ? "/8018/" : "/8017/") + CheckDigits.append(p[0] + p[1]);
			}
			case "gdti": {
				String[] p = body.split("\\.", 3);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 12 - p[0].length())
						|| (!p[2].isEmpty() && !gs3a3(p[2], 17))) {
					return null;
				}
				return CANONICAL_HOST + "/253/" + CheckDigits.append(p[0] + p[1]) + escape(p[2]);
			}
			case "sgcn": {
				String[] p = body.split("\\.", -1);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 12 - p[0].length()) || !digits(p[2], -1)
						|| p[2].isEmpty() || p[2].length() > 12) {
					return null;
				}
				return CANONICAL_HOST + "/255/" + CheckDigits.append(p[0] + p[1]) + p[2];
			}
			case "cpi": {
				int first = body.indexOf('.');
				int last = body.lastIndexOf('.');
				if (first <= 0 || last <= first || !companyPrefix(body.substring(0, first))) {
					return null;
				}
				String serial = body.substring(last + 1);
				if (serial.isEmpty() || serial.length() > 12 || !digits(serial, -1)) {
					return null;
				}
				return CANONICAL_HOST + "/8010/" + escape(body.substring(0, first) + body.substring(first + 1, last))
						+ "/8011/" + serial;
			}
			case "gsin": {
				String[] p = body.split("\\.", -1);
				if (p.length != 2 || !companyPrefix(p[0]) || !digits(p[1], 16 - p[0].length())) {
					return null;
				}
				return CANONICAL_HOST + "/402/" + CheckDigits.append(p[0] + p[1]);
			}
			case "itip": {
				String[] p = body.split("\\.", 5);
				if (p.length != 5 || !companyPrefix(p[0]) || !digits(p[1], 13 - p[0].length()) || !digits(p[2], 2)
						|| !digits(p[3], 2) || !gs3a3(p[4], 20)) {
					return null;
				}
				return CANONICAL_HOST + "/8006/" + gtin(p[0], p[1]) + p[2] + p[3] + "/21/" + escape(p[4]);
			}
			case "upui": {
				String[] p = body.split("\\.", 3);
				if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 13 - p[0].length()) || !gs3a3(p[2], 28)) {
					return null;
				}
				return CANONICAL_HOST + "/01/" + gtin(p[0], p[1]) + "/235/" + escape(p[2]);
			}
			case "pgln": {
				String[] p = body.split("\\.", -1);
				if (p.length != 2 || !companyPrefix(p[0]) || !digits(p[1], 12 - p[0].length())) {
					return null;
				}
				return CANONICAL_HOST + "/417/" + CheckDigits.append(p[0] + p[1]);
			}
			default:
				return null;
		}
	}

	private static @Nullable String lgtin(String body) {
		String[] p = body.split("\\.", 3);
		if (p.length != 3 || !companyPrefix(p[0]) || !digits(p[1], 13 - p[0].length()) || !gs3a3(p[2], 20)) {
			return null;
		}
		return CANONICAL_HOST + "/01/" + gtin(p[0], p[1]) + "/10/" + escape(p[2]);
	}

	private static @Nullable String fromPatternUrn(String scheme, String body) {
		if (!body.endsWith(".*")) {
			return null;
		}
		String[] p = body.substring(0, body.length() - 2).split("\\.", -1);
		if (p.length < 2 || !companyPrefix(p[0])) {
			return null;
		}
		return switch (scheme) {
			case "sgtin", "upui" ->
				p.length == 2 && digits(p[1], 13 - p[0].length()) ? CANONICAL_HOST + "/01/" + gtin(p[0], p[1]) : null;
			case "grai" -> p.length == 2 && digits(p[1], 12 - p[0].length())
					? CANONICAL_HOST + "/8003/" + CheckDigits.append("0" + p[0] + p[1]) : null;
			case "gdti", "sgcn" -> p.length == 2 && digits(p[1], 12 - p[0].length())
					? CANONICAL_HOST + (scheme.equals("gdti") ? "/253/" : "/255/") + CheckDigits.append(p[0] + p[1])
					: null;
			case "cpi" -> p.length == 2 && !p[1].isEmpty() ? CANONICAL_HOST + "/8010/" + escape(p[0] + p[1]) : null;
			case "itip" -> p.length == 4 && digits(p[1], 13 - p[0].length()) && digits(p[2], 2) && digits(p[3], 2)
					? CANONICAL_HOST + "/8006/" + gtin(p[0], p[1]) + p[2] + p[3] : null;
			default -> null;
		};
	}

	/**
	 * GTIN-14 from a company prefix and an item reference whose first digit is the
	 * indicator.
	 */
	private static String gtin(String companyPrefix, String itemRef) {
		return CheckDigits.append(itemRef.charAt(0) + companyPrefix + itemRef.substring(1));
	}

	/**
	 * True if {@code digits} are all digits and the last one is the GS1 mod-10 check
	 * digit of the others.
	 */
	public static boolean checkDigitValid(String digits) {
		return CheckDigits.isValid(digits);
	}

	/**
	 * Percent-encodes the characters GS1 Digital Link (Table 7-1) requires; existing
	 * escapes stay as they are.
	 */
	private static String escape(String value) {
		StringBuilder sb = new StringBuilder(value.length() + 8);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '!' -> sb.append("%21");
				case '(' -> sb.append("%28");
				case ')' -> sb.append("%29");
				case '*' -> sb.append("%2A");
				case '+' -> sb.append("%2B");
				case ',' -> sb.append("%2C");
				case ':' -> sb.append("%3A");
				default -> sb.append(c);
			}
		}
		return sb.toString();
	}

	/** Decodes %XX escapes (UTF-8); malformed escapes are kept literally. */
	public static String unescape(String value) {
		if (value.indexOf('%') < 0) {
			return value;
		}
		List<Byte> bytes = new ArrayList<>();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
					&& Character.digit(value.charAt(i + 2), 16) >= 0) {
				bytes.add((byte) Integer.parseInt(value.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
					bytes.add(b);
				}
			}
		}
		byte[] out = new byte[bytes.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = bytes.get(i);
		}
		return new String(out, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static boolean companyPrefix(String s) {
		return s.length() >= 6 && s.length() <= 12 && digits(s, -1);
	}

	/** All digits, and exactly {@code length} of them unless length is -1. */
	private static boolean digits(@Nullable String s, int length) {
		return s != null && (length < 0 || s.length() == length) && DIGITS.matcher(s).matches();
	}

	private static boolean gs3a3(String s, int maxChars) {
		return Pattern.matches(GS3A3_CHAR + "{1," + maxChars + "}", s);
	}

	private static int indexOfAny(String s, char a, char b) {
		int i = s.indexOf(a);
		int j = s.indexOf(b);
		return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
	}

}
