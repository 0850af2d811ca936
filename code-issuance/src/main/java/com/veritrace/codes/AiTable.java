package com.veritrace.codes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The GS1 Application Identifier table: for each AI its data format (components of type
 * N, X = CSET 82 or Y = CSET 39 with fixed or ranged length), whether an FNC1 separator
 * must follow it, the content checks ("linters") on each component, the mandatory /
 * invalid pairings, and its role in a GS1 Digital Link URI (primary key with ordered
 * qualifiers, or whether it may appear as a data attribute in the query string).
 * <p>
 * Transcribed from the GS1 General Specifications (section 3.2 AI table, 4.14 pairing
 * rules) in the notation of GS1's Barcode Syntax Dictionary, and the GS1 Digital Link URI
 * Syntax 1.x key/qualifier table. Not every AI of the General Specifications is listed:
 * the ones a traceability system meets (identification keys, dates, measures, logistics,
 * healthcare NHRNs, internal) are. The linters implemented are {@code csum} (GS1 mod-10),
 * {@code yymmd0}, {@code yymmdd}, {@code hhmm}, {@code yesno}, {@code zero},
 * {@code nozeroprefix}, {@code pieceoftotal}; other linter names in the table (country
 * and currency codes, GMN alphanumeric check pair, ...) are recorded but not evaluated.
 */
final class AiTable {

	/** One component of an AI's data field. */
	record Component(char type, int min, int max, boolean optional, List<String> linters) {
	}

	/**
	 * One AI. {@code dlQualifierSequences} is non-empty for a Digital Link primary key:
	 * each entry is an ordered list of optional qualifier AIs (one per alternative).
	 */
	record Entry(String ai, boolean fnc1, List<Component> components, List<List<String>> requires,
			List<String> excludes, @Nullable List<List<String>> dlQualifierSequences, boolean dlDataAttribute,
			boolean unknown, String title) {

		boolean isPrimaryKey() {
			return this.dlQualifierSequences != null;
		}

		int maxLength() {
			return this.components.stream().mapToInt(Component::max).sum();
		}

	}

