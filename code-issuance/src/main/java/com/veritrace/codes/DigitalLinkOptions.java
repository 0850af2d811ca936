package com.veritrace.codes;

/**
 * Parser and generator flags for {@link DigitalLink}. {@link #STRICT} (the default)
 * follows GS1's syntax engine: 14-digit GTINs only, numeric AIs only in the path, no
 * unknown AIs, pairing rules (mandatory / invalid AI associations) and date contents
 * checked, no trailing slash, key qualifiers in their defined order.
 *
 * @param permitConvenienceAlphas accept the deprecated short names ({@code /gtin/},
 * {@code /ser/}, ...)
 * @param permitZeroSuppressedGtin accept GTIN-8, -12 and -13 in AI (01) and pad them to
 * 14 digits
 * @param permitUnknownAis accept 2 to 4 digit AIs that are not in the AI table
 * @param unknownAiNotDataAttribute even when unknown AIs are permitted, refuse them as
 * data attributes
 * @param validateAssociations apply the mandatory and invalid AI pairing rules
 * @param validateDates check the calendar content of date and time components
 * @param permitTrailingSlash accept one trailing {@code /} at the end of the path
 * (digital-link.js)
 * @param sortKeyQualifiers accept key qualifiers in any order and put them in the defined
 * order
 */
public record DigitalLinkOptions(boolean permitConvenienceAlphas, boolean permitZeroSuppressedGtin,
		boolean permitUnknownAis, boolean unknownAiNotDataAttribute, boolean validateAssociations,
		boolean validateDates, boolean permitTrailingSlash, boolean sortKeyQualifiers) {

	/** GS1 syntax engine defaults. */
	public static final DigitalLinkOptions STRICT = new DigitalLinkOptions(false, false, false, true, true, true, false,
			false);

	/**
	 * What GS1's older digital-link.js library accepts: short names, GTIN-8/12/13, a
	 * trailing slash, grammar-level checks only (formats, character sets, check digits)
	 * without pairing rules or calendar checks. For reading codes printed by others;
	 * never used to issue codes.
	 */
	public static final DigitalLinkOptions LENIENT = new DigitalLinkOptions(true, true, false, true, false, false, true,
			false);

}
