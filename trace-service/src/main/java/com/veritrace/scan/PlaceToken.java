package com.veritrace.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import com.veritrace.codes.HmacSha256;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;

/**
 * The page's permission to add a place to the one scan that produced it:
 * {@code base64url(claims) "."
 * base64url(HMAC-SHA256(key, claims))}, where the claims name the code as scanned, the
 * scan's time and a random scan id, and an expiry. Nobody without the key can make one,
 * so places cannot be added to arbitrary codes; it expires after {@code ttl}, and the
 * counters accept each scan id once ({@code ScanCounters#addPlace}). No cookie or session
 * is involved: the token is also what protects the endpoint from cross-site requests.
 */
final class PlaceToken {

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder B64D = Base64.getUrlDecoder();

	private static final String VERSION = "p2";

	/**
	 * Longer than any token we issue (GTIN, 20-char serial and lot, times, id, MAC):
	 * refused before decoding.
	 */
	static final int MAX_LENGTH = 640;

	private final HmacSha256 hmac;

	private final Duration ttl;

	private final Clock clock;

	/**
	 * Each thread its own generator (a DRBG seeded from the system's): the default
	 * generator reads the system's under one lock for the whole JVM, which every counted
	 * scan waited on.
	 */
	private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	});

	PlaceToken(byte[] key, Duration ttl, Clock clock) {
		if (key.length < 32) {
			throw new IllegalArgumentException("a place token key needs at least 32 bytes, found " + key.length);
		}
		this.hmac = new HmacSha256(key);

		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * What a token grants: confirming the scan {@code scanId} of this code, made at
	 * {@code scannedMs}, and adding a place to it; who scanned ({@link ClientKeys}: the
	 * client's and network's keys, and the trusted edge's place or null) as the scan saw
	 * them.
	 */
	record Claims(String gtin, String serial, @Nullable String lot, long scannedMs, String scanId, long expiresMs,
			String client, String network, @Nullable String edgePlace) {
	}

	/** Who scanned, as the token carries it. */
	record Scanner(String client, String network, @Nullable String edgePlace) {

		static final Scanner UNKNOWN = new Scanner("", "", null);

	}

	String issue(String gtin, String serial, @Nullable String lot, long scannedMs, Scanner scanner) {
		return issue(gtin, serial, lot, scannedMs, this.clock.millis() + this.ttl.toMillis(), scanner);
	}

	String issue(String gtin, String serial, @Nullable String lot, long scannedMs) {
		return issue(gtin, serial, lot, scannedMs, Scanner.UNKNOWN);
	}

	/** A token expiring at {@code expiresMs} (tests of expiry use it). */
	String issue(String gtin, String serial, @Nullable String lot, long scannedMs, long expiresMs) {
		return issue(gtin, serial, lot, scannedMs, expiresMs, Scanner.UNKNOWN);
	}

	private String issue(String gtin, String serial, @Nullable String lot, long scannedMs, long expiresMs,
			Scanner scanner) {
		byte[] id = new byte[9];
		RANDOM.get().nextBytes(id);
		String claims = String.join("|", VERSION, gtin, serial, lot == null ? "" : lot, Long.toString(scannedMs),
				B64.encodeToString(id), Long.toString(expiresMs), scanner.client(), scanner.network(),
				scanner.edgePlace() == null ? "" : scanner.edgePlace().replace("|", ""));
		byte[] bytes = claims.getBytes(StandardCharsets.UTF_8);
		return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(bytes));
	}

	/**
	 * The claims of a token this service issued that has not expired; 4xx problem details
	 * otherwise.
	 */
	Claims verify(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw InvalidException.of("token", "is required");
		}
		int dot = token.indexOf('.');
		byte[] claims;
		byte[] mac;
		try {
			if (token.length() > MAX_LENGTH || dot < 0) {
				throw new IllegalArgumentException();
			}
			claims = B64D.decode(token.substring(0, dot));
			mac = B64D.decode(token.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			throw InvalidException.of("token", "is not a place token of this service");
		}
		if (!MessageDigest.isEqual(mac, mac(claims))) {
			throw new ForbiddenException("place-token-invalid", "Invalid place token",
					"The token was not issued by this service for this scan");
		}
		String[] f = new String(claims, StandardCharsets.UTF_8).split("\\|", -1);
		if (f.length != 10 || !VERSION.equals(f[0])) {
			throw InvalidException.of("token", "is not a place token of this service");
		}
		long expires = Long.parseLong(f[6]);
		if (this.clock.millis() >= expires) {
			throw new ForbiddenException("place-token-expired", "Place token expired",
					"A place can be added within " + this.ttl.toMinutes() + " minutes of the scan; scan again");
		}
		return new Claims(f[1], f[2], f[3].isEmpty() ? null : f[3], Long.parseLong(f[4]), f[5], expires, f[7], f[8],
				f[9].isEmpty() ? null : f[9]);
	}

	private byte[] mac(byte[] claims) {
		return this.hmac.sign(claims);
	}

}
