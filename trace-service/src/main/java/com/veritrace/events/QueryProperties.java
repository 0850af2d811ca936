package com.veritrace.events;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The EPCIS query interface ({@code veritrace.query}): {@code perPage} when the client
 * gives none (the GS1 REST binding's default, 30) and its upper bound; how many candidate
 * rows one page may examine for filters evaluated in Java ({@code max-scan}, after which
 * a page ends early with a next-page token); {@code page-token-key} (base64, at least 32
 * bytes) signs next-page tokens: set it on every node of a cluster, else each node makes
 * a random key at start and tokens are good on that node only, until it restarts.
 */
@ConfigurationProperties("veritrace.query")
public record QueryProperties(@DefaultValue("30") int defaultPerPage, @DefaultValue("1000") int maxPerPage,
		@DefaultValue("20000") int maxScan, @Nullable String pageTokenKey) {

	public QueryProperties {
		if (defaultPerPage < 1 || maxPerPage < defaultPerPage || maxScan < maxPerPage) {
			throw new IllegalArgumentException(
					"veritrace.query: need 1 <= default-per-page <= max-per-page <= max-scan");
		}
		pageTokenKey = pageTokenKey == null || pageTokenKey.isBlank() ? null : pageTokenKey.strip();
	}

	/** Without the key. */
	@Override
	public String toString() {
		return "QueryProperties[defaultPerPage=" + this.defaultPerPage + ", maxPerPage=" + this.maxPerPage
				+ ", maxScan=" + this.maxScan + ", pageTokenKey=" + (this.pageTokenKey == null ? "(not set)" : "(set)")
				+ "]";
	}

}
