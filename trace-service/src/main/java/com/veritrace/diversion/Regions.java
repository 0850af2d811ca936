package com.veritrace.diversion;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Region codes and the rule of a scan's region against a distributor's regions. A region
 * is an ISO 3166-1 alpha-2 country ({@code CN}, {@code DE}) or an ISO 3166-2 subdivision
 * ({@code CN-31}). China's provinces are written with their GB/T 2260 numbers (as ISO
 * 3166-2:CN did until 2017: {@code CN-31} Shanghai); the current letter codes
 * ({@code CN-SH}) are accepted and written as the number. Hong Kong, Macao and Taiwan are
 * the countries {@code HK}, {@code MO}, {@code TW} ({@code CN-91}, {@code CN-92},
 * {@code CN-71} are written so). Other countries' subdivisions are checked for their form
 * and country only. Cities are not regions: no ISO code names them.
 */
public final class Regions {

	/** Where a scan's region stands against a distributor's regions. */
	public enum Placement {

		/** Inside one of the regions. */
		INSIDE,
		/** Outside all of them. */
		OUTSIDE,
		/**
		 * Cannot be told: no regions, or the scan's region is a country in which the
		 * regions are subdivisions.
		 */
		UNKNOWN

	}

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Pattern FORM = Pattern.compile("([A-Z]{2})(?:-([A-Z0-9]{1,3}))?");

	/** China's provincial divisions: GB/T 2260 number, letter code, English name. */
	private static final String[][] CHINA = { { "11", "BJ", "Beijing" }, { "12", "TJ", "Tianjin" },
			{ "13", "HE", "Hebei" }, { "14", "SX", "Shanxi" }, { "15", "NM", "Inner Mongolia" },
			{ "21", "LN", "Liaoning" }, { "22", "JL", "Jilin" }, { "23", "HL", "Heilongjiang" },
			{ "31", "SH", "Shanghai" }, { "32", "JS", "Jiangsu" }, { "33", "ZJ", "Zhejiang" }, { "34", "AH", "Anhui" },
			{ "35", "FJ", "Fujian" }, { "36", "JX", "Jiangxi" }, { "37", "SD", "Shandong" }, { "41", "HA", "Henan" },
			{ "42", "HB", "Hubei" }, { "43", "HN", "Hunan" }, { "44", "GD", "Guangdong" }, { "45", "GX", "Guangxi" },
			{ "46", "HI", "Hainan" }, { "50", "CQ", "Chongqing" }, { "51", "SC", "Sichuan" }, { "52", "GZ", "Guizhou" },
			{ "53", "YN", "Yunnan" }, { "54", "XZ", "Tibet" }, { "61", "SN", "Shaanxi" }, { "62", "GS", "Gansu" },
			{ "63", "QH", "Qinghai" }, { "64", "NX", "Ningxia" }, { "65", "XJ", "Xinjiang" } };

	private static final Map<String, String> CHINA_ALIASES = new LinkedHashMap<>();

	private static final Map<String, String> CHINA_NAMES = new LinkedHashMap<>();

	static {
		for (String[] p : CHINA) {
			CHINA_ALIASES.put(p[0], "CN-" + p[0]);
			CHINA_ALIASES.put(p[1], "CN-" + p[0]);
			CHINA_NAMES.put("CN-" + p[0], p[2]);
		}
		CHINA_ALIASES.put("71", "TW");
		CHINA_ALIASES.put("TW", "TW");
		CHINA_ALIASES.put("91", "HK");
		CHINA_ALIASES.put("HK", "HK");
		CHINA_ALIASES.put("92", "MO");
		CHINA_ALIASES.put("MO", "MO");
	}

	private Regions() {
	}

	/**
	 * The region in its canonical form ({@code cn-sh} -> {@code CN-31}), or null when the
	 * text is not a known country or a well-formed subdivision of one.
	 */
	public static @Nullable String canonical(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String code = text.strip().toUpperCase(Locale.ROOT);
		var m = FORM.matcher(code);
		if (!m.matches() || !COUNTRIES.contains(m.group(1))) {
			return null;
		}
		if (m.group(2) == null || !m.group(1).equals("CN")) {
			return code;
		}
		return CHINA_ALIASES.get(m.group(2));
	}

	/** Why the text is not a region, or null when it is one. */
	public static @Nullable String problem(String text) {
		if (canonical(text) != null) {
			return null;
		}
		String code = text.strip().toUpperCase(Locale.ROOT);
		if (code.startsWith("CN-")) {
			return "“" + text + "” is not a province of China (CN-11 to CN-65, e.g. CN-31 Shanghai, or CN-SH)";
		}
		return "“" + text
				+ "” is not an ISO 3166-1 country code (e.g. CN, DE) or ISO 3166-2 subdivision code (e.g. CN-31)";
	}

	/** China's provinces, canonical code to English name, in code order. */
	public static Map<String, String> chinaProvinces() {
		return java.util.Collections.unmodifiableMap(CHINA_NAMES);
	}

	/** The country of a region ({@code CN-31} -> {@code CN}). */
	static String country(String region) {
		return region.substring(0, 2);
	}

	/**
	 * Where a scan in {@code region} stands against these regions (all canonical). A
	 * country covers its subdivisions; a subdivision covers itself. A scan known only to
	 * the country is inside when the country is authorised, and cannot be told when only
	 * some of its subdivisions are: it is never held to be outside them.
	 */
	public static Placement place(Collection<String> regions, String region) {
		if (regions.isEmpty()) {
			return Placement.UNKNOWN;
		}
		boolean countryOnly = region.length() == 2;
		boolean subdivisionsOfIt = false;
		for (String allowed : regions) {
			if (allowed.equals(region) || (allowed.length() == 2 && country(region).equals(allowed))) {
				return Placement.INSIDE;
			}
			if (countryOnly && allowed.length() > 2 && country(allowed).equals(region)) {
				subdivisionsOfIt = true;
			}
		}
		return subdivisionsOfIt ? Placement.UNKNOWN : Placement.OUTSIDE;
	}

}
