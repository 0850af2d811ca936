package com.veritrace.scan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.veritrace.analytics.ScanThresholds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer scan page. Thresholds: {@code thresholds.default}, overridden per product
 * category ({@code thresholds.categories.<category>}) and per brand
 * ({@code thresholds.brands.<id>}), the brand's winning. {@code counters} and
 * {@code page-cache}: {@code memory} or {@code redis} (at {@code redis-url}; a command
 * that takes longer than {@code redis-timeout} fails, and the page degrades).
 * {@code place-header} names the header in which the edge (CDN, load balancer) tells the
 * client's region; it is believed only from the addresses or networks listed in
 * {@code place-header-edges} (e.g. {@code 10.0.0.0/8}): empty, the header is ignored,
 * since any client can set it. {@code place-token-key} (base64, at least 32 bytes, the
 * same on every web node; empty: derived from the serial master key) signs the page's
 * permission to add the phone's approximate area to its scan, valid for
 * {@code place-token-ttl}.
 */
@Validated
@ConfigurationProperties("veritrace.scan")
public record ScanProperties(@DefaultValue("memory") @NotNull Store counters,
		@DefaultValue("memory") @NotNull Store pageCache,
		@DefaultValue("redis://127.0.0.1:6379") @NotBlank String redisUrl,
		@DefaultValue("PT0.5S") @NotNull Duration redisTimeout,
		@DefaultValue("P400D") @NotNull Duration counterRetention,
		@DefaultValue("X-Client-Region") @NotBlank String placeHeader,
		@DefaultValue("PT30S") @NotNull Duration pageCacheTtl, @DefaultValue("10000") int scanLogQueue,
		@DefaultValue Thresholds thresholds, @Nullable String placeTokenKey,
		@DefaultValue("PT5M") @NotNull Duration placeTokenTtl, @DefaultValue List<String> placeHeaderEdges) {

	public ScanProperties {
		placeTokenKey = placeTokenKey == null || placeTokenKey.isBlank() ? null : placeTokenKey.strip();
	}

	@Override
	public String toString() {
		// never the place-token key, nor a password in the Redis URL
		return "ScanProperties[counters=" + this.counters + ", pageCache=" + this.pageCache + ", redisUrl="
				+ this.redisUrl.replaceFirst("//[^/@]*@", "//***@") + ", redisTimeout=" + this.redisTimeout
				+ ", counterRetention=" + this.counterRetention + ", placeHeader=" + this.placeHeader
				+ ", pageCacheTtl=" + this.pageCacheTtl + ", scanLogQueue=" + this.scanLogQueue + ", thresholds="
				+ this.thresholds + ", placeTokenKey=" + (this.placeTokenKey == null ? "(not set)" : "(set)")
				+ ", placeTokenTtl=" + this.placeTokenTtl + "]";
	}

	/**
	 * Where scan counters or the page cache live: this process, or Redis
	 * ({@code redis-url}).
	 */
	public enum Store {

		MEMORY, REDIS

	}

	public record Thresholds(@DefaultValue("3") int maxDistinctPlaces, @DefaultValue("10") int burstClients,
			@DefaultValue("PT10M") Duration burstWindow, @DefaultValue("50") int maxTotalScans,
			Map<String, ScanThresholds> categories, Map<Long, ScanThresholds> brands) {

		public Thresholds {
			categories = categories == null ? Map.of() : Map.copyOf(categories);
			brands = brands == null ? Map.of() : Map.copyOf(brands);
		}

		ScanThresholds forProduct(long brandId, String category) {
			ScanThresholds brand = this.brands.get(brandId);
			if (brand != null) {
				return brand;
			}
			ScanThresholds byCategory = category == null ? null : this.categories.get(category);
			return byCategory != null ? byCategory : new ScanThresholds(this.maxDistinctPlaces, this.burstClients,
					this.burstWindow, this.maxTotalScans);
		}

	}

}
