package com.veritrace.feeds;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a partner feed is failing ({@code veritrace.ingest.feed-failure.*}): within the
 * last {@code window}, more than {@code deadLetters} of its records refused, or at least
 * {@code minDeadLetters} refused and more than {@code rate} of its records (refused and
 * stored) refused. Checked every {@code checkInterval} on every node; an alert is raised
 * once per feed and {@code alertWindow}.
 */
@Validated
@ConfigurationProperties("veritrace.ingest.feed-failure")
public record FeedFailureProperties(@DefaultValue("15m") @NotNull Duration window,
		@DefaultValue("50") @Min(1) int deadLetters, @DefaultValue("5") @Min(1) int minDeadLetters,
		@DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double rate,
		@DefaultValue("1m") @NotNull Duration checkInterval, @DefaultValue("1h") @NotNull Duration alertWindow) {
}
