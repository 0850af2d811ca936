package com.veritrace.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static com.veritrace.anchor.TestData.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTests {

	private final SecureRandom random = new SecureRandom();

	private final TreeHead head = new TreeHead(8, TestData.h(TestData.RFC6962_ROOTS.get(7)), HashAlgorithm.SHA_256,
			Instant.parse("2026-01-02T03:04:05.678Z"));

	@Test
	void readsTheRfc8410ExampleKeyPair() {
		TreeHeadSigner signer = SigningKeys.signer(resource("rfc8410-ed25519.pem"), this.random);
		assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
		// RFC 8410 section 10.3's private key D4EE72DB… belongs to section 10.1's public
		// key 19BF4409…
		assertThat(HEX.formatHex(signer.publicKey()))
			.isEqualTo("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
		SigningKeys.PublicKey published = SigningKeys.publicKey(resource("rfc8410-ed25519.pub.pem"));
		assertThat(published.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
		assertThat(published.key()).isEqualTo(signer.publicKey());
		assertThat(SigningKeys.publicPem(SignatureAlgorithm.ED25519, signer.publicKey()))
			.isEqualTo(resource("rfc8410-ed25519.pub.pem"));
		assertThat(
				SigningKeys.ed25519(HEX.parseHex("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842")))
			.isEqualTo(resource("rfc8410-ed25519.pem"));
	}

	@Test
	void readsAnSm2KeyWrittenByOpenssl() {
		TreeHeadSigner signer = SigningKeys.signer(resource("openssl-sm2.pem"), this.random);
		assertThat(signer.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		String point = "042e283db44a7617f30adfc97254d0ed4c24638278b2ee9c6f82173471e69a7f9a3e2e2d04b830186e6b3b0b5"
				+ "f2925e1272703e87b78e2d9854d730c46c0fecb53";
		assertThat(HEX.formatHex(signer.publicKey())).isEqualTo(point);
		SigningKeys.PublicKey published = SigningKeys.publicKey(resource("openssl-sm2.pub.pem"));
		assertThat(published.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThat(HEX.formatHex(published.key())).isEqualTo(point);
		assertThatCode(() -> TreeHeadSigner.verify(signer.sign(this.head), published.key())).doesNotThrowAnyException();
		// our public PEM reads back as the same key (BouncyCastle names the curve by OID,
		// as OpenSSL does)
		assertThat(SigningKeys.publicKey(SigningKeys.publicPem(SignatureAlgorithm.SM2, published.key())).key())
			.isEqualTo(published.key());
	}

	@Test
	void generatedKeysOfBothAlgorithmsSignAndVerify() {
		for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
			String pem = SigningKeys.generate(algorithm, this.random);
			assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
			TreeHeadSigner signer = SigningKeys.signer(pem, this.random);
			assertThat(signer.algorithm()).isEqualTo(algorithm);
			SigningKeys.PublicKey key = SigningKeys.publicKey(SigningKeys.publicPem(algorithm, signer.publicKey()));
			assertThatCode(() -> TreeHeadSigner.verify(signer.sign(this.head), key.key())).doesNotThrowAnyException();
			assertThat(SigningKeys.generate(algorithm, this.random)).isNotEqualTo(pem);
		}
	}

	@Test
	void refusesOtherKeysAndMalformedFiles() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.signer(resource("openssl-rsa.pem"), this.random))
			.withMessageContaining("Ed25519 or SM2");
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.signer("just text", this.random))
			.withMessageContaining("BEGIN PRIVATE KEY");
		assertThatIllegalArgumentException().isThrownBy(
				() -> SigningKeys.signer("-----BEGIN PRIVATE KEY-----\n%%%\n-----END PRIVATE KEY-----", this.random))
			.withMessageContaining("not base64");
		assertThatIllegalArgumentException().isThrownBy(
				() -> SigningKeys.signer("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", this.random))
			.withMessageContaining("not a PKCS#8 private key");
		// a public key where a private one is expected, and the reverse
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SigningKeys.signer(resource("openssl-sm2.pub.pem"), this.random));
		assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.publicKey(resource("openssl-sm2.pem")));
	}

	private static String resource(String name) {
		try (InputStream in = SigningKeysTests.class.getResourceAsStream("/keys/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
