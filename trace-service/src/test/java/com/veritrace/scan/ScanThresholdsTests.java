package com.veritrace.scan;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.veritrace.analytics.ScanThresholds;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thresholds bind from configuration; a brand's override beats its category's, which
 * beats the default.
 */
class ScanThresholdsTests {

	@Test
	void brandBeatsCategoryBeatsDefault() {
		ScanProperties properties = new Binder(
				new MapConfigurationPropertySource(Map.of("veritrace.scan.thresholds.max-distinct-places", "4",
						"veritrace.scan.thresholds.categories.wine.max-distinct-places", "2",
						"veritrace.scan.thresholds.categories.wine.burst-clients", "5",
						"veritrace.scan.thresholds.categories.wine.burst-window", "PT5M",
						"veritrace.scan.thresholds.categories.wine.max-total-scans", "20",
						"veritrace.scan.thresholds.brands.42.max-distinct-places", "9",
						"veritrace.scan.thresholds.brands.42.burst-clients", "30",
						"veritrace.scan.thresholds.brands.42.burst-window", "PT1H",
						"veritrace.scan.thresholds.brands.42.max-total-scans", "500")))
			.bindOrCreate("veritrace.scan", ScanProperties.class);
		ScanProperties.Thresholds thresholds = properties.thresholds();
		assertThat(thresholds.forProduct(7, "tea")).isEqualTo(new ScanThresholds(4, 10, Duration.ofMinutes(10), 50));
		assertThat(thresholds.forProduct(7, "wine")).isEqualTo(new ScanThresholds(2, 5, Duration.ofMinutes(5), 20));
		assertThat(thresholds.forProduct(42, "wine")).isEqualTo(new ScanThresholds(9, 30, Duration.ofHours(1), 500));
		assertThat(thresholds.forProduct(7, null).maxDistinctPlaces()).isEqualTo(4);
	}

}
