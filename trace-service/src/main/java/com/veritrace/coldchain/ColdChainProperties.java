package com.veritrace.coldchain;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cold chain. {@code alert-window}: an excursion raises a COLD_CHAIN alert once per lot
 * and window (more excursions of the lot in the window are occurrences of it).
 * {@code print-ttl}: how long a node trusts its count of a GTIN's excursions before
 * reading it again (a scan page built under an older count is built again).
 */
@Validated
@ConfigurationProperties("veritrace.coldchain")
record ColdChainProperties(@DefaultValue("P1D") @NotNull Duration alertWindow,
		@DefaultValue("PT1S") @NotNull Duration printTtl) {
}
