package com.veritrace.anchor;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static com.veritrace.anchor.TestData.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TreeHeadSignerTests {

	// RFC 8032 section 7.1 TEST 1 secret key and its public key
	private static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

	private static final String PUBLIC_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

	private final TreeHead head = new TreeHead(8, TestData.h(TestData.RFC6962_ROOTS.get(7)), HashAlgorithm.SHA_256,
			Instant.parse("2026-01-02T03:04:05.678Z"));

	@Test
	void signedBytesFollowTheDocumentedLayout() {
		byte[] bytes = this.head.toSignedBytes();
		assertThat(HEX.formatHex(bytes)).isEqualTo("7665726974726163652d7374682d7631" // "veritrace-sth-v1"
				+ "01" // SHA-256
				+ "0000000000000008" // size
				+ HEX.formatHex(java.nio.ByteBuffer.allocate(8).putLong(1767323045678L).array()) // millis
				+ "20" + TestData.RFC6962_ROOTS.get(7));
		assertThat(TreeHead.fromSignedBytes(bytes)).isEqualTo(this.head);
	}

	@Test
	void rfc8032KeyRoundTripsAndSignatureIsDeterministic() {
		TreeHeadSigner signer = TreeHeadSigner.ed25519(SEED);
		assertThat(HEX.formatHex(signer.publicKey())).isEqualTo(PUBLIC_KEY);
		SignedTreeHead signed = signer.sign(this.head);
		assertThat(signed.signature()).hasSize(64).isEqualTo(signer.sign(this.head).signature());
		assertThatCode(() -> TreeHeadSigner.verify(signed, HEX.parseHex(PUBLIC_KEY))).doesNotThrowAnyException();
	}

	@Test
	void tamperedHeadOrForeignKeyIsRefused() {
		TreeHeadSigner signer = TreeHeadSigner.ed25519(SEED);
		SignedTreeHead signed = signer.sign(this.head);
		TreeHead bigger = new TreeHead(9, this.head.rootHash(), HashAlgorithm.SHA_256, this.head.timestamp());
		SignedTreeHead forged = new SignedTreeHead(bigger, SignatureAlgorithm.ED25519, signed.publicKey(),
				signed.signature());
		assertThatExceptionOfType(TreeHeadSignatureException.class)
			.isThrownBy(() -> TreeHeadSigner.verify(forged, signer.publicKey()));
		byte[] badSignature = signed.signature();
		badSignature[10] ^= 1;
		assertThatExceptionOfType(TreeHeadSignatureException.class).isThrownBy(() -> TreeHeadSigner.verify(
				new SignedTreeHead(this.head, SignatureAlgorithm.ED25519, signed.publicKey(), badSignature),
				signer.publicKey()));
		TreeHeadSigner other = TreeHeadSigner.generate(new java.security.SecureRandom());
		assertThatExceptionOfType(TreeHeadSignatureException.class)
			.isThrownBy(() -> TreeHeadSigner.verify(other.sign(this.head), signer.publicKey()));
	}

	@Test
	void sm2SignsAndVerifiesAndRefusesTampering() {
		byte[] key = HEX.parseHex("3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8");
		TreeHeadSigner signer = TreeHeadSigner.sm2(key, new java.security.SecureRandom());
		assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThat(signer.publicKey()).hasSize(65).startsWith((byte) 0x04);
		SignedTreeHead signed = signer.sign(this.head);
		assertThat(signed.signature()).hasSize(64);
		assertThatCode(() -> TreeHeadSigner.verify(signed, signer.publicKey())).doesNotThrowAnyException();
		TreeHead bigger = new TreeHead(9, this.head.rootHash(), HashAlgorithm.SHA_256, this.head.timestamp());
		assertThatExceptionOfType(TreeHeadSignatureException.class).isThrownBy(() -> TreeHeadSigner.verify(
				new SignedTreeHead(bigger, SignatureAlgorithm.SM2, signed.publicKey(), signed.signature()),
				signer.publicKey()));
		// an SM2 signature presented as Ed25519 does not verify either
		assertThatExceptionOfType(TreeHeadSignatureException.class).isThrownBy(() -> TreeHeadSigner.verify(
				new SignedTreeHead(this.head, SignatureAlgorithm.ED25519, signed.publicKey(), signed.signature()),
				signer.publicKey()));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TreeHeadSigner.sm2(new byte[32], new java.security.SecureRandom()));
	}

}
