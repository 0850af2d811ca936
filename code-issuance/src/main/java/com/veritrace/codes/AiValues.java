package com.veritrace.codes;

import java.util.List;

/**
 * Checks an AI value against its format and content rules; helpers for GS1 element data.
 */
final class AiValues {

	private AiValues() {
	}

	/**
	 * Checks length, character set and the implemented linters of each component.
	 * @throws InvalidCodeException naming the AI, the component and what is wrong
	 */
	static void check(AiTable.Entry entry, String value, boolean validateDates) {
		String ai = entry.ai();
		if (value.isEmpty()) {
			throw new InvalidCodeException("AI (" + ai + ") has an empty value");
		}
		int pos = 0;
		int n = value.length();
		List<AiTable.Component> components = entry.components();
		for (int c = 0; c < components.size(); c++) {
			AiTable.Component component = components.get(c);
			int remaining = n - pos;
			if (remaining == 0 && component.optional()) {
				break;
			}
			if (remaining < component.min()) {
				throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' is too short: "
						+ describeLength(entry) + ", found " + n);
			}
			int take = Math.min(component.max(), remaining);
			String part = value.substring(pos, pos + take);
			checkCharacters(ai, value, part, pos, component.type());
			for (String linter : component.linters()) {
				lint(ai, value, part, linter, validateDates);
			}
			pos += take;
		}
		if (pos < n) {
			throw new InvalidCodeException(
					"AI (" + ai + ") value '" + value + "' is too long: " + describeLength(entry) + ", found " + n);
		}
	}

	private static String describeLength(AiTable.Entry entry) {
		StringBuilder sb = new StringBuilder("format is ");
		for (AiTable.Component c : entry.components()) {
			if (sb.length() > 10) {
				sb.append(' ');
			}
			String spec = c.type() + (c.min() == c.max() && !c.optional() ? String.valueOf(c.min()) : ".." + c.max());
			sb.append(c.optional() ? "[" + spec + "]" : spec);
		}
		return sb.toString();
	}

	private static void checkCharacters(String ai, String value, String part, int offset, char type) {
		for (int i = 0; i < part.length(); i++) {
			char ch = part.charAt(i);
			boolean ok = switch (type) {
				case 'N' -> ch >= '0' && ch <= '9';
				case 'X' -> AiTable.CSET82.indexOf(ch) >= 0;
				case 'Y' -> AiTable.CSET39.indexOf(ch) >= 0;
				default -> throw new IllegalStateException("unknown component type " + type);
			};
			if (!ok) {
				String set = switch (type) {
					case 'N' -> "a digit";
					case 'X' -> "in GS1 character set 82";
					default -> "in GS1 character set 39";
				};
				throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' has " + describe(ch)
						+ " at position " + (offset + i + 1) + ", which is not " + set);
			}
		}
	}

	private static String describe(char ch) {
		return (ch < 0x20 || ch > 0x7e) ? String.format("character U+%04X", (int) ch) : "'" + ch + "'";
	}

	private static void lint(String ai, String value, String part, String linter, boolean validateDates) {
		switch (linter) {
			case "csum" -> {
				int expected = Gtin.checkDigit(part, part.length() - 1);
				int actual = part.charAt(part.length() - 1) - '0';
				if (expected != actual) {
					throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' has check digit " + actual
							+ " but it should be " + expected);
				}
			}
			case "yymmd0", "yymmdd" -> {
				if (validateDates) {
					checkDate(ai, value, part, linter.equals("yymmd0"));
				}
			}
			case "yymmddhh" -> {
				if (validateDates) {
					checkDate(ai, value, part.substring(0, 6), false);
					checkRange(ai, value, "hour", part.substring(6, 8), 0, 23);
				}
			}
			case "hhmm" -> {
				if (validateDates) {
					checkRange(ai, value, "hour", part.substring(0, 2), 0, 23);
					checkRange(ai, value, "minute", part.substring(2, 4), 0, 59);
				}
			}
			case "yesno" -> {
				if (!part.equals("0") && !part.equals("1")) {
					throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' must be 0 or 1");
				}
			}
			case "zero" -> {
				if (!part.equals("0")) {
					throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' must start with the digit 0");
				}
			}
			case "nozeroprefix" -> {
				if (part.length() > 1 && part.charAt(0) == '0') {
					throw new InvalidCodeException(
							"AI (" + ai + ") value '" + value + "' must not have a leading zero");
				}
			}
			case "pieceoftotal" -> {
				int piece = Integer.parseInt(part.substring(0, 2));
				int total = Integer.parseInt(part.substring(2, 4));
				if (piece == 0 || total == 0 || piece > total) {
					throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' has piece " + piece
							+ " of total " + total + ": both must be 1 or more and piece must not exceed total");
				}
			}
			default -> {
				// recorded in the table but not evaluated (see AiTable)
			}
		}
	}

	private static void checkDate(String ai, String value, String yymmdd, boolean dayZeroAllowed) {
		int yy = Integer.parseInt(yymmdd.substring(0, 2));
		int mm = checkRange(ai, value, "month", yymmdd.substring(2, 4), 1, 12);
		int dd = Integer.parseInt(yymmdd.substring(4, 6));
		if (dd == 0 && dayZeroAllowed) {
			return;
		}
		int[] days = { 31, (yy % 4 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		if (dd < 1 || dd > days[mm - 1]) {
			throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' has day " + yymmdd.substring(4, 6)
					+ ", not a day of month " + mm);
		}
	}

	private static int checkRange(String ai, String value, String what, String digits, int min, int max) {
		int v = Integer.parseInt(digits);
		if (v < min || v > max) {
			throw new InvalidCodeException("AI (" + ai + ") value '" + value + "' has " + what + " " + digits
					+ ", outside " + min + ".." + max);
		}
		return v;
	}

	/**
	 * Applies the mandatory ({@code req}) and invalid ({@code ex}) pairing rules over all
	 * elements. A pattern such as {@code 31nn} matches any AI with that prefix.
	 */
	static void checkAssociations(List<AiElement> elements, boolean permitUnknown) {
		for (AiElement element : elements) {
			AiTable.Entry entry = AiTable.lookup(element.ai(), permitUnknown);
			if (entry == null) {
				continue;
			}
			for (List<String> group : entry.requires()) {
				boolean satisfied = group.stream().anyMatch(p -> elements.stream().anyMatch(e -> matches(p, e.ai())));
				if (!satisfied) {
					throw new InvalidCodeException("AI (" + element.ai() + ") requires one of the AIs ("
							+ String.join("), (", group) + ") to be present");
				}
			}
			for (String pattern : entry.excludes()) {
				for (AiElement other : elements) {
					if (!other.ai().equals(element.ai()) && matches(pattern, other.ai())) {
						throw new InvalidCodeException(
								"AI (" + element.ai() + ") must not appear together with AI (" + other.ai() + ")");
					}
				}
			}
		}
	}

	private static boolean matches(String pattern, String ai) {
		if (pattern.length() != ai.length()) {
			return false;
		}
		for (int i = 0; i < pattern.length(); i++) {
			if (pattern.charAt(i) != 'n' && pattern.charAt(i) != ai.charAt(i)) {
				return false;
			}
		}
		return true;
	}

}
