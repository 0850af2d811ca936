package com.veritrace.notify;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Notifications ({@code veritrace.notify}).
 *
 * @param pollInterval how often each node looks for due deliveries
 * @param threads deliveries attempted at once by a node
 * @param lease how long a node holds a delivery it claimed: another node takes it over
 * after this if the first died (longer than a webhook call may take)
 * @param retry how often and how patiently a failed delivery is tried again
 * @param http the guarded outbound client of webhooks
 * @param maxWebhooksPerOrganisation endpoints an organisation may register
 * @param webhookSecretKey base64, at least 32 bytes, the same on every node: encrypts the
 * webhook secrets at rest; empty: derived from the serial master key, which every node
 * shares already
 */
@Validated
@ConfigurationProperties("veritrace.notify")
public record NotifyProperties(@DefaultValue("PT1S") @NotNull Duration pollInterval,
		@DefaultValue("4") @Min(1) int threads, @DefaultValue("PT2M") @NotNull Duration lease,
		@DefaultValue Retry retry, @DefaultValue Http http, @DefaultValue("10") @Min(1) int maxWebhooksPerOrganisation,
		@Nullable String webhookSecretKey) {

	public NotifyProperties {
		webhookSecretKey = webhookSecretKey == null || webhookSecretKey.isBlank() ? null : webhookSecretKey.strip();
	}

	/**
	 * At most {@code maxAttempts} attempts; after the n-th failure the next waits
	 * {@code initialBackoff} × 2^(n-1), at most {@code maxBackoff}, each wait spread by ±
	 * {@code jitter} (a fraction) so that the retries of many deliveries do not arrive
	 * together. The defaults: 8 attempts over about a day (12 min, 24 min, ... 12 h).
	 */
	public record Retry(@DefaultValue("8") @Min(1) int maxAttempts,
			@DefaultValue("PT12M") @NotNull Duration initialBackoff,
			@DefaultValue("PT12H") @NotNull Duration maxBackoff,
			@DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double jitter) {

		/**
		 * The wait after {@code failed} failed attempts (1-based), {@code random} in [0,
		 * 1) spreading it.
		 */
		Duration after(int failed, double random) {
			Duration wait = this.initialBackoff;
			for (int i = 1; i < failed && wait.compareTo(this.maxBackoff) < 0; i++) {
				wait = wait.multipliedBy(2);
			}
			if (wait.compareTo(this.maxBackoff) > 0) {
				wait = this.maxBackoff;
			}
			double spread = 1 + this.jitter * (2 * random - 1);
			return Duration.ofMillis(Math.round(wait.toMillis() * spread));
		}

	}

	/**
	 * The webhook client: {@code connectTimeout} to connect, {@code requestTimeout} for
	 * the whole answer, at most {@code maxResponseSize} of it read. {@code allowLoopback}
	 * (development and tests only) lets endpoints on this machine be registered, over
	 * http too; private, link-local and other non-public addresses stay refused.
	 */
	public record Http(@DefaultValue("PT5S") @NotNull Duration connectTimeout,
			@DefaultValue("PT10S") @NotNull Duration requestTimeout,
			@DefaultValue("64KB") @NotNull DataSize maxResponseSize, @DefaultValue("false") boolean allowLoopback) {
	}

	@Override
	public String toString() {
		// never the key
		return "NotifyProperties[pollInterval=" + this.pollInterval + ", threads=" + this.threads + ", lease="
				+ this.lease + ", retry=" + this.retry + ", http=" + this.http + ", maxWebhooksPerOrganisation="
				+ this.maxWebhooksPerOrganisation + ", webhookSecretKey="
				+ (this.webhookSecretKey == null ? "(not set)" : "(set)") + "]";
	}

}
