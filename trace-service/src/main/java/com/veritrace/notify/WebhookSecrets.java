package com.veritrace.notify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets: made here (256 random bits, shown to the organisation once), kept
 * encrypted, since signing needs the secret itself (a hash, as for API keys, could not
 * sign). AES-256-GCM with a fresh 96-bit nonce per secret and the owning organisation as
 * associated data, so a box copied to another organisation's row does not open. The key
 * is derived from the configured one: HMAC-SHA256(key, "veritrace/webhook-secrets/v1").
 */
final class WebhookSecrets {

	static final String PREFIX = "whsec_";

	private static final int NONCE = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	WebhookSecrets(byte[] configured) {
		if (configured.length < 32) {
			throw new IllegalArgumentException("the webhook secret key needs at least 32 bytes");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(configured, "HmacSHA256"));
			this.key = new SecretKeySpec(
					mac.doFinal("veritrace/webhook-secrets/v1".getBytes(StandardCharsets.US_ASCII)), "AES");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	/** A new secret: {@code whsec_} and 43 characters of base64url. */
	String newSecret() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** nonce ‖ ciphertext ‖ tag. */
	byte[] seal(long organisationId, String secret) {
		byte[] nonce = new byte[NONCE];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(aad(organisationId));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt a webhook secret", ex);
		}
	}

	/**
	 * @throws IllegalStateException when the box does not open (another key, another
	 * organisation, changed bytes)
	 */
	String open(long organisationId, byte[] box) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE));
			cipher.updateAAD(aad(organisationId));
			return new String(cipher.doFinal(box, NONCE, box.length - NONCE), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("the webhook secret does not decrypt: was the key changed?", ex);
		}
	}

	private static byte[] aad(long organisationId) {
		return ("webhook-endpoint:" + organisationId).getBytes(StandardCharsets.US_ASCII);
	}

}
