package com.veritrace.anchor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static com.veritrace.anchor.TestData.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The SM3/SM2 vectors that the browser's verifier replays
 * (src/test/js/sm-crypto.test.mjs) are what BouncyCastle says, and BouncyCastle agrees
 * with the standards' own examples.
 */
class SmVectorsTests {

	private static final Path VECTORS = Path.of("src/test/resources/sm-vectors.json");

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void committedVectorsAreWhatTheGeneratorProduces() throws IOException {
		assertThat(Files.readString(VECTORS)).as("regenerate with: " + SmVectorGenerator.COMMAND)
			.isEqualTo(SmVectorGenerator.render());
	}

	@Test
	void everySignatureGetsItsVerdict() throws IOException {
		JsonNode vectors = this.json.readTree(VECTORS.toFile());
		int valid = 0;
		for (JsonNode c : vectors.get("sm2")) {
			boolean verified;
			try {
				verified = TreeHeadSigner.verifyMessage(SignatureAlgorithm.SM2,
						HEX.parseHex(c.get("publicKey").stringValue()), HEX.parseHex(c.get("message").stringValue()),
						HEX.parseHex(c.get("signature").stringValue()));
			}
			catch (TreeHeadSignatureException ex) {
				verified = false; // a key not on the curve
			}
			assertThat(verified).as(c.get("name").stringValue()).isEqualTo(c.get("valid").booleanValue());
			valid += verified ? 1 : 0;
		}
		assertThat(valid).isEqualTo(3);
		for (JsonNode c : vectors.get("sm3")) {
			assertThat(HEX.formatHex(HashAlgorithm.SM3.digest(HEX.parseHex(c.get("input").stringValue()))))
				.isEqualTo(c.get("digest").stringValue());
		}
	}

	@Test
	void theSm3ProofItsSignedHeadAndTheCosignatureVerify() throws IOException {
		JsonNode vectors = this.json.readTree(VECTORS.toFile());
		JsonNode proof = vectors.get("proof");
		assertThat(ProofDocuments.verify(proof).valid()).isTrue();
		JsonNode sth = proof.get("signedTreeHead");
		TreeHead head = TreeHead.fromSignedBytes(HEX.parseHex(sth.get("signedBytes").stringValue()));
		assertThat(head.algorithm()).isEqualTo(HashAlgorithm.SM3);
		byte[] key = HEX.parseHex(sth.get("publicKey").stringValue());
		assertThatCode(() -> TreeHeadSigner.verify(
				new SignedTreeHead(head, SignatureAlgorithm.SM2, key, HEX.parseHex(sth.get("signature").stringValue())),
				key))
			.doesNotThrowAnyException();
		JsonNode cosignature = sth.get("cosignatures").get(0);
		byte[] witness = HEX.parseHex(vectors.get("witness").get("publicKey").stringValue());
		assertThatCode(() -> new Cosignature(SignatureAlgorithm.SM2, witness,
				Instant.parse(cosignature.get("timestamp").stringValue()).toEpochMilli(),
				HEX.parseHex(cosignature.get("signature").stringValue()))
			.verify(head, witness)).doesNotThrowAnyException();
	}

	/**
	 * GB/T 32905-2016 appendix A's two examples, and GM/T 0003.5 / GB/T 32918.5's
	 * signature example on sm2p256v1 with the default user ID (private key 3945208f…,
	 * message "message digest"), which is also the vectors' log key.
	 */
	@Test
	void bouncyCastleAgreesWithTheStandardsExamples() {
		assertThat(HEX.formatHex(HashAlgorithm.SM3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
		assertThat(HEX.formatHex(HashAlgorithm.SM3.digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
		byte[] publicKey = TreeHeadSigner.sm2(SmVectorGenerator.LOG_KEY, new java.security.SecureRandom()).publicKey();
		assertThat(HEX.formatHex(publicKey))
			.isEqualTo("0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
					+ "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13");
		assertThat(TreeHeadSigner.verifyMessage(SignatureAlgorithm.SM2, publicKey,
				"message digest".getBytes(StandardCharsets.US_ASCII),
				HEX.parseHex("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
						+ "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa")))
			.isTrue();
	}

}
