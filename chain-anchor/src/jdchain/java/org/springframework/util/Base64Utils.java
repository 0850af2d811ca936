package org.springframework.util;

import java.util.Base64;

/**
 * Spring 5.3's Base64Utils (the methods the JD Chain SDK uses), gone from Spring 7, which the
 * JD Chain SDK 1.6.4 still calls ({@code utils.io.ByteArray}, {@code SignatureEncoding}, the
 * {@code BytesValue} JSON (de)serializers): without it they fail with {@code NoClassDefFoundError}
 * under Spring 7. Compiled into chain-anchor only by the {@code jdchain} Maven profile (this source
 * folder, {@code src/jdchain/java}, is added by it), for {@link com.veritrace.anchor.JdChainLedger}: the
 * default build ships no class in a Spring package. Remove it if a later SDK stops calling it.
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
