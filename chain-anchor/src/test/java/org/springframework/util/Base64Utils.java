package org.springframework.util;

import java.util.Base64;

/**
 * Spring 5.3's Base64Utils, removed in Spring 6.2/7, which the JD Chain SDK 1.6.4 still calls
 * ({@code ByteArray}, {@code SignatureEncoding}, value (de)serializers). Test-only here: an
 * application that runs the jdchain ledger must provide the same class.
 */
public abstract class Base64Utils {

	public static byte[] encode(byte[] src) {
		return Base64.getEncoder().encode(src);
	}

	public static byte[] decode(byte[] src) {
		return Base64.getDecoder().decode(src);
	}

	public static byte[] encodeUrlSafe(byte[] src) {
		return Base64.getUrlEncoder().encode(src);
	}

	public static byte[] decodeUrlSafe(byte[] src) {
		return Base64.getUrlDecoder().decode(src);
	}

	public static String encodeToString(byte[] src) {
		return Base64.getEncoder().encodeToString(src);
	}

	public static byte[] decodeFromString(String src) {
		return Base64.getDecoder().decode(src);
	}

	public static String encodeToUrlSafeString(byte[] src) {
		return Base64.getUrlEncoder().encodeToString(src);
	}

	public static byte[] decodeFromUrlSafeString(String src) {
		return Base64.getUrlDecoder().decode(src);
	}

}
