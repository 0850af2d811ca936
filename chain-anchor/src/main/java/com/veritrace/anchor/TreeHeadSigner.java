package com.veritrace.anchor;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs tree heads with Ed25519 (RFC 8032, pure, BouncyCastle lightweight API). Signatures are
 * deterministic. Thread-safe: a new signer object per signature.
 */
public final class TreeHeadSigner {

	private final Ed25519PrivateKeyParameters privateKey;

	private final byte[] publicKey;

	private TreeHeadSigner(Ed25519PrivateKeyParameters privateKey) {
		this.privateKey = privateKey;
		this.publicKey = privateKey.generatePublicKey().getEncoded();
	}

	/** A signer from a 32-byte Ed25519 private key (seed), e.g. read from a secret store. */
	public static TreeHeadSigner ed25519(byte[] privateKeySeed) {
		if (privateKeySeed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
			throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + privateKeySeed.length);
		}
		return new TreeHeadSigner(new Ed25519PrivateKeyParameters(privateKeySeed, 0));
	}

	/** A signer with a fresh random key (tests, embedded demo). */
	public static TreeHeadSigner generate(SecureRandom random) {
		return new TreeHeadSigner(new Ed25519PrivateKeyParameters(random));
	}

	/** The 32-byte Ed25519 public key to publish for verifiers. */
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	public SignedTreeHead sign(TreeHead head) {
		byte[] message = head.toSignedBytes();
		Ed25519Signer signer = new Ed25519Signer();
		signer.init(true, this.privateKey);
		signer.update(message, 0, message.length);
		return new SignedTreeHead(head, this.publicKey, signer.generateSignature());
	}

	/**
	 * Verifies a signed tree head against a trusted public key (not the one it carries).
	 * @throws TreeHeadSignatureException if the key differs or the signature does not verify
	 */
	public static void verify(SignedTreeHead signed, byte[] trustedPublicKey) {
		if (!java.security.MessageDigest.isEqual(signed.publicKey(), trustedPublicKey)) {
			throw new TreeHeadSignatureException("tree head is signed by an untrusted key");
		}
		if (trustedPublicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
			throw new TreeHeadSignatureException("an Ed25519 public key has 32 bytes, not " + trustedPublicKey.length);
		}
		byte[] message = signed.head().toSignedBytes();
		Ed25519Signer verifier = new Ed25519Signer();
		verifier.init(false, new Ed25519PublicKeyParameters(trustedPublicKey, 0));
		verifier.update(message, 0, message.length);
		if (!verifier.verifySignature(signed.signature())) {
			throw new TreeHeadSignatureException("bad signature on " + signed.head());
		}
	}

}
