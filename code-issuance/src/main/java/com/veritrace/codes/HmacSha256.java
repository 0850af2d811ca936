package com.veritrace.codes;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, safe to share between threads: the key is set up once, and
 * each use gets a clone of that initialised instance (cheaper than
 * {@code Mac.getInstance} and {@code init} on every call).
 */
public final class HmacSha256 {

	private final SecretKeySpec key;

	private final Mac prototype;

	public HmacSha256(byte[] key) {
		this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
		this.prototype = newMac();
	}

	/** A MAC ready for {@code update}/{@code doFinal}, for this caller alone. */
	public Mac mac() {
		try {
			return (Mac) this.prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newMac();
		}
	}

	public byte[] sign(byte[] data) {
		return mac().doFinal(data);
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