	// @formatter:off
	// AI(s)  [*=no FNC1]  components  [req=..] [ex=..] [dlpkey[=q,q|q]] [noattr]  # title
	private static final String TABLE = """
			00        * N18,csum                  dlpkey                                # SSCC
			01        * N14,csum                  ex=02,255,37 dlpkey=22,10,21|235      # GTIN
			02        * N14,csum                  req=37                                # CONTENT
			10          X..20                     req=01,02,8006,8026                   # BATCH/LOT
			11        * N6,yymmd0                 req=01,02,8006,8026                   # PROD DATE
			12        * N6,yymmd0                 req=8020                              # DUE DATE
			13        * N6,yymmd0                 req=01,02,8006,8026                   # PACK DATE
			15        * N6,yymmd0                 req=01,02,8006,8026                   # BEST BEFORE
			16        * N6,yymmd0                 req=01,02,8006,8026                   # SELL BY
			17        * N6,yymmd0                 req=01,02,255,8006,8026               # USE BY or EXPIRY
			20        * N2                        req=01,02,8006,8026                   # VARIANT
			21          X..20                     req=01,8006 ex=235 noattr             # SERIAL
			22          X..20                     req=01 noattr                         # CPV
			235         X..28                     req=01 noattr                         # TPX
			240         X..30                     req=01,02,8006,8026                   # ADDITIONAL ID
			241         X..30                     req=01,02,8006,8026                   # CUST. PART No.
			242         N..6                      req=01,02,8006,8026                   # MTO VARIANT
			243         X..20                     req=01                                # PCN
			250         X..30                     req=01,8006 req=21                    # SECONDARY SERIAL
			251         X..30                     req=01,8006                           # REF. TO SOURCE
			253         N13,csum [X..17]          dlpkey                                # GDTI
			254         X..20                     req=414 noattr                        # GLN EXTENSION COMPONENT
			255         N13,csum [N..12]          dlpkey ex=01,02,415,8006,8020,8026    # GCN
			30          N..8                      req=01,02                             # VAR. COUNT
			3100-3105 * N6                        req=01,02                             # NET WEIGHT (kg)
			3110-3115 * N6                        req=01,02                             # LENGTH (m)
			3120-3125 * N6                        req=01,02                             # WIDTH (m)
			3130-3135 * N6                        req=01,02                             # HEIGHT (m)
			3140-3145 * N6                        req=01,02                             # AREA (m2)
			3150-3155 * N6                        req=01,02                             # NET VOLUME (l)
			3160-3165 * N6                        req=01,02                             # NET VOLUME (m3)
			3200-3205 * N6                        req=01,02                             # NET WEIGHT (lb)
			3300-3305 * N6                        req=00,01                             # GROSS WEIGHT (kg)
			3310-3315 * N6                        req=00,01                             # LENGTH (m), log
			3320-3325 * N6                        req=00,01                             # WIDTH (m), log
			3330-3335 * N6                        req=00,01                             # HEIGHT (m), log
			3340-3345 * N6                        req=00,01                             # AREA (m2), log
			3350-3355 * N6                        req=00,01                             # VOLUME (l), log
			3360-3365 * N6                        req=00,01                             # VOLUME (m3), log
			3370-3375 * N6                        req=01                                # KG PER m2
			3400-3405 * N6                        req=00,01                             # GROSS WEIGHT (lb)
			3560-3565 * N6                        req=01,02                             # NET WEIGHT (t oz)
			3570-3575 * N6                        req=01,02                             # NET VOLUME (oz)
			37          N..8                      req=00 req=02,8026                    # COUNT
			3900-3909   N..15                     req=255,8020                          # AMOUNT
			3910-3919   N3,iso4217 N..15          req=8020                              # AMOUNT
			3920-3929   N..15                     req=01 req=30,31nn,32nn,35nn,36nn     # PRICE
			3930-3939   N3,iso4217 N..15          req=30,31nn,32nn,35nn,36nn            # PRICE
			3940-3943   N4                        req=255                               # PRCNT OFF
			3950-3955   N6                        req=30,31nn,32nn,35nn,36nn            # PRICE/UoM
			400         X..30                                                           # ORDER NUMBER
			401         X..30                     dlpkey                                # GINC
			402         N17,csum                  dlpkey                                # GSIN
			403         X..30                     req=00                                # ROUTE
			410       * N13,csum                                                        # SHIP TO LOC
			411       * N13,csum                                                        # BILL TO
			412       * N13,csum                                                        # PURCHASE FROM
			413       * N13,csum                                                        # SHIP FOR LOC
			414       * N13,csum                  dlpkey=254|7040                       # LOC No.
			415       * N13,csum                  req=8020 dlpkey=8020                  # PAY TO
			416       * N13,csum                                                        # PROD/SERV LOC
			417       * N13,csum                  dlpkey=7040                           # PARTY
			420         X..20                     ex=421                                # SHIP TO POST
			421         N3,iso3166 X..9           ex=4307                               # SHIP TO POST
			422         N3,iso3166                req=01,02,8006,8026 ex=426            # ORIGIN
			423         N..15,iso3166list         req=01,02 ex=426                      # COUNTRY - INITIAL PROCESS
			424         N3,iso3166                req=01,02 ex=426                      # COUNTRY - PROCESS
			425         N..15,iso3166list         req=01,02 ex=426                      # COUNTRY - DISASSEMBLY
			426         N3,iso3166                req=01,02                             # COUNTRY - FULL PROCESS
			427         X..3                      req=01,02 req=422                     # ORIGIN SUBDIVISION
			4300        X..35                     req=00                                # SHIP TO COMP
			4301        X..35                     req=00                                # SHIP TO NAME
			4302        X..70                     req=00                                # SHIP TO ADD1
			4307        X2                        req=00                                # SHIP TO COUNTRY
			4308        X..30                     req=00                                # SHIP TO PHONE
			4318        X..20                     req=00                                # RTN TO POST
			4321        N1,yesno                  req=00                                # DANGEROUS GOODS
			4322        N1,yesno                  req=00                                # AUTH TO LEAVE
			4323        N1,yesno                  req=00                                # SIG REQUIRED
			4324        N6,yymmd0 N4,hhmm         req=00                                # NOT BEF DEL DT
			4325        N6,yymmd0 N4,hhmm         req=00                                # NOT AFT DEL DT
			4326        N6,yymmdd                 req=00                                # REL DATE
			7001        N13                       req=01,02,8006,8026                   # NSN
			7002        X..30                     req=01,02                             # MEAT CUT
			7003        N6,yymmdd N4,hhmm         req=01,02                             # EXPIRY TIME
			7004        N..4                      req=01 req=10                         # ACTIVE POTENCY
			7005        X..12                     req=01,02                             # CATCH AREA
			7006        N6,yymmdd                 req=01,02                             # FIRST FREEZE DATE
			7007        N6,yymmdd [N6],yymmdd     req=01,02                             # HARVEST DATE
			7008        X..3                      req=01,02                             # AQUATIC SPECIES
			7009        X..10                     req=01,02                             # FISHING GEAR TYPE
			7010        X..2                      req=01,02                             # PROD METHOD
			7011        N6,yymmdd [N4],hhmm       req=01,02                             # TEST BY DATE
			7020        X..20                     req=01,8006 req=416                   # REFURB LOT
			7021        X..20                     req=01,8006                           # FUNC STAT
			7022        X..20                     req=7021                              # REV STAT
			7023        X..30                                                           # GIAI - ASSEMBLY
			7030-7039   N3,iso3166999 X..27       req=01,02                             # PROCESSOR # s
			7040        N1 X1 X1 X1,importeridx   noattr                                # UIC+EXT
			710-715     X..20                     req=01                                # NHRN (PZN, CIP, CN, DRN, AIM, NDC)
			7230-7239   X2 X..28                  req=01,8004                           # CERT # s
			7240        X..20                     req=01,8006                           # PROTOCOL
			7241        N2,mediatype              req=8017,8018                         # AIDC MEDIA TYPE
			7242        X..25                     req=8017,8018                         # VCN
			8001        N4 N5 N3 N1 N1            req=01                                # DIMENSIONS
			8002        X..20                                                           # CMT No.
			8003        N1,zero N13,csum [X..16]  dlpkey                                # GRAI
			8004        X..30                     dlpkey=7040                           # GIAI
			8005        N6                        req=01,02                             # PRICE PER UNIT
			8006        N14,csum N4,pieceoftotal  ex=01,37 dlpkey=22,10,21              # ITIP
			8007        X..34,iban                req=415                               # IBAN
			8008        N8,yymmddhh [N..4]        req=01,02                             # PROD TIME
			8009        X..50                     req=00,01                             # OPTSEN
			8010        Y..30                     dlpkey=8011                           # CPID
			8011        N..12,nozeroprefix        req=8010 noattr                       # CPID SERIAL
			8012        X..20                     req=01,8006                           # VERSION
			8013        X..25,csumalpha           dlpkey                                # GMN
			8017        N18,csum                  ex=8018 dlpkey=8019                   # GSRN - PROVIDER
			8018        N18,csum                  ex=8017 dlpkey=8019                   # GSRN - RECIPIENT
			8019        N..10                     req=8017,8018 noattr                  # SRIN
			8020        X..25                     req=415                               # REF No.
			8026        N14,csum N4,pieceoftotal  req=37 ex=02,8006                     # ITIP CONTENT
			8110        X..70                                                           # COUPON
			8111        N4                        req=255                               # POINTS
			8112        X..70                                                           # PAPERLESS COUPON
			8200        X..70                     req=01 noattr                         # PRODUCT URL
			90          X..30                                                           # INTERNAL
			91-99       X..90                                                           # INTERNAL
			""";
	// @formatter:on

