package com.veritrace.anchor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A witness's cosignature on a tree head: the witness checked the head's signature, its
 * consistency with every head it verified before and, where it can, the ledger anchor,
 * and then signed, with its own key,
 *
 * <pre>
 * "veritrace-cosig-v1" (18 ASCII bytes) || uint64 timeMs (big-endian, when the witness verified it)
 *   || the head's signed bytes ({@link TreeHead#toSignedBytes()})
 * </pre>
 *
 * (docs/TRANSPARENCY.md, "Witnesses"). Ed25519 or SM2, as tree heads. Immutable.
 *
 * @param algorithm the witness key's algorithm
 * @param publicKey the witness's raw public key (Ed25519: 32 bytes; SM2: 65)
 * @param timeMs when the witness verified the head, epoch milliseconds
 * @param signature the witness's signature over {@link #message}
 */
public record Cosignature(SignatureAlgorithm algorithm, byte[] publicKey, long timeMs, byte[] signature) {

	public static final String MAGIC = "veritrace-cosig-v1";

	public Cosignature {
		publicKey = publicKey.clone();
		signature = signature.clone();
	}

	/** The bytes a witness signs for {@code head} at {@code timeMs}. */
	public static byte[] message(TreeHead head, long timeMs) {
		byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
		byte[] signed = head.toSignedBytes();
		return ByteBuffer.allocate(magic.length + 8 + signed.length).put(magic).putLong(timeMs).put(signed).array();
	}

	/** The witness {@code key}'s cosignature on {@code head}, made at {@code timeMs}. */
	public static Cosignature sign(TreeHeadSigner key, TreeHead head, long timeMs) {
		return new Cosignature(key.algorithm(), key.publicKey(), timeMs, key.signMessage(message(head, timeMs)));
	}

	/**
	 * Checks this cosignature on {@code head} against a trusted witness key.
	 * @throws TreeHeadSignatureException if the key is another, or the signature does not
	 * verify
	 */
	public void verify(TreeHead head, byte[] trustedPublicKey) {
		if (!MessageDigest.isEqual(this.publicKey, trustedPublicKey)) {
			throw new TreeHeadSignatureException("cosigned by an untrusted key");
		}
		if (!TreeHeadSigner.verifyMessage(this.algorithm, trustedPublicKey, message(head, this.timeMs),
				this.signature)) {
			throw new TreeHeadSignatureException("bad " + this.algorithm + " cosignature on " + head);
		}
	}

	@Override
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	@Override
	public byte[] signature() {
		return this.signature.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Cosignature that && this.algorithm == that.algorithm && this.timeMs == that.timeMs
				&& Arrays.equals(this.publicKey, that.publicKey) && Arrays.equals(this.signature, that.signature);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.signature);
	}

	@Override
	public String toString() {
		return "Cosignature[" + this.algorithm + ", publicKey=" + HexFormat.of().formatHex(this.publicKey) + ", timeMs="
				+ this.timeMs + "]";
	}

}
