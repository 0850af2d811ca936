package com.veritrace.scan;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.veritrace.shared.DomainException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PlaceTokenTests {

	static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	final Instant t0 = Instant.parse("2026-11-24T08:00:00Z");

	final PlaceToken tokens = new PlaceToken(KEY, Duration.ofMinutes(5), Clock.fixed(this.t0, ZoneOffset.UTC));

	@Test
	void aTokenCarriesTheScanItWasIssuedFor() {
		String token = this.tokens.issue("09506000134352", "AB12!x/-", "L-1", 1234L);
		PlaceToken.Claims claims = this.tokens.verify(token);
		assertThat(claims.gtin()).isEqualTo("09506000134352");
		assertThat(claims.serial()).isEqualTo("AB12!x/-");
		assertThat(claims.lot()).isEqualTo("L-1");
		assertThat(claims.scannedMs()).isEqualTo(1234L);
		assertThat(claims.expiresMs()).isEqualTo(this.t0.plus(Duration.ofMinutes(5)).toEpochMilli());
		assertThat(claims.scanId()).hasSize(12);
		assertThat(this.tokens.verify(this.tokens.issue("09506000134352", "S", null, 1L)).lot()).isNull();
		// each scan gets its own id, so each token is single-use on its own
		assertThat(this.tokens.verify(this.tokens.issue("09506000134352", "S", null, 1L)).scanId())
			.isNotEqualTo(this.tokens.verify(this.tokens.issue("09506000134352", "S", null, 1L)).scanId());
		assertThat(token).hasSizeLessThan(PlaceToken.MAX_LENGTH).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
	}

	@Test
	void aTokenForAnotherCodeCannotBeMadeWithoutTheKey() {
		String token = this.tokens.issue("09506000134352", "SERIAL1", null, 1L);
		String claims = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
				StandardCharsets.UTF_8);
		String forged = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(claims.replace("SERIAL1", "SERIAL2").getBytes(StandardCharsets.UTF_8))
				+ token.substring(token.indexOf('.'));
		assertRefused(forged, ForbiddenException.class, "place-token-invalid");
		PlaceToken otherKey = new PlaceToken("another key of at least 32 bytes!".getBytes(StandardCharsets.UTF_8),
				Duration.ofMinutes(5), Clock.fixed(this.t0, ZoneOffset.UTC));
		assertRefused(otherKey.issue("09506000134352", "SERIAL1", null, 1L), ForbiddenException.class,
				"place-token-invalid");
		// one bit of the MAC flipped
		char last = token.charAt(token.length() - 2);
		assertRefused(
				token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1),
				ForbiddenException.class, "place-token-invalid");
	}

	@Test
	void aTokenExpires() {
		String token = this.tokens.issue("09506000134352", "S", null, 1L);
		PlaceToken later = new PlaceToken(KEY, Duration.ofMinutes(5),
				Clock.fixed(this.t0.plus(Duration.ofMinutes(5)), ZoneOffset.UTC));
		assertThat(new PlaceToken(KEY, Duration.ofMinutes(5),
				Clock.fixed(this.t0.plus(Duration.ofMinutes(5)).minusMillis(1), ZoneOffset.UTC))
			.verify(token)).isNotNull();
		assertThatExceptionOfType(ForbiddenException.class).isThrownBy(() -> later.verify(token))
			.satisfies(p -> assertThat(p.type()).isEqualTo("place-token-expired"));
	}

	@Test
	void malformedTokensAreA400() {
		for (String token : new String[] { "", "no-dot", "!!!.???", "a".repeat(PlaceToken.MAX_LENGTH + 1) + ".x" }) {
			assertRefused(token, InvalidException.class, "validation");
		}
		assertThatExceptionOfType(InvalidException.class).isThrownBy(() -> this.tokens.verify(null))
			.satisfies(p -> assertThat(p.errors()).extracting(e -> e.field()).containsExactly("token"));
	}

	@Test
	void aShortKeyIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new PlaceToken(new byte[16], Duration.ofMinutes(5), Clock.systemUTC()));
	}

	private void assertRefused(String token, Class<? extends DomainException> kind, String type) {
		assertThatExceptionOfType(kind).as(token)
			.isThrownBy(() -> this.tokens.verify(token))
			.satisfies(p -> assertThat(p.type()).isEqualTo(type));
	}

}
