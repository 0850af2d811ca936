package com.veritrace.diversion;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Channel diversion. {@code ip-database}: the path of an IP-to-region database in MaxMind
 * DB format (GeoIP2/GeoLite2 City or Country, or any with the same {@code country} and
 * {@code subdivisions} members) that the operator supplies; absent by default (then a
 * scan's region comes from a trusted edge or the phone's cell only). {@code window}: an
 * item diverted again within the same window is one diversion and one alert.
 * {@code max-items-per-event}: the items (SSCC contents included) one event records for a
 * distributor at most; the rest are logged and left. {@code cache-ttl}: how long a node
 * keeps the distributors it knows before reading them again (a change on the node itself
 * takes effect at once).
 */
@Validated
@ConfigurationProperties("veritrace.diversion")
public record DiversionProperties(@Nullable Path ipDatabase, @DefaultValue("P1D") @NotNull Duration window,
		@DefaultValue("10000") @Positive int maxItemsPerEvent, @DefaultValue("PT30S") @NotNull Duration cacheTtl) {

}
