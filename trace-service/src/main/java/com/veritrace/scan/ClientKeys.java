package com.veritrace.scan;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.codes.HmacSha256;

/**
 * Who scanned, as opaque keys that change every day (UTC): the client (the page's device
 * cookie, else the network address block and browser family) and its network (the address
 * block, with the trusted edge's region when there is one: clients behind one CDN edge in
 * different cities are different networks). A key is an HMAC with a key derived from a
 * secret and the day, cut to 128 bits: the same client gives the same key all day, nobody
 * can tell the address (or cookie) from it, and keys of two days cannot be linked.
 * Address blocks: /24 for IPv4, /48 for IPv6; the address itself is never kept.
 */
final class ClientKeys {

	/** The device cookie the scan page's script sets. */
	static final String COOKIE = "vt_device";

	/** 16 random bytes, base64url without padding. */
	private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{22}");

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final HmacSha256 secret;

	private final Clock clock;

	private volatile Day day = new Day(Long.MIN_VALUE, null);

	private record Day(long epochDay, @Nullable HmacSha256 key) {
	}

	ClientKeys(byte[] secret, Clock clock) {
		if (secret.length < 32) {
			throw new IllegalArgumentException("a client key secret needs at least 32 bytes");
		}
		this.secret = new HmacSha256(secret);
		this.clock = clock;
	}

	/** A device cookie's value when it is one the page could have set, else null. */
	static @Nullable String device(@Nullable String cookie) {
		return cookie != null && DEVICE.matcher(cookie).matches() ? cookie : null;
	}

	/** The client: its device cookie's, else its address block's and browser's key. */
	String client(@Nullable String device, @Nullable String address, String agentFamily) {
		return device != null ? key("d|" + device) : key("n|" + block(address) + "|" + agentFamily);
	}

	/** The client's network: its address block, and the trusted edge's place if any. */
	String network(@Nullable String address, @Nullable String edgePlace) {
		return key("w|" + block(address) + "|" + (edgePlace == null ? "" : edgePlace));
	}

	private String key(String text) {
		long today = Math.floorDiv(this.clock.millis(), 86_400_000L);
		Day current = this.day;
		if (current.epochDay() != today || current.key() == null) {
			current = new Day(today,
					new HmacSha256(this.secret.sign(("day|" + today).getBytes(StandardCharsets.UTF_8))));
			this.day = current;
		}
		byte[] mac = current.key().sign(text.getBytes(StandardCharsets.UTF_8));
		return B64.encodeToString(java.util.Arrays.copyOf(mac, 16));
	}

	/**
	 * The address block: the first three octets of an IPv4 address, the first three
	 * groups of an IPv6 one; "?" when there is no address, the text itself (cut) when it
	 * is not an address literal. Parsed by hand: never a DNS lookup.
	 */
	static String block(@Nullable String address) {
		if (address == null || address.isEmpty()) {
			return "?";
		}
		String a = address.toLowerCase(Locale.ROOT);
		if (a.startsWith("::ffff:") && a.indexOf('.') > 0) {
			a = a.substring(7);
		}
		if (a.indexOf(':') < 0) {
			int last = a.lastIndexOf('.');
			return last > 0 ? a.substring(0, last) : a;
		}
		int zone = a.indexOf('%');
		if (zone >= 0) {
			a = a.substring(0, zone);
		}
		String[] groups = expand(a);
		return groups == null ? a.substring(0, Math.min(a.length(), 64)) : Integer.parseInt(groups[0], 16) + ":"
				+ Integer.parseInt(groups[1], 16) + ":" + Integer.parseInt(groups[2], 16);
	}

	/** The eight groups of an IPv6 literal (with "::" expanded), or null. */
	private static String @Nullable [] expand(String a) {
		if (!a.matches("[0-9a-f:]+")) {
			return null;
		}
		int gap = a.indexOf("::");
		String[] head = (gap < 0 ? a : a.substring(0, gap)).split(":", -1);
		String[] tail = gap < 0 ? new String[0] : a.substring(gap + 2).split(":", -1);
		if (gap >= 0 && head.length == 1 && head[0].isEmpty()) {
			head = new String[0];
		}
		if (tail.length == 1 && tail[0].isEmpty()) {
			tail = new String[0];
		}
		if (head.length + tail.length > 8 || gap < 0 && head.length != 8) {
			return null;
		}
		String[] groups = new String[8];
		java.util.Arrays.fill(groups, "0");
		System.arraycopy(head, 0, groups, 0, head.length);
		System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
		for (String g : groups) {
			if (g.isEmpty() || g.length() > 4) {
				return null;
			}
		}
		return groups;
	}

}
