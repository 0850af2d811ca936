package com.veritrace.nfc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.veritrace.issuance.SerialKeys;
import org.springframework.stereotype.Component;

/**
 * Chips' keys at rest, kept as webhook secrets are: AES-256-GCM under a key derived from
 * the key file's master key ({@code SerialKeys.purposeKey("nfc-tag-key")}), a fresh
 * 96-bit nonce per box, and what the key belongs to (organisation, purpose, UID) as
 * associated data, so a box copied to another row does not open. Keys never reach a log,
 * an answer or an exception message.
 */
@Component
class NfcKeys {

	static final String PURPOSE = "nfc-tag-key";

	private static final int NONCE = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final byte[] fingerprintKey;

	private final SecureRandom random = new SecureRandom();

	NfcKeys(SerialKeys serialKeys) {
		byte[] derived = serialKeys.purposeKey(PURPOSE);
		this.key = new SecretKeySpec(derived, "AES");
		this.fingerprintKey = serialKeys.purposeKey("nfc-key-fingerprint");
	}

	/** nonce ‖ ciphertext ‖ tag of a 16-byte key. */
	byte[] seal(String boundTo, byte[] plainKey) {
		byte[] nonce = new byte[NONCE];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.US_ASCII));
			byte[] sealed = cipher.doFinal(plainKey);
			return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt a chip key");
		}
	}

	/**
	 * @throws IllegalStateException when the box does not open (another key file, another
	 * row, changed bytes)
	 */
	byte[] open(String boundTo, byte[] box) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.US_ASCII));
			return cipher.doFinal(box, NONCE, box.length - NONCE);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("a chip key does not decrypt: was the key file changed?");
		}
	}

	/** HMAC-SHA256 naming a meta-read key of an organisation without revealing it. */
	byte[] fingerprint(long organisationId, byte[] plainKey) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.fingerprintKey, "HmacSHA256"));
			mac.update(ByteBuffer.allocate(8).putLong(organisationId).array());
			return mac.doFinal(plainKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available");
		}
	}

	static String metaKeyBinding(long organisationId) {
		return "nfc-meta:" + organisationId;
	}

	static String fileKeyBinding(long organisationId, String uid) {
		return "nfc-file:" + organisationId + ":" + uid;
	}

	static String masterKeyBinding(long organisationId) {
		return "nfc-master:" + organisationId;
	}

}
