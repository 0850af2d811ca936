package com.veritrace.events;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One value of an EPCIS {@code MATCH_*} query parameter (EPCIS 2.0 section 8.2.7.1.1),
 * compiled against {@link EpcKeys index keys}: an exact identifier in any form (EPC URN,
 * LGTIN class, Digital Link on any domain), an EPC ID pattern
 * ({@code urn:epc:idpat:sgtin:CP.IR.*}, {@code CP.*.*}, {@code *.*.*}; likewise
 * {@code sscc}, {@code sgln}, {@code grai}, {@code giai}), or a Digital Link or LGTIN
 * ending in {@code *} (any value of its last component, e.g.
 * {@code https://id.gs1.org/01/09521234543213/21/*}).
 * <p>
 * For classes ({@code MATCH_epcClass} and kin) a GTIN, written as a bare GTIN Digital
 * Link or as {@code urn:epc:idpat:sgtin:CP.IR.*}, also matches every lot of it
 * ({@code urn:epc:class:lgtin:CP.IR.*}).
 * <p>
 * {@link #like()} is a SQL {@code LIKE} pattern (escape {@code !}) that every matching
 * key satisfies; {@link #matches(String)} decides.
 */
record EpcPattern(String text, @Nullable String exact, @Nullable String prefix, @Nullable Pattern regex, String like) {

	private static final String DL = "https://id.gs1.org/";

	private static final String QDL = Pattern.quote(DL);

	private static final Pattern GTIN_CLASS = Pattern.compile(QDL + "01/\\d{14}");

	private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");

	/** Whether the index key matches. */
	boolean matches(String key) {
		if (this.exact != null) {
			return key.equals(this.exact);
		}
		if (this.prefix != null) {
			return key.startsWith(this.prefix);
		}
		return this.regex != null && this.regex.matcher(key).matches();
	}

	/** A pattern of EPCs (instances). */
	static EpcPattern instance(String text) {
		return parse(text, false);
	}

	/** A pattern of EPC classes ({@code epcClass} of quantity elements). */
	static EpcPattern epcClass(String text) {
		return parse(text, true);
	}

	private static EpcPattern parse(String text, boolean classes) {
		String s = text.strip();
		if (s.isEmpty()) {
			throw new IllegalArgumentException(classes ? "empty EPC class" : "empty EPC");
		}
		if (s.startsWith("urn:epc:idpat:")) {
			return idPattern(s, classes);
		}
		if (s.indexOf('*') >= 0) {
			return trailingWildcard(s);
		}
		String key = EpcKeys.key(s);
		if (classes && GTIN_CLASS.matcher(key).matches()) {
			// the GTIN and each of its lots
			return new EpcPattern(s, null, null, Pattern.compile(Pattern.quote(key) + "(/10/.+)?"), escape(key) + "%");
		}
		return new EpcPattern(s, key, null, null, escape(key));
	}

	private static EpcPattern trailingWildcard(String s) {
		if (s.indexOf('*') != s.length() - 1) {
			throw new IllegalArgumentException("'*' may only end a pattern: '" + s + "'");
		}
		String key = EpcKeys.key(s.substring(0, s.length() - 1) + "X");
		if (!key.endsWith("X") || key.length() < 2) {
			throw new IllegalArgumentException("not a Digital Link or EPC URI with a final '*': '" + s + "'");
		}
		String prefix = key.substring(0, key.length() - 1);
		return new EpcPattern(s, null, prefix, null, escape(prefix) + "%");
	}

	private static EpcPattern idPattern(String s, boolean classes) {
		String body = s.substring("urn:epc:idpat:".length());
		int colon = body.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("EPC pattern without a scheme: '" + s + "'");
		}
		String scheme = body.substring(0, colon);
		String[] f = body.substring(colon + 1).split("\\.", -1);
		int expected = switch (scheme) {
			case "sgtin", "sgln", "grai" -> 3;
			case "sscc", "giai" -> 2;
			default -> throw new IllegalArgumentException("EPC pattern scheme '" + scheme
					+ "' is not supported (sgtin, sscc, sgln, grai, giai): '" + s + "'");
		};
		if (f.length != expected) {
			throw new IllegalArgumentException("EPC pattern '" + s + "' needs " + expected + " fields");
		}
		int fixed = 0;
		while (fixed < f.length && !f[fixed].equals("*")) {
			fixed++;
		}
		for (int i = fixed; i < f.length; i++) {
			if (!f[i].equals("*")) {
				throw new IllegalArgumentException("after a '*' every field must be '*': '" + s + "'");
			}
		}
		if (fixed == f.length) {
			throw new IllegalArgumentException("an EPC pattern needs a '*': '" + s + "'");
		}
		for (int i = 0; i < fixed && !(scheme.equals("giai") && i == 1); i++) {
			if (!DIGITS.matcher(f[i]).matches()) {
				throw new IllegalArgumentException("EPC pattern field '" + f[i] + "' is not digits: '" + s + "'");
			}
		}
		if (classes && !scheme.equals("sgtin")) {
			throw new IllegalArgumentException("an EPC class pattern must be an sgtin pattern: '" + s + "'");
		}
		String cp = fixed > 0 ? f[0] : null;
		if (cp != null && (cp.length() < 6 || cp.length() > 12)) {
			throw new IllegalArgumentException("a GS1 Company Prefix has 6 to 12 digits: '" + s + "'");
		}
		return switch (scheme) {
			case "sgtin" -> sgtin(s, f, fixed, cp, classes);
			case "sscc" -> cp == null ? regex(s, "00/\\d{18}", "00/%")
					: regex(s, "00/\\d" + cp + "\\d{" + (17 - cp.length()) + "}", "00/_" + cp + "%");
			case "sgln" -> sgln(s, f, fixed, cp);
			case "grai" -> grai(s, f, fixed, cp);
			default -> cp == null ? regex(s, "8004/.+", "8004/%") : prefixOf(s, "urn:epc:id:giai:" + cp + ".X");
		};
	}

	private static EpcPattern sgtin(String s, String[] f, int fixed, @Nullable String cp, boolean classes) {
		if (fixed == 2) {
			if (classes) {
				String gtin = EpcKeys.key(s);
				if (!GTIN_CLASS.matcher(gtin).matches()) {
					throw new IllegalArgumentException("malformed EPC class pattern '" + s + "'");
				}
				return epcClass(gtin);
			}
			return prefixOf(s, "urn:epc:id:sgtin:" + f[0] + "." + f[1] + ".X");
		}
		String gtin = cp == null ? "\\d{14}" : "\\d" + cp + "\\d{" + (13 - cp.length()) + "}";
		String like = cp == null ? "01/%" : "01/_" + cp + "%";
		return regex(s, "01/" + gtin + (classes ? "(/10/.+)?" : "/21/.+"), like);
	}

	private static EpcPattern sgln(String s, String[] f, int fixed, @Nullable String cp) {
		if (fixed == 2) {
			String base = EpcKeys.key("urn:epc:id:sgln:" + f[0] + "." + f[1] + ".0");
			return new EpcPattern(s, null, null, Pattern.compile(Pattern.quote(base) + "(/254/.+)?"),
					escape(base) + "%");
		}
		String gln = cp == null ? "\\d{13}" : cp + "\\d{" + (13 - cp.length()) + "}";
		return regex(s, "414/" + gln + "(/254/.+)?", cp == null ? "414/%" : "414/" + cp + "%");
	}

	private static EpcPattern grai(String s, String[] f, int fixed, @Nullable String cp) {
		if (fixed == 2) {
			return prefixOf(s, "urn:epc:id:grai:" + f[0] + "." + f[1] + ".X");
		}
		String grai = cp == null ? "0\\d{13}" : "0" + cp + "\\d{" + (13 - cp.length()) + "}";
		return regex(s, "8003/" + grai + ".+", cp == null ? "8003/%" : "8003/0" + cp + "%");
	}

	/** Keys starting like the key of {@code sample} without its final "X". */
	private static EpcPattern prefixOf(String s, String sample) {
		String key;
		try {
			key = EpcKeys.key(sample);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("malformed EPC pattern '" + s + "'");
		}
		if (!key.startsWith(DL) || !key.endsWith("X")) {
			throw new IllegalArgumentException("malformed EPC pattern '" + s + "'");
		}
		String prefix = key.substring(0, key.length() - 1);
		return new EpcPattern(s, null, prefix, null, escape(prefix) + "%");
	}

	private static EpcPattern regex(String s, String afterDomain, String likeAfterDomain) {
		return new EpcPattern(s, null, null, Pattern.compile(QDL + afterDomain), escape(DL) + likeAfterDomain);
	}

	/** {@code text} as a literal in a LIKE pattern with escape character {@code !}. */
	static String escape(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

}
