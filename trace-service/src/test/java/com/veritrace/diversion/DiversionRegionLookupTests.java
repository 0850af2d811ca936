package com.veritrace.diversion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a scan was: the edge's region first, then the phone's cell, then the operator's
 * IP-to-region database, read by MaxMind's reader from a MaxMind DB file written here.
 */
class DiversionRegionLookupTests {

	@TempDir
	Path dir;

	private DiversionRegionLookup lookup(Path database) {
		return new DiversionRegionLookup(
				new DiversionProperties(database, Duration.ofDays(1), 10_000, Duration.ofSeconds(30)));
	}

	private Path database() throws Exception {
		Path file = this.dir.resolve("regions.mmdb");
		Files.write(file,
				MmdbWriter.write(List.of(
						new MmdbWriter.Entry("1.2.3.0", 24,
								Map.of("country", Map.of("iso_code", "CN"), "subdivisions",
										List.of(Map.of("iso_code", "SH")))),
						new MmdbWriter.Entry("5.6.0.0", 16, Map.of("country", Map.of("iso_code", "DE"))),
						new MmdbWriter.Entry("10.0.0.0", 8, Map.of("country", Map.of("iso_code", "CN"), "subdivisions",
								List.of(Map.of("iso_code", "44")))))));
		return file;
	}

	@Test
	void theOperatorsMaxMindDatabaseTellsTheAddressesRegion() throws Exception {
		DiversionRegionLookup lookup = lookup(database());
		assertThat(lookup.hasIpDatabase()).isTrue();
		assertThat(lookup.region(null, null, "1.2.3.4")).isEqualTo("CN-31");
		assertThat(lookup.region(null, null, "10.20.30.40")).isEqualTo("CN-44");
		assertThat(lookup.region(null, null, "5.6.7.8")).isEqualTo("DE");
		assertThat(lookup.region(null, null, "9.9.9.9")).isNull();
		assertThat(lookup.region(null, null, "1.2.4.1")).isNull();
		// a name is never resolved; an IPv6 address in an IPv4 database is not known
		assertThat(lookup.region(null, null, "example.com")).isNull();
		assertThat(lookup.region(null, null, "2001:db8::1")).isNull();
		lookup.close();
	}

	@Test
	void theEdgeWinsThenTheCellThenTheAddress() throws Exception {
		DiversionRegionLookup lookup = lookup(database());
		assertThat(lookup.region("cn-sh", "23.1,113.3", "5.6.7.8")).isEqualTo("CN-31");
		// an edge place that is no region (a city name) does not count
		assertThat(lookup.region("Hangzhou", "23.1,113.3", "5.6.7.8")).isEqualTo("CN-44");
		assertThat(lookup.region(null, "0.0,-30.0", "5.6.7.8")).isEqualTo("DE");
		lookup.close();
	}

	@Test
	void withoutADatabaseOnlyTheEdgeAndTheCellCount() {
		DiversionRegionLookup lookup = lookup(null);
		assertThat(lookup.hasIpDatabase()).isFalse();
		assertThat(lookup.region(null, null, "1.2.3.4")).isNull();
		assertThat(lookup.region("DE", null, "1.2.3.4")).isEqualTo("DE");
		assertThat(lookup.region(null, "52.5,13.4", null)).isEqualTo("DE");
	}

	@Test
	void aFileThatIsNoMaxMindDatabaseFailsTheStart() throws Exception {
		Path bad = this.dir.resolve("bad.mmdb");
		Files.writeString(bad, "not a database");
		assertThatThrownBy(() -> lookup(bad)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("veritrace.diversion.ip-database");
		assertThatThrownBy(() -> lookup(this.dir.resolve("missing.mmdb"))).isInstanceOf(IllegalStateException.class);
	}

}
