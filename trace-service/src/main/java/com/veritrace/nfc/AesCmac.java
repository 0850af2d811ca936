package com.veritrace.nfc;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128-CMAC (NIST SP 800-38B, RFC 4493): plain Java over the JDK's AES, no state
 * beyond one key's cipher, so an instance serves one thread.
 */
final class AesCmac {

	static final int BLOCK = 16;

	private final Cipher aes;

	private final byte[] k1;

	private final byte[] k2;

	AesCmac(byte[] key) {
		if (key.length != BLOCK) {
			throw new IllegalArgumentException("an AES-128 key has 16 bytes");
		}
		try {
			this.aes = Cipher.getInstance("AES/ECB/NoPadding");
			this.aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
			this.k1 = shift(this.aes.doFinal(new byte[BLOCK]));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES is not available", ex);
		}
		this.k2 = shift(this.k1);
	}

	/** The subkey step: one bit to the left, XOR 0x87 into the last byte on a carry. */
	private static byte[] shift(byte[] in) {
		byte[] out = new byte[BLOCK];
		for (int i = 0; i < BLOCK; i++) {
			out[i] = (byte) ((in[i] << 1) | (i + 1 < BLOCK ? (in[i + 1] & 0xff) >>> 7 : 0));
		}
		if ((in[0] & 0x80) != 0) {
			out[BLOCK - 1] ^= (byte) 0x87;
		}
		return out;
	}

	/** The 16-byte CMAC of the message. */
	byte[] mac(byte[] message) {
		return mac(message, message.length);
	}

	/**
	 * The CMAC of the message padded ({@code 80 00 …}) to {@code paddedLength} bytes, a
	 * multiple of 16 (AN10922 pads diversification input to 32 bytes whatever its
	 * length); {@code paddedLength} = the message's length padded to the next block is
	 * plain CMAC.
	 */
	byte[] mac(byte[] message, int paddedLength) {
		int blocks = Math.max(1, (paddedLength + BLOCK - 1) / BLOCK);
		boolean complete = message.length > 0 && message.length == blocks * BLOCK;
		byte[] state = new byte[BLOCK];
		try {
			for (int b = 0; b < blocks; b++) {
				for (int i = 0; i < BLOCK; i++) {
					int at = b * BLOCK + i;
					byte m = at < message.length ? message[at] : at == message.length ? (byte) 0x80 : 0;
					state[i] ^= m;
					if (b == blocks - 1) {
						state[i] ^= complete ? this.k1[i] : this.k2[i];
					}
				}
				state = this.aes.doFinal(state);
			}
			return state;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES failed", ex);
		}
	}

}
