package com.veritrace.ingest;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * CBV 2.0 vocabularies the parser validates and the hash canonicalises: a value may be a
 * bare word ({@code shipping}), an EPCglobal URN
 * ({@code urn:epcglobal:cbv:bizstep:shipping}), the web URI
 * ({@code https://ref.gs1.org/cbv/BizStep-shipping}) or a CURIE
 * ({@code cbv:BizStep-shipping}); any other absolute URI is a user vocabulary value and
 * accepted as it is. {@link #canonical(String)} gives the form events are stored and
 * hashed with, so that a query can be normalised the same way.
 */
public enum Cbv {

	BIZ_STEP("BizStep-", "bizstep", Set.of("accepting", "arriving", "assembling", "collecting", "commissioning",
			"consigning", "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
			"disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing",
			"killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging", "repairing",
			"replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping", "staging_outbound",
			"stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking", "void_shipping")),

	DISPOSITION("Disp-", "disp",
			Set.of("active", "available", "completeness_inferred", "completeness_verified", "conformant",
					"container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded",
					"expired", "in_progress", "in_transit", "inactive", "mismatch_instance", "mismatch_class",
					"mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant",
					"non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
					"sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown")),

	BIZ_TRANSACTION_TYPE("BTT-", "btt",
			Set.of("bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd",
					"testres", "upevt")),

	SOURCE_DESTINATION_TYPE("SDT-", "sdt", Set.of("owning_party", "possessing_party", "location")),

	ERROR_REASON("ER-", "er", Set.of("did_not_occur", "incorrect_data"));

	static final String WEB_BASE = "https://ref.gs1.org/cbv/";

	private final String webPrefix;

	private final String urnPrefix;

	private final Set<String> words;

	Cbv(String webPrefix, String urnType, Set<String> words) {
		this.webPrefix = WEB_BASE + webPrefix;
		this.urnPrefix = "urn:epcglobal:cbv:" + urnType + ":";
		this.words = words;
	}

	/**
	 * The form an event stores and hashes for a value of this vocabulary: a bare word,
	 * URN or CURIE becomes the web URI
	 * ({@code shipping -> https://ref.gs1.org/cbv/BizStep-shipping}); other URIs get the
	 * hash's value canonicalisation (GS1 identifiers as canonical Digital Links). Does
	 * not validate: see {@link #problem(String)}.
	 */
	public String canonical(String value) {
		String expanded = value.startsWith("cbv:") ? WEB_BASE + value.substring(4) : value;
		return PreHashBuilder.canonicalValue(expandBareWord(expanded));
	}

	/**
	 * The web URI for a bare word; other values unchanged (URN and CURIE forms are
	 * handled value-wide).
	 */
	String expandBareWord(String value) {
		return isBareWord(value) ? this.webPrefix + value : value;
	}

	/**
	 * How an XML answer writes the values of the standard vocabularies (the REST
	 * binding's {@code GS1-CBV-XML-Format}); user vocabulary URIs are always written as
	 * captured.
	 */
	public enum XmlForm {

		/** {@code https://ref.gs1.org/cbv/BizStep-shipping}. */
		WEB_URI,

		/** {@code urn:epcglobal:cbv:bizstep:shipping}. */
		URN,

		/**
		 * As captured; a bare word or a {@code cbv:} CURIE, which are JSON-LD forms only,
		 * as the web URI GS1's JSON-LD context makes of it.
		 */
		AS_CAPTURED

	}

	/**
	 * The XML form of a value of this vocabulary: a standard value (bare word, URN, web
	 * URI or CURIE of a word of this vocabulary) as {@code form} says; any other value (a
	 * user vocabulary URI) as it is.
	 */
	public String xml(String value, XmlForm form) {
		String word = standardWord(value);
		if (word == null) {
			return value;
		}
		return switch (form) {
			case WEB_URI -> this.webPrefix + word;
			case URN -> this.urnPrefix + word;
			case AS_CAPTURED -> value.startsWith(this.urnPrefix) ? value : this.webPrefix + word;
		};
	}

	/** The word of a standard value of this vocabulary in any form, else null. */
	private @Nullable String standardWord(String value) {
		String word = word(value);
		return word != null && this.words.contains(word) ? word : null;
	}

	/**
	 * The word of a value written in one of this vocabulary's forms (bare, URN, web URI,
	 * CURIE), known or not; null for any other value.
	 */
	private @Nullable String word(String value) {
		if (isBareWord(value)) {
			return value;
		}
		if (value.startsWith(this.urnPrefix)) {
			return value.substring(this.urnPrefix.length());
		}
		if (value.startsWith(this.webPrefix)) {
			return value.substring(this.webPrefix.length());
		}
		String curie = value.startsWith("cbv:") ? WEB_BASE + value.substring(4) : "";
		return curie.startsWith(this.webPrefix) ? curie.substring(this.webPrefix.length()) : null;
	}

	/**
	 * Why the value is not acceptable for this vocabulary, or {@code null} if it is.
	 * {@code cbv} is the IRI the document binds to the prefix {@code cbv} (normally
	 * {@link #WEB_BASE}).
	 */
	@Nullable String problem(String value) {
		String word = word(value);
		if (word == null) {
			if (value.startsWith("cbv:")) {
				return "CBV term '" + value + "' is not a " + this.webPrefix + "* value";
			}
			if (value.startsWith("urn:epcglobal:cbv:") || value.startsWith(WEB_BASE)) {
				return "'" + value + "' is a CBV value of another vocabulary, expected " + this.webPrefix + "*";
			}
			return Uris.isAbsolute(value) ? null : "not a CBV value nor an absolute URI: '" + value + "'";
		}
		return this.words.contains(word) ? null
				: "unknown CBV value '" + word + "' (expected one of " + this.webPrefix + "*)";
	}

	private static boolean isBareWord(String value) {
		return !value.isEmpty() && value.indexOf(':') < 0 && value.indexOf('/') < 0;
	}

}