	private static final Map<String, Entry> ENTRIES = load();

	/**
	 * The 82 characters of GS1 AI encodable character set 82 (GenSpecs figure 7.11-1).
	 */
	static final String CSET82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

	/**
	 * The 39 characters of GS1 AI encodable character set 39 (GenSpecs figure 7.11-2).
	 */
	static final String CSET39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private AiTable() {
	}

	/** Every entry of the table. */
	static java.util.Collection<Entry> entries() {
		return ENTRIES.values();
	}

	/** The entry for a known AI, or {@code null}. */
	static @Nullable Entry lookup(String ai) {
		return ENTRIES.get(ai);
	}

	/**
	 * The entry for {@code ai}, or when {@code permitUnknown} an "unknown AI" entry for
	 * any 2 to 4 digit string (X..90, FNC1 required, not a valid data attribute unless
	 * permitted).
	 */
	static @Nullable Entry lookup(String ai, boolean permitUnknown) {
		Entry entry = ENTRIES.get(ai);
		if (entry == null && permitUnknown && ai.length() >= 2 && ai.length() <= 4 && allDigits(ai)) {
			return new Entry(ai, true, List.of(new Component('X', 1, 90, false, List.of())), List.of(), List.of(), null,
					false, true, "UNKNOWN");
		}
		return entry;
	}

