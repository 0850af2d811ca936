package com.veritrace.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook call, in header {@value #HEADER}:
 * {@code t=<unix seconds>,v1=<hex>} where the hex is HMAC-SHA256, keyed with the
 * endpoint's secret (its UTF-8 bytes, {@code whsec_} included), of
 * {@code <t> + "." + <the exact body bytes>}. The time is signed so that a receiver can
 * refuse old calls replayed (it should allow a few minutes of clock skew); each attempt
 * is signed afresh, the body stays the same.
 */
final class WebhookSignature {

	static final String HEADER = "X-Veritrace-Signature";

	private WebhookSignature() {
	}

	static String header(String secret, long unixSeconds, byte[] body) {
		return "t=" + unixSeconds + ",v1="
				+ hmacHex(secret, (unixSeconds + ".").getBytes(StandardCharsets.US_ASCII), body);
	}

	/**
	 * Lowercase hex of HMAC-SHA256 keyed with the key's UTF-8 bytes over the parts, in
	 * order.
	 */
	static String hmacHex(String key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return HexFormat.of().formatHex(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
