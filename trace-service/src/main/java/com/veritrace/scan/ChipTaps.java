package com.veritrace.scan;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A port the chip module implements: checks an NFC chip's tap (its secure unique message
 * in the tap URL) and says what it proves. The scan page answers {@code /nfc/{profile}}
 * with it, on the same page as a QR scan.
 */
public interface ChipTaps {

	/**
	 * @param profile the tap URL's profile (its layout)
	 * @param parameters the query's parameters, as the servlet parsed them
	 * @param rawQuery the query as sent (the MAC covers its text)
	 * @param accept whether the tap counts: false for a HEAD request, a browser's
	 * prefetch or a crawler, which are answered as the chip's counter stands without
	 * moving it (so that a link preview does not turn the person's own tap into a replay)
	 * @throws com.veritrace.shared.InvalidException for malformed input (bad hex, wrong
	 * lengths, an unknown profile, parameters missing or repeated)
	 */
	ChipTap verify(String profile, Map<String, String[]> parameters, @Nullable String rawQuery, boolean accept);

	/** What a tap proved. */
	enum Status {

		/** The chip signed this tap, and its counter is higher than any before. */
		VERIFIED,
		/**
		 * A message the chip signed, but not newer than the last accepted: a replay of an
		 * earlier tap (a copied URL, a cloned tag).
		 */
		REPLAYED,
		/** Not a message of a registered chip (unknown UID, wrong MAC). */
		UNKNOWN

	}

	/**
	 * The tap's outcome; {@code gtin} and {@code serial} the item the chip is bound to
	 * (null when UNKNOWN); {@code counter} the tap's read counter, {@code lastCounter}
	 * the highest accepted before it.
	 */
	record ChipTap(Status status, @Nullable String gtin, @Nullable String serial, int counter, int lastCounter) {

		public static ChipTap unknown() {
			return new ChipTap(Status.UNKNOWN, null, null, -1, -1);
		}

	}

}
