package com.veritrace.anchor;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.BigIntegers;

/**
 * Signs tree heads with Ed25519 (RFC 8032, default, deterministic) or SM2 (GB/T 32918,
 * with SM3 and the default user ID; signature {@code r || s}), through the BouncyCastle
 * lightweight API. Thread-safe: a new signer object per signature.
 */
public final class TreeHeadSigner {

	private static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName("sm2p256v1");

	private final SignatureAlgorithm algorithm;

	/** Signs the encoded tree head; a fresh BouncyCastle signer per call. */
	private final java.util.function.Function<byte[], byte[]> signing;

	private final byte[] publicKey;

	private TreeHeadSigner(SignatureAlgorithm algorithm, java.util.function.Function<byte[], byte[]> signing,
			byte[] publicKey) {
		this.algorithm = algorithm;
		this.signing = signing;
		this.publicKey = publicKey;
	}

	/**
	 * An Ed25519 signer from a 32-byte private key (seed), e.g. read from a secret store.
	 */
	public static TreeHeadSigner ed25519(byte[] privateKeySeed) {
		if (privateKeySeed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
			throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + privateKeySeed.length);
		}
		return ed25519(new Ed25519PrivateKeyParameters(privateKeySeed, 0));
	}

	/** An Ed25519 signer with a fresh random key (tests, embedded demo). */
	public static TreeHeadSigner generate(SecureRandom random) {
		return ed25519(new Ed25519PrivateKeyParameters(random));
	}

	/**
	 * An SM2 signer from a 32-byte private scalar; {@code random} supplies the
	 * per-signature nonce.
	 */
	public static TreeHeadSigner sm2(byte[] privateKey, SecureRandom random) {
		BigInteger d = BigIntegers.fromUnsignedByteArray(privateKey);
		ECDomainParameters domain = sm2Domain();
		if (privateKey.length != 32 || d.signum() <= 0 || d.compareTo(domain.getN().subtract(BigInteger.ONE)) >= 0) {
			throw new IllegalArgumentException("an SM2 private key is a 32-byte scalar in [1, n - 2]");
		}
		ECPrivateKeyParameters key = new ECPrivateKeyParameters(d, domain);
		byte[] publicKey = domain.getG().multiply(d).normalize().getEncoded(false);
		return new TreeHeadSigner(SignatureAlgorithm.SM2, (message) -> {
			SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
			signer.init(true, new ParametersWithRandom(key, random));
			signer.update(message, 0, message.length);
			try {
				return signer.generateSignature();
			}
			catch (CryptoException ex) {
				throw new IllegalStateException("SM2 signing failed", ex);
			}
		}, publicKey);
	}

	private static TreeHeadSigner ed25519(Ed25519PrivateKeyParameters key) {
		return new TreeHeadSigner(SignatureAlgorithm.ED25519, (message) -> {
			Ed25519Signer signer = new Ed25519Signer();
			signer.init(true, key);
			signer.update(message, 0, message.length);
			return signer.generateSignature();
		}, key.generatePublicKey().getEncoded());
	}

	public SignatureAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * The public key to publish for verifiers (Ed25519: 32 bytes; SM2: 65-byte
	 * uncompressed point).
	 */
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	public SignedTreeHead sign(TreeHead head) {
		return new SignedTreeHead(head, this.algorithm, this.publicKey, this.signing.apply(head.toSignedBytes()));
	}

	/** A signature over {@code message} (a witness's cosignature message, for one). */
	public byte[] signMessage(byte[] message) {
		return this.signing.apply(message);
	}

	/**
	 * Verifies a signed tree head against a trusted public key (not the one it carries).
	 * @throws TreeHeadSignatureException if the key differs or the signature does not
	 * verify
	 */
	public static void verify(SignedTreeHead signed, byte[] trustedPublicKey) {
		if (!MessageDigest.isEqual(signed.publicKey(), trustedPublicKey)) {
			throw new TreeHeadSignatureException("tree head is signed by an untrusted key");
		}
		if (!verifyMessage(signed.signatureAlgorithm(), trustedPublicKey, signed.head().toSignedBytes(),
				signed.signature())) {
			throw new TreeHeadSignatureException(
					"bad " + signed.signatureAlgorithm() + " signature on " + signed.head());
		}
	}

	/**
	 * Whether {@code signature} is {@code algorithm}'s signature of {@code message} under
	 * {@code publicKey}.
	 * @throws TreeHeadSignatureException if the key is not one of the algorithm
	 */
	public static boolean verifyMessage(SignatureAlgorithm algorithm, byte[] publicKey, byte[] message,
			byte[] signature) {
		return switch (algorithm) {
			case ED25519 -> {
				if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
					throw new TreeHeadSignatureException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
				}
				Ed25519Signer verifier = new Ed25519Signer();
				verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
				verifier.update(message, 0, message.length);
				yield verifier.verifySignature(signature);
			}
			case SM2 -> {
				ECPublicKeyParameters key;
				try {
					key = new ECPublicKeyParameters(SM2_CURVE.getCurve().decodePoint(publicKey), sm2Domain());
				}
				catch (IllegalArgumentException ex) {
					throw new TreeHeadSignatureException("not an SM2 public key: " + ex.getMessage());
				}
				SM2Signer verifier = new SM2Signer(PlainDSAEncoding.INSTANCE, new SM3Digest());
				verifier.init(false, key);
				verifier.update(message, 0, message.length);
				yield verifier.verifySignature(signature);
			}
		};
	}

	private static ECDomainParameters sm2Domain() {
		return new ECDomainParameters(SM2_CURVE.getCurve(), SM2_CURVE.getG(), SM2_CURVE.getN(), SM2_CURVE.getH());
	}

}
