package com.veritrace.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One GS1 element: an Application Identifier and its (unescaped) value, e.g.
 * {@code (21) 6789}.
 */
public record AiElement(String ai, String value) {

	public AiElement {
		Objects.requireNonNull(ai, "ai");
		Objects.requireNonNull(value, "value");
	}

	/**
	 * Parses GS1 bracketed syntax, e.g. {@code (01)09520123456788(10)ABC1(21)12345}. A
	 * literal {@code (} inside a value is written {@code \(}. Only the syntax is checked
	 * here; AI values are validated when a {@link DigitalLink} is generated from them.
	 * @throws InvalidCodeException when the text is not bracketed AI syntax
	 */
	public static List<AiElement> parseBracketed(String text) {
		Objects.requireNonNull(text, "text");
		List<AiElement> elements = new ArrayList<>();
		int i = 0;
		int n = text.length();
		if (n == 0) {
			throw new InvalidCodeException("bracketed AI data is empty");
		}
		while (i < n) {
			if (text.charAt(i) != '(') {
				throw new InvalidCodeException(
						"bracketed AI data must have '(' at position " + (i + 1) + ", found '" + text.charAt(i) + "'");
			}
			int close = text.indexOf(')', i);
			if (close < 0) {
				throw new InvalidCodeException("bracketed AI data has an unclosed '(' at position " + (i + 1));
			}
			String ai = text.substring(i + 1, close);
			if (ai.length() < 2 || ai.length() > 4 || !AiTable.allDigits(ai)) {
				throw new InvalidCodeException("'" + ai + "' is not an AI: an AI has 2 to 4 digits");
			}
			StringBuilder value = new StringBuilder();
			int j = close + 1;
			while (j < n && text.charAt(j) != '(') {
				char c = text.charAt(j);
				if (c == '\\' && j + 1 < n && text.charAt(j + 1) == '(') {
					value.append('(');
					j += 2;
				}
				else {
					value.append(c);
					j++;
				}
			}
			if (value.isEmpty()) {
				throw new InvalidCodeException("AI (" + ai + ") has an empty value");
			}
			elements.add(new AiElement(ai, value.toString()));
			i = j;
		}
		return List.copyOf(elements);
	}

	/**
	 * True when {@code value} is a valid (unescaped) value for the known AI {@code ai} by
	 * the AI table: length, character set (e.g. GS1 character set 82 for AI 10 batch/lot
	 * and AI 21 serial, 1 to 20 characters) and content checks. An AI not in the table
	 * gives false.
	 */
	public static boolean isValid(String ai, String value) {
		AiTable.Entry entry = AiTable.lookup(ai);
		if (entry == null) {
			return false;
		}
		try {
			AiValues.check(entry, value, true);
			return true;
		}
		catch (InvalidCodeException ex) {
			return false;
		}
	}

	/** {@code (ai)value}, with {@code (} in the value escaped as {@code \(}. */
	@Override
	public String toString() {
		return "(" + this.ai + ")" + this.value.replace("(", "\\(");
	}

}
