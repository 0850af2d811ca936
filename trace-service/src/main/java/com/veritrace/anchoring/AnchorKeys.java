package com.veritrace.anchoring;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The service's secrets: a configured hex value, or else one generated once and kept in
 * {@code anchor_key} (the embedded default; every node of a deployment then shares it).
 * Values are never logged.
 */
@Component
class AnchorKeys {

	private static final Logger log = LoggerFactory.getLogger(AnchorKeys.class);

	static final String SIGNING = "tree-head-signing";

	static final String LEDGER = "embedded-ledger";

	static final String ROW_MAC = "row-mac";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	AnchorKeys(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The configured key (hex, {@code length} bytes), or the persisted generated one. */
	byte[] key(String name, @Nullable String configured, int length) {
		if (configured != null && !configured.isBlank()) {
			byte[] key;
			try {
				key = HexFormat.of().parseHex(configured.strip());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("the configured " + name + " key is not hex");
			}
			if (key.length != length) {
				throw new IllegalStateException(
						"the configured " + name + " key must have " + length + " bytes, not " + key.length);
			}
			return key;
		}
		List<byte[]> stored = this.jdbc.query("SELECT secret FROM anchor_key WHERE name = ?", (rs, n) -> rs.getBytes(1),
				name);
		if (stored.isEmpty()) {
			byte[] fresh = new byte[length];
			this.random.nextBytes(fresh);
			int inserted = this.jdbc.update("INSERT IGNORE INTO anchor_key (name, secret, created_ms) VALUES (?, ?, ?)",
					name, fresh, this.clock.millis());
			if (inserted == 1) {
				log.info("Generated the {} key and stored it in anchor_key (configure one for production)", name);
			}
			stored = this.jdbc.query("SELECT secret FROM anchor_key WHERE name = ?", (rs, n) -> rs.getBytes(1), name);
		}
		return stored.get(0);
	}

}
