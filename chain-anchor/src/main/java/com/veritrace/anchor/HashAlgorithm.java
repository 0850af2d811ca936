package com.veritrace.anchor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The hash functions a Merkle log may use. SHA-256 is the default; SM3 (GB/T 32905) is
 * selectable where Chinese national algorithms are required. Both produce 32-byte
 * digests.
 *
 * <p>
 * Names are refused, never guessed: {@link #fromName(String)} throws
 * {@link UnknownHashAlgorithmException} for anything it does not know.
 */
public enum HashAlgorithm {

	/** FIPS 180-4 SHA-256 (JDK provider, uses CPU intrinsics where present). */
	SHA_256("SHA-256", (byte) 1),

	/** GB/T 32905-2016 SM3 (BouncyCastle lightweight API). */
	SM3("SM3", (byte) 2);

	/** Digest length of every supported algorithm, in bytes. */
	public static final int DIGEST_LENGTH = 32;

	private final String standardName;

	private final byte code;

	HashAlgorithm(String standardName, byte code) {
		this.standardName = standardName;
		this.code = code;
	}

	/**
	 * The name used in proof documents and tree heads: {@code SHA-256} or {@code SM3}.
	 */
	public String standardName() {
		return this.standardName;
	}

	/**
	 * One-byte code used in the signed tree-head encoding and on chain (1 = SHA-256, 2 =
	 * SM3).
	 */
	public byte code() {
		return this.code;
	}

	public int digestLength() {
		return DIGEST_LENGTH;
	}

	/**
	 * Accepts the standard name ({@code SHA-256}, {@code SM3}) or the constant name
	 * ({@code SHA_256}), case-insensitively.
	 * @throws UnknownHashAlgorithmException for any other name
	 */
	public static HashAlgorithm fromName(String name) {
		String normalized = name.trim().toUpperCase(Locale.ROOT);
		for (HashAlgorithm algorithm : values()) {
			if (algorithm.standardName.equals(normalized) || algorithm.name().equals(normalized)) {
				return algorithm;
			}
		}
		throw new UnknownHashAlgorithmException(name);
	}

	/**
	 * @throws UnknownHashAlgorithmException for an unknown code
	 */
	public static HashAlgorithm fromCode(int code) {
		for (HashAlgorithm algorithm : values()) {
			if (algorithm.code == code) {
				return algorithm;
			}
		}
		throw new UnknownHashAlgorithmException("code " + code);
	}

	/** Computes the digest of the concatenation of the given parts. */
	byte[] digest(byte[]... parts) {
		return switch (this) {
			case SHA_256 -> {
				MessageDigest md = newSha256();
				for (byte[] part : parts) {
					md.update(part);
				}
				yield md.digest();
			}
			case SM3 -> {
				SM3Digest sm3 = new SM3Digest();
				for (byte[] part : parts) {
					sm3.update(part, 0, part.length);
				}
				byte[] out = new byte[DIGEST_LENGTH];
				sm3.doFinal(out, 0);
				yield out;
			}
		};
	}

	/** A reusable, single-threaded digest engine of this algorithm. */
	DigestEngine newEngine() {
		return switch (this) {
			case SHA_256 -> {
				MessageDigest md = newSha256();
				yield new DigestEngine() {
					@Override
					public void update(byte b) {
						md.update(b);
					}

					@Override
					public void update(byte[] bytes) {
						md.update(bytes);
					}

					@Override
					public byte[] digest() {
						return md.digest();
					}
				};
			}
			case SM3 -> {
				SM3Digest sm3 = new SM3Digest();
				yield new DigestEngine() {
					@Override
					public void update(byte b) {
						sm3.update(b);
					}

					@Override
					public void update(byte[] bytes) {
						sm3.update(bytes, 0, bytes.length);
					}

					@Override
					public byte[] digest() {
						byte[] out = new byte[DIGEST_LENGTH];
						sm3.doFinal(out, 0);
						return out;
					}
				};
			}
		};
	}

	/** Incremental digest that resets after {@link #digest()}; not thread-safe. */
	interface DigestEngine {

		void update(byte b);

		void update(byte[] bytes);

		byte[] digest();

	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
