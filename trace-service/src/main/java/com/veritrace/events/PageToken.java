package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import com.veritrace.codes.HmacSha256;

/**
 * The opaque {@code nextPageToken} of EPCIS queries: a keyset cursor (the order key and
 * row id of the last event examined), the number of events returned so far (for
 * {@code eventCountLimit}), bound to the query's fingerprint and the caller's
 * organisation, with an HMAC-SHA256 (truncated to 128 bits) so that a changed token is
 * refused. {@code base64url(claims) "." base64url(mac)}.
 */
final class PageToken {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final HmacSha256 hmac;

	PageToken(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("a page token key needs at least 32 bytes, found " + key.length);
		}
		this.hmac = new HmacSha256(key);
	}

	/** Where the next page starts. */
	record Position(long orderKey, long rowId, long returned) {
	}

	String issue(String fingerprint, long organisationId, Position position) {
		String claims = "1." + fingerprint + "." + organisationId + "." + position.orderKey() + "." + position.rowId()
				+ "." + position.returned();
		byte[] body = claims.getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(body));
	}

	/**
	 * @throws IllegalArgumentException when the token was not issued for this query and
	 * organisation, or was changed
	 */
	Position read(String token, String fingerprint, long organisationId) {
		try {
			int dot = token.indexOf('.');
			byte[] body = Base64.getUrlDecoder().decode(token.substring(0, dot));
			byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(mac, mac(body))) {
				throw new IllegalArgumentException("bad mac");
			}
			String[] f = new String(body, StandardCharsets.UTF_8).split("\\.");
			if (f.length != 6 || !f[0].equals("1") || !f[1].equals(fingerprint)
					|| Long.parseLong(f[2]) != organisationId) {
				throw new IllegalArgumentException("other query");
			}
			return new Position(Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"not a token this server issued for this query (repeat the query's parameters with it)");
		}
	}

	private byte[] mac(byte[] body) {
		return Arrays.copyOf(this.hmac.sign(body), 16);
	}

}
