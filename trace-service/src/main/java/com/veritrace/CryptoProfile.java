package com.veritrace;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.inspection.DocumentHashAlgorithm;

/**
 * The algorithms the platform itself chooses ({@code veritrace.crypto.profile}): the
 * transparency log's hash, the signatures on its tree heads and the witnesses'
 * cosignatures, and the digests of lab report documents. Event hashes are not among them:
 * an event's identity is its GS1 CBV 2.0 hash, SHA-256 in every profile
 * (docs/TRANSPARENCY.md, "National-crypto profile").
 *
 * <p>
 * A setting that names an algorithm the profile decides
 * ({@code veritrace.anchor.hash-algorithm}, {@code veritrace.inspection.hash-algorithm},
 * the signing key) may repeat the profile's choice; one that contradicts it stops
 * start-up with a {@link CryptoProfileException} naming the setting and what to do.
 */
public enum CryptoProfile {

	/** SHA-256 log, Ed25519 tree heads (generated keys), SHA-256 documents. */
	STANDARD(HashAlgorithm.SHA_256, SignatureAlgorithm.ED25519, DocumentHashAlgorithm.SHA_256),

	/**
	 * 国密: SM3 log (GB/T 32905), SM2 tree heads and cosignatures only (GB/T 32918, SM3,
	 * user ID 1234567812345678), SM3 documents.
	 */
	SM(HashAlgorithm.SM3, SignatureAlgorithm.SM2, DocumentHashAlgorithm.SM3);

	private final HashAlgorithm logHash;

	private final SignatureAlgorithm signatureAlgorithm;

	private final DocumentHashAlgorithm documentHash;

	CryptoProfile(HashAlgorithm logHash, SignatureAlgorithm signatureAlgorithm, DocumentHashAlgorithm documentHash) {
		this.logHash = logHash;
		this.signatureAlgorithm = signatureAlgorithm;
		this.documentHash = documentHash;
	}

	/** The name as configured: {@code standard} or {@code sm}. */
	public String settingValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The algorithm of generated tree-head signing keys. */
	public SignatureAlgorithm signatureAlgorithm() {
		return this.signatureAlgorithm;
	}

	/**
	 * The log's hash: the profile's, which {@code veritrace.anchor.hash-algorithm} may
	 * repeat but not contradict.
	 * @throws CryptoProfileException if {@code configured} is another
	 */
	public HashAlgorithm logHash(@Nullable HashAlgorithm configured) {
		if (configured != null && configured != this.logHash) {
			throw new CryptoProfileException("veritrace.anchor.hash-algorithm=" + configured.standardName()
					+ " contradicts veritrace.crypto.profile=" + settingValue() + ", whose log hashes with "
					+ this.logHash.standardName() + ": remove veritrace.anchor.hash-algorithm (the profile decides), "
					+ "or set veritrace.crypto.profile=" + (configured == HashAlgorithm.SM3 ? "sm" : "standard"));
		}
		return this.logHash;
	}

	/**
	 * The digest of new lab report documents: the profile's unless
	 * {@code veritrace.inspection.hash-algorithm} is set. The standard profile accepts
	 * SM3 there (each document keeps the algorithm it was stored with); the sm profile
	 * refuses SHA-256.
	 * @throws CryptoProfileException if {@code configured} is SHA-256 in the sm profile
	 */
	public DocumentHashAlgorithm documentHash(@Nullable DocumentHashAlgorithm configured) {
		if (configured == null) {
			return this.documentHash;
		}
		if (this == SM && configured != DocumentHashAlgorithm.SM3) {
			throw new CryptoProfileException("veritrace.inspection.hash-algorithm=" + configured.name()
					+ " contradicts veritrace.crypto.profile=sm, whose report documents are digested with SM3: "
					+ "remove veritrace.inspection.hash-algorithm, or set veritrace.crypto.profile=standard");
		}
		return configured;
	}

	/**
	 * Checks that a key the log signs with, or a witness's key, fits the profile: the sm
	 * profile takes SM2 keys only; the standard profile generates Ed25519 keys and takes
	 * configured Ed25519 or SM2 ones.
	 * @param what the key and where it came from, for the message
	 * @throws CryptoProfileException if it does not fit
	 */
	public void checkKey(String what, SignatureAlgorithm algorithm) {
		if (this == SM && algorithm != SignatureAlgorithm.SM2) {
			throw new CryptoProfileException(what + " is an " + algorithm + " key, but veritrace.crypto.profile=sm "
					+ "signs tree heads and cosignatures with SM2 only: give an SM2 key (openssl genpkey -algorithm "
					+ "SM2; docs/TRANSPARENCY.md, \"National-crypto profile\")");
		}
	}

	/**
	 * Checks {@code veritrace.anchor.signing-key}, a hex Ed25519 seed: the sm profile has
	 * no use for one.
	 * @throws CryptoProfileException if it is set in the sm profile
	 */
	public void checkSigningKeySetting(@Nullable String hexSeed) {
		if (this == SM && hexSeed != null && !hexSeed.isBlank()) {
			throw new CryptoProfileException("veritrace.anchor.signing-key is a hex Ed25519 seed, which "
					+ "veritrace.crypto.profile=sm does not sign with: unset it and give the SM2 key as PKCS#8 PEM in "
					+ "veritrace.anchor.keys.signing-key-file (openssl genpkey -algorithm SM2), or leave both unset to "
					+ "have one generated into veritrace.anchor.keys.dir");
		}
	}

	/** A setting that contradicts the crypto profile; start-up stops with it. */
	public static class CryptoProfileException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		public CryptoProfileException(String message) {
			super(message);
		}

	}

}
