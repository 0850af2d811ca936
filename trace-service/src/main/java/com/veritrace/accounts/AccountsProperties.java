package com.veritrace.accounts;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Portal accounts ({@code veritrace.accounts}).
 *
 * @param invitationTtl how long an invitation link works
 * @param resetTtl how long a password-reset link works
 * @param maxFailedLogins failed logins in a row that lock an account ...
 * @param lockout ... for this long
 * @param mailFrom the sender of account mails
 * @param outbox where mails go when no SMTP server is configured
 * ({@code spring.mail.host} unset: the embedded default)
 * @param minPasswordLength the shortest password accepted
 */
@Validated
@ConfigurationProperties("veritrace.accounts")
public record AccountsProperties(@DefaultValue("72h") @NotNull Duration invitationTtl,
		@DefaultValue("1h") @NotNull Duration resetTtl, @DefaultValue("5") @Min(1) int maxFailedLogins,
		@DefaultValue("15m") @NotNull Duration lockout,
		@DefaultValue("Veritrace <no-reply@veritrace.invalid>") @NotBlank String mailFrom,
		@DefaultValue("./data/outbox") @NotNull Path outbox, @DefaultValue("10") @Min(8) int minPasswordLength) {
}
