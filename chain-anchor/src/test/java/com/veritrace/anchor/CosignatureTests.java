package com.veritrace.anchor;

import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static com.veritrace.anchor.TestData.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A witness's cosignature: the documented message layout, a fixed vector that the browser
 * verifier (src/test/js/proof-verify.test.mjs) checks too, and refusals.
 */
class CosignatureTests {

	// RFC 8032 section 7.1 TEST 2's secret key as the witness's
	private static final byte[] WITNESS_SEED = HEX
		.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");

	/** The signed bytes of the head in src/test/resources/api-proof-document.json. */
	static final String SIGNED_BYTES = "7665726974726163652d7374682d7631010000000000000009000001a20be0dd342064041e8ef40f"
			+ "5306d54f5e021a1c557d3fa4a0d7108ccd4566f73aee88b3d354";

	static final long TIME_MS = Instant.parse("2026-11-24T04:47:01.250Z").toEpochMilli();

	/**
	 * The witness's Ed25519 signature over that head at that time (OpenSSL 3.0
	 * {@code pkeyutl -sign -rawin} gives the same bytes).
	 */
	static final String SIGNATURE = "a56e64ef7aafee2b1351f721eaf250dd6bb7f4998144f901d5ef4e933e177d9a"
			+ "9288d995346e3e6bb12165d0229155ebb0079e047b9d0bc2501a59aa9519070f";

	private final TreeHead head = TreeHead.fromSignedBytes(HEX.parseHex(SIGNED_BYTES));

	@Test
	void theMessageIsTheMagicTheTimeAndTheSignedHead() {
		assertThat(HEX.formatHex(Cosignature.message(this.head, TIME_MS))).isEqualTo("766572697472616365" // "veritrace"
				+ "2d636f7369672d7631" // "-cosig-v1"
				+ HEX.formatHex(java.nio.ByteBuffer.allocate(8).putLong(TIME_MS).array()) + SIGNED_BYTES);
	}

	@Test
	void aFixedWitnessKeySignsTheVectorTheBrowserChecksToo() {
		TreeHeadSigner witness = TreeHeadSigner.ed25519(WITNESS_SEED);
		assertThat(HEX.formatHex(witness.publicKey()))
			.isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
		Cosignature cosignature = Cosignature.sign(witness, this.head, TIME_MS);
		assertThat(HEX.formatHex(cosignature.signature())).isEqualTo(SIGNATURE);
		assertThatCode(() -> cosignature.verify(this.head, witness.publicKey())).doesNotThrowAnyException();
	}

	@Test
	void anotherHeadTimeOrKeyIsRefused() {
		TreeHeadSigner witness = TreeHeadSigner.ed25519(WITNESS_SEED);
		Cosignature cosignature = Cosignature.sign(witness, this.head, TIME_MS);
		TreeHead other = new TreeHead(10, this.head.rootHash(), this.head.algorithm(), this.head.timestamp());
		assertThatExceptionOfType(TreeHeadSignatureException.class)
			.isThrownBy(() -> cosignature.verify(other, witness.publicKey()));
		Cosignature later = new Cosignature(cosignature.algorithm(), cosignature.publicKey(), TIME_MS + 1,
				cosignature.signature());
		assertThatExceptionOfType(TreeHeadSignatureException.class)
			.isThrownBy(() -> later.verify(this.head, witness.publicKey()));
		TreeHeadSigner stranger = TreeHeadSigner.generate(new SecureRandom());
		assertThatExceptionOfType(TreeHeadSignatureException.class)
			.isThrownBy(() -> cosignature.verify(this.head, stranger.publicKey()))
			.withMessageContaining("untrusted key");
		// SM2 witnesses cosign the same message
		TreeHeadSigner sm2 = SigningKeys.signer(SigningKeys.generate(SignatureAlgorithm.SM2, new SecureRandom()),
				new SecureRandom());
		Cosignature bySm2 = Cosignature.sign(sm2, this.head, TIME_MS);
		assertThat(bySm2.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThatCode(() -> bySm2.verify(this.head, sm2.publicKey())).doesNotThrowAnyException();
	}

}
