package com.veritrace.anchor;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CBV 2.0 event hash IDs ({@code ni:///sha-256;<64 hex>?ver=CBV2.0}, RFC 6920 named
 * information). The 32-byte digest inside is the Merkle log entry for the event.
 */
public final class EventHashIds {

	private static final Pattern EVENT_HASH_ID = Pattern.compile("ni:///sha-256;([0-9a-fA-F]{64})\\?ver=CBV2\\.0");

	private EventHashIds() {
	}

	/**
	 * The 32-byte digest of an event hash ID.
	 * @throws MalformedEventHashException if the text is not exactly
	 * {@code ni:///sha-256;<64 hex digits>?ver=CBV2.0}
	 */
	public static byte[] leafOf(String eventHashId) {
		Matcher matcher = EVENT_HASH_ID.matcher(eventHashId);
		if (!matcher.matches()) {
			throw new MalformedEventHashException(eventHashId);
		}
		return HexFormat.of().parseHex(matcher.group(1));
	}

	/** The event hash ID of a 32-byte SHA-256 digest (lowercase hex). */
	public static String of(byte[] digest) {
		if (digest.length != 32) {
			throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
		}
		return "ni:///sha-256;" + HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT) + "?ver=CBV2.0";
	}

}
