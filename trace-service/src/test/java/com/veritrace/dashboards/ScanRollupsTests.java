package com.veritrace.dashboards;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.veritrace.scan.ScanWatch.Kind;
import com.veritrace.scan.ScanWatch.LoggedScan;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch adds to the rollups, without a database: hour and day cells per brand,
 * GTIN, region and verdict; suspicious codes; places as moves; UTC buckets; the CBV steps
 * the event KPIs pair.
 */
class ScanRollupsTests {

	static final long T = 1_764_000_000_000L; // 2025-11-24T16:00:00Z

	static LoggedScan scan(Long brand, String serial, String verdict, String region, long at) {
		return new LoggedScan(Kind.SCAN, "06901234567892", serial, null, brand, at, verdict, region, null);
	}

	@Test
	void aBatchCountsEachScanOnceInItsHourAndItsDay() {
		ScanRollups.Deltas d = ScanRollups
			.deltas(List.of(scan(7L, "A", "GENUINE", "CN-31", T), scan(7L, "B", "GENUINE", "CN-31", T + 59 * 60_000),
					scan(7L, "C", "GENUINE", null, T + 3_600_000), scan(null, "X", "UNKNOWN_CODE", "US", T),
					scan(7L, "S", "SUSPICIOUS", "CN-44", T), scan(7L, "S", "SUSPICIOUS", "CN-44", T + 1)));
		assertThat(d.cells()).containsEntry(new ScanRollups.Cell('H', 7, T, "06901234567892", "CN-31", "GENUINE"), 2L)
			.containsEntry(new ScanRollups.Cell('H', 7, T + 3_600_000, "06901234567892", "", "GENUINE"), 1L)
			.containsEntry(new ScanRollups.Cell('D', 7, Buckets.day(T), "06901234567892", "CN-31", "GENUINE"), 2L)
			.containsEntry(new ScanRollups.Cell('D', 0, Buckets.day(T), "06901234567892", "US", "UNKNOWN_CODE"), 1L)
			.containsEntry(new ScanRollups.Cell('H', 7, T, "06901234567892", "CN-44", "SUSPICIOUS"), 2L);
		assertThat(d.cells().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);
		assertThat(d.codes()).containsExactly(org.assertj.core.api.Assertions
			.entry(new ScanRollups.Code(7, Buckets.day(T), "06901234567892", "S"), 2L));
		assertThat(d.moves()).isEmpty();
	}

	@Test
	void aPlaceIsAMoveNotAScanAndAPlaceWithoutRegionIsNothing() {
		LoggedScan place = new LoggedScan(Kind.PLACE, "06901234567892", "A", null, 7L, T, "GENUINE", "CN-11", null);
		LoggedScan none = new LoggedScan(Kind.PLACE, "06901234567892", "B", null, 7L, T, "GENUINE", null, null);
		ScanRollups.Deltas d = ScanRollups.deltas(List.of(place, none));
		assertThat(d.cells()).isEmpty();
		assertThat(d.moves()).containsExactly(place);
	}

	@Test
	void bucketsAreUtcHoursAndDaysAlsoBeforeTheEpoch() {
		assertThat(Buckets.day(T + 5)).isEqualTo(1_763_942_400_000L);
		assertThat(Buckets.hour(T + 3_599_999)).isEqualTo(T);
		assertThat(Buckets.day(-1)).isEqualTo(-Buckets.DAY);
	}

	@Test
	void shippingAndReceivingInEveryFormOfTheCbvWord() {
		assertThat(EventKpis.step("shipping")).isEqualTo('S');
		assertThat(EventKpis.step("https://ref.gs1.org/cbv/BizStep-shipping")).isEqualTo('S');
		assertThat(EventKpis.step("urn:epcglobal:cbv:bizstep:receiving")).isEqualTo('R');
		assertThat(EventKpis.step("https://ref.gs1.org/cbv/BizStep-inspecting")).isNull();
		assertThat(EventKpis.step("transshipping")).isNull();
		assertThat(EventKpis.step(null)).isNull();
	}

}
