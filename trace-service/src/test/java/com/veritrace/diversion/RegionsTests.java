package com.veritrace.diversion;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.veritrace.diversion.Regions.Placement;

import static org.assertj.core.api.Assertions.assertThat;

/** The region rules: codes, and a scan's region against a distributor's regions. */
class RegionsTests {

	@Test
	void regionCodesAreCanonical() {
		assertThat(Regions.canonical("cn")).isEqualTo("CN");
		assertThat(Regions.canonical(" CN-31 ")).isEqualTo("CN-31");
		// China's current ISO letter codes are written as their GB/T 2260 numbers
		assertThat(Regions.canonical("CN-SH")).isEqualTo("CN-31");
		assertThat(Regions.canonical("cn-gd")).isEqualTo("CN-44");
		// Hong Kong, Macao, Taiwan are their own ISO 3166-1 countries
		assertThat(Regions.canonical("CN-91")).isEqualTo("HK");
		assertThat(Regions.canonical("CN-71")).isEqualTo("TW");
		assertThat(Regions.canonical("DE-BY")).isEqualTo("DE-BY");
		assertThat(Regions.canonical("CN-99")).isNull();
		assertThat(Regions.canonical("XX")).isNull();
		assertThat(Regions.canonical("Shanghai")).isNull();
		assertThat(Regions.canonical("CN-")).isNull();
		assertThat(Regions.canonical(null)).isNull();
		assertThat(Regions.problem("CN-99")).contains("not a province of China");
		assertThat(Regions.problem("ZZ")).contains("ISO 3166-1");
		assertThat(Regions.problem("CN-31")).isNull();
		assertThat(Regions.chinaProvinces()).hasSize(31).containsEntry("CN-31", "Shanghai");
	}

	@Test
	void aCountryCoversItsSubdivisionsAndASubdivisionItself() {
		assertThat(Regions.place(List.of("CN"), "CN-44")).isEqualTo(Placement.INSIDE);
		assertThat(Regions.place(List.of("CN"), "CN")).isEqualTo(Placement.INSIDE);
		assertThat(Regions.place(List.of("CN-31", "CN-32"), "CN-32")).isEqualTo(Placement.INSIDE);
		assertThat(Regions.place(List.of("CN-31", "CN-32"), "CN-44")).isEqualTo(Placement.OUTSIDE);
		assertThat(Regions.place(List.of("CN"), "DE")).isEqualTo(Placement.OUTSIDE);
		assertThat(Regions.place(List.of("CN"), "DE-BY")).isEqualTo(Placement.OUTSIDE);
		assertThat(Regions.place(List.of("CN"), "HK")).isEqualTo(Placement.OUTSIDE);
		assertThat(Regions.place(List.of("DE", "CN-31"), "DE-BY")).isEqualTo(Placement.INSIDE);
	}

	@Test
	void aScanKnownOnlyToTheCountryIsNeverHeldOutsideItsProvinces() {
		// the scan was somewhere in China; the distributor may sell in Shanghai only
		assertThat(Regions.place(List.of("CN-31"), "CN")).isEqualTo(Placement.UNKNOWN);
		// but a scan known to be in another country is outside
		assertThat(Regions.place(List.of("CN-31"), "DE")).isEqualTo(Placement.OUTSIDE);
		assertThat(Regions.place(List.of(), "CN-31")).isEqualTo(Placement.UNKNOWN);
	}

	@Test
	void theCellTableAnswersAProvinceOnlyWhenClearlyNearerOne() {
		CellRegions cells = new CellRegions();
		assertThat(cells.region("31.2,121.5")).isEqualTo("CN-31");
		assertThat(cells.region("23.1,113.3")).isEqualTo("CN-44");
		assertThat(cells.region("30.3,120.2")).isEqualTo("CN-33");
		assertThat(cells.region("39.9,116.4")).isEqualTo("CN-11");
		assertThat(cells.region("43.8,87.6")).isEqualTo("CN-65");
		// between Shanghai and Suzhou (Jiangsu): about as near to both, so only the
		// country
		assertThat(cells.region("31.2,121.0")).isEqualTo("CN");
		// between Shenzhen and Hong Kong: two countries about as near, so nothing
		assertThat(cells.region("22.4,114.2")).isNull();
		assertThat(cells.region("52.5,13.4")).isEqualTo("DE");
		// mid-Pacific, far from every city in the table
		assertThat(cells.region("0.0,-150.0")).isNull();
		assertThat(cells.region("not a cell")).isNull();
		assertThat(cells.region("91.0,0.0")).isNull();
		assertThat(cells.size()).isGreaterThan(200);
	}

	@Test
	void theTablesFlatDistanceIsCloseToTheGreatCircleAtItsScale() {
		double[][] pairs = { { 31.2, 121.5, 31.3, 120.6 }, { 31.2, 121.5, 30.3, 120.2 }, { 23.1, 113.3, 22.3, 114.2 },
				{ 43.8, 87.6, 41.7, 86.2 }, { 49.2, 119.7, 47.9, 106.9 }, { 1.3, 103.8, 3.1, 101.7 },
				{ 64.1, -21.9, 65.7, -18.1 }, { 10.0, 179.8, 10.0, -179.7 } };
		for (double[] p : pairs) {
			double exact = CellRegions.km(p[0], p[1], p[2], p[3]);
			double flat = CellRegions.approximateKm(p[0], p[1], Math.cos(Math.toRadians(p[0])), p[2], p[3]);
			assertThat(flat).as(java.util.Arrays.toString(p))
				.isCloseTo(exact, org.assertj.core.data.Percentage.withPercentage(2));
		}
	}

}
