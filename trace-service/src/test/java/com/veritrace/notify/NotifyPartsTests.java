package com.veritrace.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The parts of notifications that need no server: the webhook signature against a golden
 * vector, the encryption of secrets at rest, and the retry schedule.
 */
class NotifyPartsTests {

	/**
	 * Golden vector, from OpenSSL: {@code printf '%s'
	 * '1700000000.{"id":"recall:1","type":"RECALL_ISSUED"}' | openssl dgst -sha256 -hmac
	 * 'whsec_test-secret'}.
	 */
	@Test
	void signsTheTimeADotAndTheExactBodyWithTheSecret() {
		byte[] body = "{\"id\":\"recall:1\",\"type\":\"RECALL_ISSUED\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(WebhookSignature.header("whsec_test-secret", 1_700_000_000L, body))
			.isEqualTo("t=1700000000,v1=395815de97219a3e9d6a461e0827a927feae4a736505bf6d3d80208840ae405b");
		// another time, another signature: an old call replayed does not carry a fresh
		// one
		assertThat(WebhookSignature.header("whsec_test-secret", 1_700_000_001L, body))
			.doesNotContain("395815de97219a3e9d6a461e0827a927feae4a736505bf6d3d80208840ae405b");
	}

	@Test
	void secretsAreKeptEncryptedAndOpenOnlyForTheirOrganisation() {
		WebhookSecrets secrets = new WebhookSecrets(new byte[32]);
		String secret = secrets.newSecret();
		assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");
		assertThat(secrets.newSecret()).isNotEqualTo(secret);
		byte[] box = secrets.seal(7, secret);
		assertThat(new String(box, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6, 20));
		assertThat(secrets.open(7, box)).isEqualTo(secret);
		// a fresh nonce each time
		assertThat(secrets.seal(7, secret)).isNotEqualTo(box);
		// copied to another organisation's row, changed, or opened with another key: no
		assertThatIllegalStateException().isThrownBy(() -> secrets.open(8, box));
		byte[] flipped = box.clone();
		flipped[20] ^= 1;
		assertThatIllegalStateException().isThrownBy(() -> secrets.open(7, flipped));
		byte[] other = new byte[32];
		other[0] = 1;
		assertThatIllegalStateException().isThrownBy(() -> new WebhookSecrets(other).open(7, box));
	}

	@Test
	void retriesBackOffExponentiallyWithJitterOverAboutADay() {
		NotifyProperties.Retry retry = new NotifyProperties.Retry(8, Duration.ofMinutes(12), Duration.ofHours(12), 0.2);
		assertThat(retry.after(1, 0.5)).isEqualTo(Duration.ofMinutes(12));
		assertThat(retry.after(2, 0.5)).isEqualTo(Duration.ofMinutes(24));
		assertThat(retry.after(7, 0.5)).isEqualTo(Duration.ofHours(12));
		assertThat(retry.after(30, 0.5)).isEqualTo(Duration.ofHours(12));
		// jitter spreads each wait by at most ±20 %
		assertThat(retry.after(1, 0.0)).isEqualTo(Duration.ofMillis(Math.round(12 * 60_000 * 0.8)));
		assertThat(retry.after(1, 0.999_999)).isBetween(Duration.ofMinutes(14), Duration.ofMillis(12 * 60_000 * 6 / 5));
		Duration total = Duration.ZERO;
		for (int failed = 1; failed < retry.maxAttempts(); failed++) {
			total = total.plus(retry.after(failed, 0.5));
		}
		assertThat(total).isBetween(Duration.ofHours(23), Duration.ofHours(26));
	}

}
