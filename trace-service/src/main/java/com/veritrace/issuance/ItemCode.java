package com.veritrace.issuance;

import java.util.ArrayList;
import java.util.List;

import com.veritrace.codes.DigitalLink;
import com.veritrace.codes.DigitalLinkOptions;
import com.veritrace.codes.EpcUris;
import com.veritrace.codes.InvalidCodeException;
import com.veritrace.codes.Sgtin96;
import com.veritrace.codes.Sscc;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;

/**
 * One serialised item (GTIN-14 + serial), read from what a line scanner or RFID reader
 * gives: a GS1 Digital Link URI (any host), an EPC URN ({@code urn:epc:id:sgtin:…}) or a
 * 24-hex SGTIN-96.
 */
record ItemCode(String gtin, String serial) {

	/** The child key of aggregation rows: {@code 01/<gtin>/21/<serial>}. */
	String key() {
		return "01/" + this.gtin + "/21/" + this.serial;
	}

	/** Canonical Digital Link (GS1's stem, no lot), as EPCIS events name items. */
	String canonicalUri() {
		return DigitalLink.CANONICAL_STEM + "/01/" + this.gtin + "/21/" + this.serial;
	}

	static ItemCode parse(String text) {
		String t = text.strip();
		if (t.length() == 24 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
			Sgtin96 tag = Sgtin96.fromHex(t);
			return new ItemCode(tag.gtin().value(), tag.serial());
		}
		String link = t.startsWith("urn:") ? EpcUris.toDigitalLink(t) : t;
		DigitalLink dl = DigitalLink.parse(link, DigitalLinkOptions.LENIENT);
		String serial = dl.value("21");
		if (!dl.primaryKey().ai().equals("01") || serial == null) {
			throw new InvalidCodeException("'" + t + "' is not a serialised item (a GTIN with serial, AI 01 + 21)");
		}
		String gtin = dl.primaryKey().value();
		return new ItemCode("0".repeat(14 - gtin.length()) + gtin, serial);
	}

	/**
	 * Parses a list; every bad entry is reported as {@code <field>[i]}; at most
	 * {@code max} entries.
	 */
	static List<ItemCode> parseAll(String field, List<String> texts, int max) {
		if (texts.isEmpty()) {
			throw InvalidException.of(field, "must name at least one code");
		}
		if (texts.size() > max) {
			throw InvalidException.of(field, "at most " + max + " codes per request, found " + texts.size());
		}
		List<ItemCode> out = new ArrayList<>(texts.size());
		List<FieldProblem> errors = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			String text = texts.get(i);
			try {
				out.add(parse(text == null ? "" : text));
			}
			catch (InvalidCodeException ex) {
				errors.add(new FieldProblem(field + "[" + i + "]", ex.getMessage()));
			}
			if (errors.size() >= 100) {
				break;
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		return out;
	}

	/**
	 * An SSCC from 18 digits, a Digital Link {@code /00/…} or {@code urn:epc:id:sscc:…}.
	 */
	static Sscc sscc(String text) {
		String t = text.strip();
		if (t.length() == 18 && t.chars().allMatch(Character::isDigit)) {
			return Sscc.parse(t);
		}
		String link = t.startsWith("urn:") ? EpcUris.toDigitalLink(t) : t;
		DigitalLink dl = DigitalLink.parse(link, DigitalLinkOptions.LENIENT);
		if (!dl.primaryKey().ai().equals("00")) {
			throw new InvalidCodeException("'" + t + "' is not an SSCC (AI 00)");
		}
		return Sscc.parse(dl.primaryKey().value());
	}

}
