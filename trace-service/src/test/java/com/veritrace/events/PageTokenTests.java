package com.veritrace.events;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Next-page tokens: round trip, and refused when changed or used for another query. */
class PageTokenTests {

	final byte[] key = new byte[32];

	{
		Arrays.fill(this.key, (byte) 7);
	}

	@Test
	void aTokenReadsBackForItsQueryAndOrganisationOnly() {
		PageToken tokens = new PageToken(this.key);
		PageToken.Position position = new PageToken.Position(1_767_225_600_000L, 42, 30);
		String token = tokens.issue("abc123", 9, position);
		assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
		assertThat(tokens.read(token, "abc123", 9)).isEqualTo(position);
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.read(token, "abc124", 9));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.read(token, "abc123", 10));
		byte[] other = this.key.clone();
		other[0] = 8;
		assertThatIllegalArgumentException().isThrownBy(() -> new PageToken(other).read(token, "abc123", 9));
	}

	@Test
	void aChangedTokenIsRefused() {
		PageToken tokens = new PageToken(this.key);
		String token = tokens.issue("abc123", 9, new PageToken.Position(5, 6, 7));
		// another row id in the claims, the MAC kept
		String claims = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("1.abc123.9.5.1.7".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String forged = claims + token.substring(token.indexOf('.'));
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.read(forged, "abc123", 9));
		for (String junk : new String[] { "", ".", "abc", "a.b", token + "x" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> tokens.read(junk, "abc123", 9));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> new PageToken(new byte[16]));
	}

}
