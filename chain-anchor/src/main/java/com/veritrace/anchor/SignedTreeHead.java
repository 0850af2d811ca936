package com.veritrace.anchor;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A {@link TreeHead} with a signature over {@link TreeHead#toSignedBytes()} and the
 * public key that made it. Immutable.
 */
public record SignedTreeHead(TreeHead head, SignatureAlgorithm signatureAlgorithm, byte[] publicKey, byte[] signature) {

	public SignedTreeHead {
		publicKey = publicKey.clone();
		signature = signature.clone();
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
		return other instanceof SignedTreeHead that && this.head.equals(that.head)
				&& this.signatureAlgorithm == that.signatureAlgorithm && Arrays.equals(this.publicKey, that.publicKey)
				&& Arrays.equals(this.signature, that.signature);
	}

	@Override
	public int hashCode() {
		return this.head.hashCode() * 31 + Arrays.hashCode(this.signature);
	}

	@Override
	public String toString() {
		return "SignedTreeHead[" + this.head + ", " + this.signatureAlgorithm + ", publicKey="
				+ HexFormat.of().formatHex(this.publicKey) + ", signature=" + HexFormat.of().formatHex(this.signature)
				+ "]";
	}

}
