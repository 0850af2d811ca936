package com.veritrace;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * trace-service settings; defaults here, overrides in application.yml or the environment.
 */
@Validated
@ConfigurationProperties("veritrace")
public record VeritraceProperties(@DefaultValue("embedded") @NotBlank String mode,
		@DefaultValue("http://localhost:8080") @NotBlank String publicBaseUrl, @DefaultValue Api api,
		@DefaultValue Demo demo, @DefaultValue Bootstrap bootstrap, @DefaultValue Capture capture,
		@DefaultValue RateLimit rateLimit) {

	/** REST API limits. */
	public record Api(@DefaultValue("2MB") @NotNull DataSize maxBodySize) {
	}

	/** EPCIS capture limits. */
	public record Capture(@DefaultValue("16MB") @NotNull DataSize maxDocumentSize,
			@DefaultValue("1MB") @NotNull DataSize maxHashRequestSize, @DefaultValue("10000") int maxEvents) {
	}

	/**
	 * Per-client request budget of the public (unauthenticated) endpoints; scans, logins
	 * and password-reset requests, and the transparency log's API have budgets of their
	 * own ({@code logPerMinute}: a witness catching up asks for two documents per tree
	 * head, cached ones).
	 */
	public record RateLimit(@DefaultValue("120") int publicPerMinute, @DefaultValue("300") int scansPerMinute,
			@DefaultValue("10") int loginsPerMinute, @DefaultValue("1200") int logPerMinute) {
	}

	/**
	 * The demo brand seeded in the embedded default. {@code password} fixes the demo
	 * users' password (at least 10 characters); otherwise a new one is set and printed at
	 * every start.
	 */
	public record Demo(@DefaultValue("false") boolean enabled, @Nullable String apiKey, @Nullable String password) {

		public Demo {
			apiKey = blankToNull(apiKey);
			password = blankToNull(password);
		}

		@Override
		public String toString() {
			return "Demo[enabled=" + this.enabled + ", apiKey=" + masked(this.apiKey) + ", password="
					+ masked(this.password) + "]";
		}

	}

	/**
	 * The platform operator created on first start. {@code adminKey} fixes its admin key
	 * (a changed value replaces the earlier one, which is revoked); otherwise a generated
	 * key is written once to {@code adminKeyFile}, readable by the service's user only,
	 * and never logged.
	 */
	public record Bootstrap(@Nullable String adminKey,
			@DefaultValue("./data/bootstrap-admin-key") @NotNull java.nio.file.Path adminKeyFile) {

		public Bootstrap {
			adminKey = blankToNull(adminKey);
		}

		@Override
		public String toString() {
			return "Bootstrap[adminKey=" + masked(this.adminKey) + ", adminKeyFile=" + this.adminKeyFile + "]";
		}

	}

	/**
	 * A secret setting as {@code toString()} shows it: whether it is set, never its
	 * value.
	 */
	static String masked(@Nullable String secret) {
		return (secret == null) ? "(not set)" : "(set)";
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

}
