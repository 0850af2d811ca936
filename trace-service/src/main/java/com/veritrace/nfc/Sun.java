package com.veritrace.nfc;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * NTAG 424 DNA secure unique NFC (SUN) messages in AES mode, as NXP's application note
 * AN12196 describes them: pure functions, no Spring, no state. The PICC data (encrypted
 * with the SDM meta-read key) holds the chip's UID and its read counter; the SUN MAC is
 * an AES-CMAC under a session key derived from the SDM file-read key, the UID and the
 * counter, so a message is bound to one chip and one tap.
 */
public final class Sun {

	/** SV1 prefix: the session encryption key's derivation vector. */
	static final byte[] SV1_PREFIX = { (byte) 0xC3, 0x3C, 0x00, 0x01, 0x00, (byte) 0x80 };

	/** SV2 prefix: the session MAC key's derivation vector. */
	static final byte[] SV2_PREFIX = { 0x3C, (byte) 0xC3, 0x00, 0x01, 0x00, (byte) 0x80 };

	/** PICC data tag: UID mirrored (bit 7), counter mirrored (bit 6), UID of 7 bytes. */
	static final int PICC_TAG_UID_AND_COUNTER = 0xC7;

	public static final int UID_BYTES = 7;

	public static final int MAC_BYTES = 8;

	public static final int MAX_COUNTER = 0xFFFFFF;

	private Sun() {
	}

	/** What the PICC data said: the chip and its read counter. */
	public record PiccData(int tag, byte[] uid, int counter) {
	}

	/**
	 * The PICC data decrypted with the meta-read key (AES-128-CBC, zero IV), or null when
	 * it does not decrypt to a 7-byte UID and a counter (another key, or garbage).
	 * @param encrypted 16 bytes
	 */
	public static @Nullable PiccData decryptPiccData(byte[] metaReadKey, byte[] encrypted) {
		if (encrypted.length != AesCmac.BLOCK) {
			throw new IllegalArgumentException("PICC data has 16 bytes");
		}
		byte[] plain = aes(Cipher.DECRYPT_MODE, "AES/CBC/NoPadding", metaReadKey, new byte[AesCmac.BLOCK], encrypted);
		if ((plain[0] & 0xff) != PICC_TAG_UID_AND_COUNTER) {
			return null;
		}
		return new PiccData(plain[0] & 0xff, Arrays.copyOfRange(plain, 1, 1 + UID_BYTES),
				littleEndian(plain, 1 + UID_BYTES));
	}

	/** The read counter from its three bytes, least significant first. */
	static int littleEndian(byte[] bytes, int at) {
		return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16;
	}

	/** SV2 = 3CC3 0001 0080 ‖ UID ‖ counter (LSB first), 16 bytes. */
	static byte[] sv2(byte[] uid, int counter) {
		return vector(SV2_PREFIX, uid, counter);
	}

	private static byte[] vector(byte[] prefix, byte[] uid, int counter) {
		if (uid.length != UID_BYTES) {
			throw new IllegalArgumentException("a UID has 7 bytes");
		}
		byte[] sv = new byte[AesCmac.BLOCK];
		System.arraycopy(prefix, 0, sv, 0, prefix.length);
		System.arraycopy(uid, 0, sv, prefix.length, UID_BYTES);
		sv[13] = (byte) counter;
		sv[14] = (byte) (counter >>> 8);
		sv[15] = (byte) (counter >>> 16);
		return sv;
	}

	/** The session MAC key: AES-CMAC(file-read key, SV2). */
	public static byte[] sessionMacKey(byte[] fileReadKey, byte[] uid, int counter) {
		return new AesCmac(fileReadKey).mac(sv2(uid, counter));
	}

	/** The session encryption key of the file data: AES-CMAC(file-read key, SV1). */
	static byte[] sessionEncKey(byte[] fileReadKey, byte[] uid, int counter) {
		return new AesCmac(fileReadKey).mac(vector(SV1_PREFIX, uid, counter));
	}

	/**
	 * The SUN MAC: the 8 bytes at odd indexes of AES-CMAC(session MAC key, MAC input).
	 */
	public static byte[] sunMac(byte[] sessionMacKey, byte[] macInput) {
		byte[] full = new AesCmac(sessionMacKey).mac(macInput);
		byte[] mac = new byte[MAC_BYTES];
		for (int i = 0; i < MAC_BYTES; i++) {
			mac[i] = full[2 * i + 1];
		}
		return mac;
	}

	/**
	 * Whether the message's MAC is the one the chip would have made, compared in constant
	 * time.
	 */
	public static boolean macValid(byte[] fileReadKey, byte[] uid, int counter, byte[] macInput, byte[] mac) {
		byte[] expected = sunMac(sessionMacKey(fileReadKey, uid, counter), macInput);
		return MessageDigest.isEqual(expected, mac);
	}

	/**
	 * The file data (the {@code enc} part) decrypted: AES-128-CBC under the session
	 * encryption key with IV = AES(session key, counter LSB first ‖ 13 zero bytes).
	 * @param encrypted a multiple of 16 bytes
	 */
	public static byte[] decryptFileData(byte[] fileReadKey, byte[] uid, int counter, byte[] encrypted) {
		if (encrypted.length == 0 || encrypted.length % AesCmac.BLOCK != 0) {
			throw new IllegalArgumentException("file data comes in blocks of 16 bytes");
		}
		byte[] key = sessionEncKey(fileReadKey, uid, counter);
		byte[] ivInput = new byte[AesCmac.BLOCK];
		ivInput[0] = (byte) counter;
		ivInput[1] = (byte) (counter >>> 8);
		ivInput[2] = (byte) (counter >>> 16);
		byte[] iv = aes(Cipher.ENCRYPT_MODE, "AES/ECB/NoPadding", key, null, ivInput);
		return aes(Cipher.DECRYPT_MODE, "AES/CBC/NoPadding", key, iv, encrypted);
	}

	/**
	 * AES-128 with the JDK's provider; {@code iv} null for ECB.
	 */
	static byte[] aes(int mode, String transformation, byte[] key, byte @Nullable [] iv, byte[] data) {
		if (key.length != AesCmac.BLOCK) {
			throw new IllegalArgumentException("an AES-128 key has 16 bytes");
		}
		try {
			Cipher cipher = Cipher.getInstance(transformation);
			if (iv == null) {
				cipher.init(mode, new SecretKeySpec(key, "AES"));
			}
			else {
				cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
			}
			return cipher.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES failed", ex);
		}
	}

}
