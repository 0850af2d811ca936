package com.veritrace.accounts;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6238's own test vectors (appendix B, SHA-1), and what the login accepts. */
class TotpTests {

	static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
			"2000000000, 69279037", "20000000000, 65353130" })
	void rfc6238Vectors(long seconds, String expected) {
		assertThat(Totp.code(RFC_KEY, Totp.step(seconds * 1000), 8, "HmacSHA1")).isEqualTo(expected);
	}

	@Test
	void base32RoundTripsAndMatchesRfc4648() {
		assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(new String(Totp.decodeBase32("MZXW6YTBOI"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
		String secret = Totp.newSecret();
		assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
		assertThat(Totp.base32(Totp.decodeBase32(secret))).isEqualTo(secret);
	}

	@Test
	void aCodeIsAcceptedOneStepEitherSideAndNotBeyond() {
		String secret = Totp.base32(RFC_KEY);
		long now = 1_111_111_111_000L;
		long step = Totp.step(now);
		for (long s = step - 2; s <= step + 2; s++) {
			String code = Totp.code(RFC_KEY, s, 6, "HmacSHA1");
			long matched = Totp.matchingStep(secret, code, now);
			if (Math.abs(s - step) <= 1) {
				assertThat(matched).isEqualTo(s);
			}
			else {
				assertThat(matched).isEqualTo(-1);
			}
		}
		assertThat(Totp.matchingStep(secret, "12345", now)).isEqualTo(-1);
		assertThat(Totp.matchingStep(secret, "abcdef", now)).isEqualTo(-1);
	}

	@Test
	void theOtpauthUriNamesIssuerAccountAndParameters() {
		assertThat(Totp.uri("Veritrace", "li wei@example.com", "ABC"))
			.isEqualTo("otpauth://totp/Veritrace:li%20wei%40example.com?secret=ABC&issuer=Veritrace&algorithm=SHA1"
					+ "&digits=6&period=30");
	}

}