	static boolean allDigits(CharSequence s) {
		if (s.length() == 0) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static Map<String, Entry> load() {
		Map<String, Entry> map = new HashMap<>();
		for (String rawLine : TABLE.split("\n")) {
			String line = rawLine.strip();
			if (line.isEmpty()) {
				continue;
			}
			int hash = line.indexOf('#');
			String title = line.substring(hash + 1).strip();
			List<String> tokens = new ArrayList<>(List.of(line.substring(0, hash).strip().split("\\s+")));
			String range = tokens.remove(0);
			boolean fnc1 = true;
			if (tokens.get(0).equals("*")) {
				fnc1 = false;
				tokens.remove(0);
			}
			List<Component> components = new ArrayList<>();
			List<List<String>> requires = new ArrayList<>();
			List<String> excludes = new ArrayList<>();
			List<List<String>> dl = null;
			boolean attr = true;
			for (String token : tokens) {
				if (token.startsWith("req=")) {
					requires.add(List.of(token.substring(4).split(",")));
				}
				else if (token.startsWith("ex=")) {
					excludes.addAll(List.of(token.substring(3).split(",")));
				}
				else if (token.equals("dlpkey")) {
					dl = List.of(List.of());
				}
				else if (token.startsWith("dlpkey=")) {
					dl = new ArrayList<>();
					for (String alternative : token.substring(7).split("\\|")) {
						dl.add(List.of(alternative.split(",")));
					}
				}
				else if (token.equals("noattr")) {
					attr = false;
				}
				else {
					components.add(component(token));
				}
			}
			String[] bounds = range.split("-");
			int from = Integer.parseInt(bounds[0]);
			int to = bounds.length == 1 ? from : Integer.parseInt(bounds[1]);
			for (int n = from; n <= to; n++) {
				String ai = String.format("%0" + bounds[0].length() + "d", n);
				map.put(ai, new Entry(ai, fnc1, List.copyOf(components), List.copyOf(requires), List.copyOf(excludes),
						dl == null ? null : List.copyOf(dl), attr, false, title));
			}
		}
		return Collections.unmodifiableMap(map);
	}

	private static Component component(String token) {
		String[] parts = token.split(",");
		String spec = parts[0];
		boolean optional = spec.startsWith("[");
		if (optional) {
			spec = spec.substring(1, spec.length() - 1);
		}
		char type = spec.charAt(0);
		String len = spec.substring(1);
		int min;
		int max;
		if (len.startsWith("..")) {
			min = 1;
			max = Integer.parseInt(len.substring(2));
		}
		else {
			min = Integer.parseInt(len);
			max = min;
		}
		return new Component(type, min, max, optional, List.of(parts).subList(1, parts.length));
	}

}
