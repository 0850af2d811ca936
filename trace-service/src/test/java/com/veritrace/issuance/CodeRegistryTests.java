package com.veritrace.issuance;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.veritrace.codes.SerialGenerator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry answers forged serials from the keyed check alone: the database is never
 * asked.
 */
class CodeRegistryTests {

	static final String GTIN = "09520123456788";

	final AtomicInteger connections = new AtomicInteger();

	final CodesProperties properties = new CodesProperties("https://id.example.com",
			Base64.getEncoder().encodeToString("registry test master key, 32 bytes+".getBytes()), Path.of("unused"),
			1_000_000, 10_000, 10_000, 1, 1, java.time.Duration.ofMinutes(2));

	final SerialKeys keys = new SerialKeys(this.properties);

	final CodeRegistry registry = new CodeRegistry(new JdbcTemplate(new AbstractDataSource() {
		@Override
		public Connection getConnection() {
			CodeRegistryTests.this.connections.incrementAndGet();
			throw new IllegalStateException("no database in this test");
		}

		@Override
		public Connection getConnection(String username, String password) {
			return getConnection();
		}
	}), this.keys, null, this.properties, null);

	@Test
	void forgedSerialsOfEveryFormatAreUnknownWithoutADatabaseRead() {
		String real = this.keys.forGtin(GTIN).generator().next();
		String forged = real.substring(0, 15) + (real.charAt(15) == 'A' ? 'B' : 'A');
		String otherKey = new SerialGenerator("some other key of 32 bytes......".getBytes(), 3, new SecureRandom())
			.next();
		long rfid = this.keys.forGtin(GTIN).numeric().sgtin96Serial(5);
		String drug = this.keys.forGtin(GTIN).numeric().nmpaCode("8123456", 5).value();
		String forgedDrug = drug.substring(0, 16)
				+ String.format("%04d", (Integer.parseInt(drug.substring(16)) + 1) % 10000);
		for (String serial : new String[] { forged, otherKey, Long.toString(rfid + 1), forgedDrug, "", "abc", "0" }) {
			assertThat(this.registry.status(GTIN, serial)).as(serial).isEqualTo(CodeStatus.UNKNOWN_CODE);
		}
		assertThat(this.registry.status("12345", real)).isEqualTo(CodeStatus.UNKNOWN_CODE);
		assertThat(this.connections).hasValue(0);

		// genuine-looking serials go on to the registry table
		for (String serial : new String[] { real, Long.toString(rfid), drug }) {
			assertThat(this.registry.passesCheck(GTIN, serial)).as(serial).isTrue();
			assertThatThrownBy(() -> this.registry.status(GTIN, serial))
				.hasRootCauseMessage("no database in this test");
		}
		assertThat(this.connections).hasValue(3);
	}

	@Test
	void keysArePerGtinAndStable() {
		String serial = this.keys.forGtin(GTIN).generator().next();
		assertThat(new SerialKeys(this.properties).forGtin(GTIN).verifier().isAuthentic(serial)).isTrue();
		assertThat(this.keys.forGtin("04006381333931").verifier().isAuthentic(serial)).isFalse();
	}

}
