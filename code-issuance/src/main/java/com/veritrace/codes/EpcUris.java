package com.veritrace.codes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts EPC pure-identity URIs (GS1 EPC Tag Data Standard, section 6) to GS1 Digital
 * Link URIs and back. {@link #toDigitalLink(String)} gives the canonical form on
 * {@code https://id.gs1.org} (no query string, values percent-encoded as GS1's syntax
 * engine does); the CBV 2.0 event hash uses the slightly different
 * {@link #toEventHashForm(String)}.
 * <p>
 * Supported:
 * {@code sgtin, sscc, sgln, grai, giai, gsrn, gsrnp, gdti, cpi, sgcn, ginc, gsin, itip,
 * upui, pgln} identities and the {@code urn:epc:class:lgtin} class. Schemes without a GS1
 * key ({@code gid, usdod, adi, bic, imovn}) have no Digital Link and are refused. The
 * other direction needs the length of the GS1 Company Prefix, which a Digital Link does
 * not carry.
 */
public final class EpcUris {

	private static final String ID = "urn:epc:id:";

	private static final String LGTIN = "urn:epc:class:lgtin:";

	private static final String IDPAT = "urn:epc:idpat:";

	/**
	 * Characters TDS (Table A-1) requires to be %-escaped inside an EPC URI component.
	 */
	private static final String URN_ESCAPED = "\"%&/<>?#";

	private EpcUris() {
	}

	/**
	 * The canonical GS1 Digital Link of an EPC URN, e.g.
	 * {@code urn:epc:id:sgtin:0614141.107346.2017} ->
	 * {@code https://id.gs1.org/01/10614141073464/21/2017}.
	 * @throws InvalidCodeException when the URN is malformed, its scheme has no Digital
	 * Link, or a resulting value is invalid for its AI
	 */
	public static String toDigitalLink(String urn) {
		return toDigitalLink(urn, DigitalLink.CANONICAL_STEM);
	}

	/**
	 * As {@link #toDigitalLink(String)} on another stem (scheme, host and optional path).
	 */
	public static String toDigitalLink(String urn, String stem) {
		return DigitalLink.generate(stem, toElements(urn)).toUri();
	}

	/**
	 * The form the CBV 2.0 event hash (section 8.9) gives a GS1 identifier, as GS1's
	 * reference implementation (RalphTro/epcis-event-hash-generator,
	 * {@code dl_normaliser.py}) computes it: EPC URNs, LGTIN class URIs, EPC ID patterns
	 * and Digital Link URIs (any domain, short names, GTIN-8/12/13) all become a
	 * canonical {@code https://id.gs1.org} Digital Link with only the most specific
	 * identity: no query, no CPV (22), no lot (10) when a serial (21) is present. An ID
	 * pattern ({@code urn:epc:idpat:sgtin:CP.IR.*}) becomes its class, e.g. the bare
	 * GTIN. See {@link EventHashForm}.
	 * <p>
	 * The escaping differs from {@link #toDigitalLink(String)}: the reference keeps
	 * values as they are written (%-escapes included) and escapes only
	 * {@code ! ( ) * + , :} (GS1 Digital Link 1.1 Table 7-1), while GS1's syntax engine
	 * escapes everything but {@code A-Z a-z 0-9 - . _ ~}. Event hashes must use this form
	 * to match published hash IDs.
	 * @return the hash form, or empty when {@code uri} is not a GS1 identifier (a URI to
	 * keep as it is)
	 * @throws InvalidCodeException when it claims to be an EPC URN but is malformed or
	 * has no Digital Link
	 */
	public static java.util.Optional<String> toEventHashForm(String uri) {
		Objects.requireNonNull(uri, "uri");
		String u = uri.strip();
		String form = EventHashForm.canonical(u);
		if (form != null) {
			return java.util.Optional.of(form);
		}
		if (u.startsWith(IDPAT) && !u.endsWith(".*")) {
			throw new InvalidCodeException("only ID patterns with a final '*' are supported: '" + uri + "'");
		}
		if (u.startsWith(ID) || u.startsWith(LGTIN) || u.startsWith(IDPAT)) {
			throw new InvalidCodeException("malformed EPC URN or one without a GS1 Digital Link: '" + uri + "'");
		}
		return java.util.Optional.empty();
	}

	/**
	 * The GS1 elements of an EPC URN, primary key first, e.g. (01) and (21) for an SGTIN.
	 */
	public static List<AiElement> toElements(String urn) {
		Objects.requireNonNull(urn, "urn");
		String u = urn.strip();
		if (u.startsWith(LGTIN)) {
			String[] f = fields(u, LGTIN.length(), 3, "lgtin", "companyPrefix.itemReference.lot");
			return List.of(new AiElement("01", gtin(f[0], f[1], urn)), new AiElement("10", unescape(f[2])));
		}
		if (!u.startsWith(ID)) {
			throw new InvalidCodeException(
					"not an EPC pure identity URI (urn:epc:id:...) or LGTIN class: '" + urn + "'");
		}
		int colon = u.indexOf(':', ID.length());
		if (colon < 0) {
			throw new InvalidCodeException("EPC URI has no scheme: '" + urn + "'");
		}
		String scheme = u.substring(ID.length(), colon);
		int start = colon + 1;
		List<AiElement> out = new ArrayList<>();
		switch (scheme) {
			case "sgtin" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.itemReference.serial");
				out.add(new AiElement("01", gtin(f[0], f[1], urn)));
				out.add(new AiElement("21", unescape(f[2])));
			}
			case "upui" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.itemReference.tpx");
				out.add(new AiElement("01", gtin(f[0], f[1], urn)));
				out.add(new AiElement("235", unescape(f[2])));
			}
			case "sscc" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.serialReference");
				digits(f, 17, urn);
				out.add(new AiElement("00", CheckDigits.append(f[1].charAt(0) + f[0] + f[1].substring(1))));
			}
			case "sgln" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.locationReference.extension");
				digits(f, 12, urn);
				out.add(new AiElement("414", CheckDigits.append(f[0] + f[1])));
				String extension = unescape(f[2]);
				if (!extension.equals("0")) {
					out.add(new AiElement("254", extension));
				}
			}
			case "grai" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.assetType.serial");
				digits(f, 12, urn);
				out.add(new AiElement("8003", "0" + CheckDigits.append(f[0] + f[1]) + unescape(f[2])));
			}
			case "giai" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.individualAssetReference");
				companyPrefix(f[0], urn);
				out.add(new AiElement("8004", f[0] + unescape(f[1])));
			}
			case "gsrn", "gsrnp" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.serviceReference");
				digits(f, 17, urn);
				out.add(new AiElement(scheme.equals("gsrn") ? "8018" : "8017", CheckDigits.append(f[0] + f[1])));
			}
			case "gdti" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.documentType.serial");
				digits(f, 12, urn);
				out.add(new AiElement("253", CheckDigits.append(f[0] + f[1]) + unescape(f[2])));
			}
			case "sgcn" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.couponReference.serial");
				digits(f, 12, urn);
				out.add(new AiElement("255", CheckDigits.append(f[0] + f[1]) + unescape(f[2])));
			}
			case "cpi" -> {
				String[] f = fields(u, start, 3, scheme, "companyPrefix.componentPartReference.serial");
				companyPrefix(f[0], urn);
				out.add(new AiElement("8010", f[0] + unescape(f[1])));
				out.add(new AiElement("8011", unescape(f[2])));
			}
			case "ginc" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.consignmentReference");
				companyPrefix(f[0], urn);
				out.add(new AiElement("401", f[0] + unescape(f[1])));
			}
			case "gsin" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.shipperReference");
				digits(f, 16, urn);
				out.add(new AiElement("402", CheckDigits.append(f[0] + f[1])));
			}
			case "pgln" -> {
				String[] f = fields(u, start, 2, scheme, "companyPrefix.partyReference");
				digits(f, 12, urn);
				out.add(new AiElement("417", CheckDigits.append(f[0] + f[1])));
			}
			case "itip" -> {
				String[] f = fields(u, start, 5, scheme, "companyPrefix.itemReference.piece.total.serial");
				if (f[2].length() != 2 || f[3].length() != 2 || !AiTable.allDigits(f[2] + f[3])) {
					throw new InvalidCodeException("ITIP piece and total must be 2 digits each in '" + urn + "'");
				}
				out.add(new AiElement("8006", gtin(f[0], f[1], urn) + f[2] + f[3]));
				out.add(new AiElement("21", unescape(f[4])));
			}
			default -> throw new InvalidCodeException(
					"EPC scheme '" + scheme + "' has no GS1 Digital Link equivalent: '" + urn + "'");
		}
		return List.copyOf(out);
	}

	/**
	 * The EPC URN of a Digital Link, given the length of the GS1 Company Prefix inside
	 * its key. A GTIN with (21) gives an SGTIN, with (10) an LGTIN class, with (235) a
	 * UPUI.
	 * @throws InvalidCodeException when the URI is not a valid Digital Link or its key
	 * has no EPC form
	 */
	public static String fromDigitalLink(String digitalLink, int companyPrefixLength) {
		DigitalLink link = DigitalLink.parse(digitalLink);
		int l = companyPrefixLength;
		if (l < 6 || l > 12) {
			throw new InvalidCodeException("company prefix length must be 6..12, found " + l);
		}
		String key = link.primaryKey().value();
		if (key.length() < l + (link.primaryKey().ai().equals("01") || link.primaryKey().ai().equals("00")
				|| link.primaryKey().ai().equals("8003") || link.primaryKey().ai().equals("8006") ? 1 : 0)) {
			throw new InvalidCodeException("key (" + link.primaryKey().ai() + ") '" + key
					+ "' is shorter than a company prefix of " + l + " digits");
		}
		String serial = link.value("21");
		return switch (link.primaryKey().ai()) {
			case "01" -> {
				String cpIr = key.substring(1, 1 + l) + "." + key.charAt(0) + key.substring(1 + l, 13);
				if (serial != null) {
					yield ID + "sgtin:" + cpIr + "." + escape(serial);
				}
				if (link.value("235") != null) {
					yield ID + "upui:" + cpIr + "." + escape(link.value("235"));
				}
				if (link.value("10") != null) {
					yield LGTIN + cpIr + "." + escape(link.value("10"));
				}
				throw new InvalidCodeException("a GTIN without serial (21), lot (10) or TPX (235) has no EPC URI");
			}
			case "00" -> ID + "sscc:" + key.substring(1, 1 + l) + "." + key.charAt(0) + key.substring(1 + l, 17);
			case "414" -> {
				String ext = link.value("254");
				yield ID + "sgln:" + key.substring(0, l) + "." + key.substring(l, 12) + "."
						+ (ext == null ? "0" : escape(ext));
			}
			case "8003" -> ID + "grai:" + key.substring(1, 1 + l) + "." + key.substring(1 + l, 13) + "."
					+ escape(key.substring(14));
			case "8004" -> ID + "giai:" + key.substring(0, l) + "." + escape(key.substring(l));
			case "8017" -> ID + "gsrnp:" + key.substring(0, l) + "." + key.substring(l, 17);
			case "8018" -> ID + "gsrn:" + key.substring(0, l) + "." + key.substring(l, 17);
			case "253" ->
				ID + "gdti:" + key.substring(0, l) + "." + key.substring(l, 12) + "." + escape(key.substring(13));
			case "255" -> ID + "sgcn:" + key.substring(0, l) + "." + key.substring(l, 12) + "." + key.substring(13);
			case "8010" -> {
				String cpiSerial = link.value("8011");
				if (cpiSerial == null) {
					throw new InvalidCodeException("a CPI without serial (8011) has no EPC URI");
				}
				yield ID + "cpi:" + key.substring(0, l) + "." + escape(key.substring(l)) + "." + cpiSerial;
			}
			case "401" -> ID + "ginc:" + key.substring(0, l) + "." + escape(key.substring(l));
			case "402" -> ID + "gsin:" + key.substring(0, l) + "." + key.substring(l, 16);
			case "417" -> ID + "pgln:" + key.substring(0, l) + "." + key.substring(l, 12);
			case "8006" -> {
				if (serial == null) {
					throw new InvalidCodeException("an ITIP without serial (21) has no EPC URI");
				}
				yield ID + "itip:" + key.substring(1, 1 + l) + "." + key.charAt(0) + key.substring(1 + l, 13) + "."
						+ key.substring(14, 16) + "." + key.substring(16, 18) + "." + escape(serial);
			}
			default ->
				throw new InvalidCodeException("key (" + link.primaryKey().ai() + ") has no EPC pure identity URI");
		};
	}

	private static String[] fields(String urn, int start, int count, String scheme, String layout) {
		String[] f = urn.substring(start).split("\\.", count);
		if (f.length != count) {
			throw new InvalidCodeException("EPC " + scheme + " URI must have " + count + " fields (" + layout
					+ "), found " + f.length + " in '" + urn + "'");
		}
		companyPrefix(f[0], urn);
		return f;
	}

	private static void companyPrefix(String cp, String urn) {
		if (cp.length() < 6 || cp.length() > 12 || !AiTable.allDigits(cp)) {
			throw new InvalidCodeException(
					"GS1 Company Prefix must be 6 to 12 digits, found '" + cp + "' in '" + urn + "'");
		}
	}

	/**
	 * Checks that company prefix and the numeric reference together have {@code total}
	 * digits.
	 */
	private static void digits(String[] f, int total, String urn) {
		String reference = f[1];
		if (!(reference.isEmpty() || AiTable.allDigits(reference)) || f[0].length() + reference.length() != total) {
			throw new InvalidCodeException("company prefix and reference must be " + total + " digits together, found '"
					+ f[0] + "' + '" + reference + "' in '" + urn + "'");
		}
	}

	private static String gtin(String cp, String itemReference, String urn) {
		if (itemReference.isEmpty() || !AiTable.allDigits(itemReference)
				|| cp.length() + itemReference.length() != 13) {
			throw new InvalidCodeException("company prefix and item reference (with indicator digit) must be 13 digits"
					+ " together, found '" + cp + "' + '" + itemReference + "' in '" + urn + "'");
		}
		return CheckDigits.append(itemReference.charAt(0) + cp + itemReference.substring(1));
	}

	/** Decodes the %-escapes of an EPC URI component. */
	static String unescape(String component) {
		StringBuilder sb = new StringBuilder(component.length());
		for (int i = 0; i < component.length(); i++) {
			char c = component.charAt(i);
			if (c == '%') {
				if (i + 2 >= component.length() || Character.digit(component.charAt(i + 1), 16) < 0
						|| Character.digit(component.charAt(i + 2), 16) < 0) {
					throw new InvalidCodeException(
							"EPC URI component '" + component + "' has a '%' not followed by two hex digits");
				}
				sb.append((char) Integer.parseInt(component.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else if (URN_ESCAPED.indexOf(c) >= 0) {
				throw new InvalidCodeException("EPC URI component '" + component + "' has a raw '" + c
						+ "', which must be %-escaped (EPC Tag Data Standard, Table A-1)");
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

	/** Escapes the characters TDS requires to be %-escaped in an EPC URI component. */
	static String escape(String value) {
		StringBuilder sb = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (URN_ESCAPED.indexOf(c) >= 0) {
				sb.append('%').append(String.format("%02X", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return sb.toString();
	}

}
