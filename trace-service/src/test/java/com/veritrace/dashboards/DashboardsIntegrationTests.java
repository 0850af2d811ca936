package com.veritrace.dashboards;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.scan.ScanWatch.Kind;
import com.veritrace.scan.ScanWatch.LoggedScan;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Rollups and dashboards against MariaDB: scans in give exact rollup rows (a place moves
 * a scan from the unknown region once), stored events give partner, leg and dwell KPIs,
 * and the dashboard endpoints answer a brand with its own aggregates only, a regulator
 * across brands or per brand, CSV with the same numbers, and 404 to everybody else.
 */
@MariaDbIntegrationTest
class DashboardsIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ScanRollups rollups;

	@Autowired
	EventRecorder recorder;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Dashboards dashboards;

	final EpcisDocumentParser parser = new EpcisDocumentParser();

	final EventHasher hasher = new EventHasher();

	ApiClient api;

	Portal portal;

	Tenant brand;

	Tenant otherBrand;

	Tenant warehouse;

	String gtin;

	long now;

	@BeforeEach
	void brands() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Dash brand"), "BRAND", "read", "products:write",
				"grants:manage");
		this.otherBrand = this.api.tenant(ApiClient.unique("Dash other"), "BRAND", "read", "products:write");
		this.warehouse = this.api.tenant(ApiClient.unique("Dash warehouse"), "WAREHOUSE", "read", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.warehouse.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		this.now = System.currentTimeMillis();
	}

	LoggedScan scan(long brandId, String serial, String verdict, String region, long at) {
		return new LoggedScan(Kind.SCAN, this.gtin, serial, "L1", brandId, at, verdict, region, "c-" + serial);
	}

	long cube(char grain, long brandId, String region, String verdict) {
		Long n = this.jdbc.queryForObject(
				"SELECT SUM(scans) FROM scan_rollup WHERE grain = ? AND brand_id = ? AND region = ? AND verdict = ?",
				Long.class, String.valueOf(grain), brandId, region, verdict);
		return n == null ? 0 : n;
	}

	long brandDay(long brandId, String region, String verdict) {
		Long n = this.jdbc.queryForObject(
				"SELECT SUM(scans) FROM scan_rollup_brand_day WHERE brand_id = ? " + "AND region = ? AND verdict = ?",
				Long.class, brandId, region, verdict);
		return n == null ? 0 : n;
	}

	@Test
	void scansGiveExactRollupRowsAndAPlaceMovesAScanOnce() {
		long b = this.brand.id();
		long hour = Buckets.hour(this.now);
		this.rollups.logged(List.of(scan(b, "S1", "GENUINE", "CN-31", this.now),
				scan(b, "S2", "GENUINE", null, this.now), scan(b, "S3", "SUSPICIOUS", "CN-44", this.now),
				scan(b, "S3", "SUSPICIOUS", "CN-44", this.now), scan(b, "S4", "GENUINE", "CN-31", hour - 1)));
		assertThat(this.jdbc.queryForList("SELECT grain, bucket_ms, region, verdict, scans FROM scan_rollup "
				+ "WHERE brand_id = ? AND grain = 'H' ORDER BY bucket_ms, region, verdict", b))
			.extracting(r -> r.get("bucket_ms") + " " + r.get("region") + " " + r.get("verdict") + " " + r.get("scans"))
			.containsExactly((hour - Buckets.HOUR) + " CN-31 GENUINE 1", hour + "  GENUINE 1",
					hour + " CN-31 GENUINE 1", hour + " CN-44 SUSPICIOUS 2");
		assertThat(cube('D', b, "CN-31", "GENUINE")).isEqualTo(2);
		assertThat(brandDay(b, "", "GENUINE")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT scans FROM scan_suspicious_day WHERE brand_id = ? AND gtin = ? AND serial = 'S3'", Long.class,
				b, this.gtin))
			.isEqualTo(2);

		// the phone's area for S2 arrives: moved from "unknown" to CN-11, not counted
		// again
		LoggedScan place = new LoggedScan(Kind.PLACE, this.gtin, "S2", "L1", b, this.now, "GENUINE", "CN-11", "c-S2");
		this.rollups.logged(List.of(place));
		assertThat(cube('H', b, "", "GENUINE")).isZero();
		assertThat(cube('H', b, "CN-11", "GENUINE")).isEqualTo(1);
		assertThat(cube('D', b, "", "GENUINE")).isZero();
		assertThat(cube('D', b, "CN-11", "GENUINE")).isEqualTo(1);
		assertThat(brandDay(b, "", "GENUINE")).isZero();
		assertThat(brandDay(b, "CN-11", "GENUINE")).isEqualTo(1);
		// the same place again (or one for a scan never counted unknown) moves nothing
		this.rollups.logged(List.of(place));
		assertThat(cube('H', b, "CN-11", "GENUINE")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT SUM(scans) FROM scan_rollup WHERE grain = 'D' AND brand_id = ?",
				Long.class, b))
			.isEqualTo(5);

		// a scan and its place in one batch
		this.rollups.logged(List.of(scan(b, "S5", "GENUINE_REPEAT", null, this.now),
				new LoggedScan(Kind.PLACE, this.gtin, "S5", "L1", b, this.now, "GENUINE_REPEAT", "CN-32", "c-S5")));
		assertThat(cube('D', b, "", "GENUINE_REPEAT")).isZero();
		assertThat(cube('D', b, "CN-32", "GENUINE_REPEAT")).isEqualTo(1);
	}

	long window(int days, String serial) {
		List<Long> n = this.jdbc.queryForList(
				"SELECT scans FROM scan_suspicious_window WHERE window_days = ? "
						+ "AND brand_id = ? AND gtin = ? AND serial = ?",
				Long.class, days, this.brand.id(), this.gtin, serial);
		return n.isEmpty() ? 0 : n.get(0);
	}

	@Test
	void eachRangeSumsACodesSuspiciousScansAndLosesTheDaysThatLeaveIt() {
		long b = this.brand.id();
		long today = Buckets.day(this.now);
		// W1: today and 5 days ago; W2: 20 days ago; W3 (not suspicious) is not counted
		this.rollups.logged(List.of(scan(b, "W1", "SUSPICIOUS", "CN-31", this.now),
				scan(b, "W1", "SUSPICIOUS", "CN-31", today - 5 * Buckets.DAY + 1),
				scan(b, "W2", "SUSPICIOUS", null, today - 20 * Buckets.DAY), scan(b, "W3", "GENUINE", null, this.now)));
		assertThat(List.of(window(7, "W1"), window(30, "W1"), window(90, "W1"))).containsExactly(2L, 2L, 2L);
		assertThat(List.of(window(7, "W2"), window(30, "W2"), window(90, "W2"))).containsExactly(0L, 1L, 1L);
		assertThat(window(90, "W3")).isZero();

		// three days on: the 7-day range loses the day 5 days ago, the 30-day one keeps
		// W2;
		// in one transaction rolled back, so that no other test (or this service's own
		// roll every minute) sees the future
		SuspiciousWindows later = new SuspiciousWindows(this.jdbc, this.transactions,
				Clock.fixed(Instant.ofEpochMilli(this.now + 3 * Buckets.DAY), ZoneOffset.UTC));
		SuspiciousWindows muchLater = new SuspiciousWindows(this.jdbc, this.transactions,
				Clock.fixed(Instant.ofEpochMilli(this.now + 15 * Buckets.DAY), ZoneOffset.UTC));
		this.transactions.executeWithoutResult(status -> {
			later.roll();
			assertThat(this.jdbc.queryForObject(
					"SELECT first_day_ms FROM scan_suspicious_window_start WHERE window_days = 7", Long.class))
				.isEqualTo(today - 3 * Buckets.DAY);
			assertThat(List.of(window(7, "W1"), window(30, "W1"), window(90, "W1"))).containsExactly(1L, 2L, 2L);
			assertThat(List.of(window(30, "W2"), window(90, "W2"))).containsExactly(1L, 1L);
			// rolled already: a second roll (another node's) changes nothing
			later.roll();
			assertThat(window(7, "W1")).isEqualTo(1);
			// twelve more days: W1's days left the 7-day range (row gone), W2 the 30-day
			// one
			muchLater.roll();
			assertThat(List.of(window(7, "W1"), window(30, "W1"), window(90, "W1"))).containsExactly(0L, 2L, 2L);
			assertThat(List.of(window(30, "W2"), window(90, "W2"))).containsExactly(0L, 1L);
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_suspicious_window WHERE scans <= 0",
					Long.class))
				.isZero();
			// a range with no first day recorded is filled from the days
			this.jdbc.update("DELETE FROM scan_suspicious_window_start WHERE window_days = 90");
			this.jdbc.update("DELETE FROM scan_suspicious_window WHERE window_days = 90");
			muchLater.roll();
			assertThat(List.of(window(90, "W1"), window(90, "W2"))).containsExactly(2L, 1L);
			status.setRollbackOnly();
		});
		assertThat(List.of(window(7, "W1"), window(30, "W2"))).containsExactly(2L, 1L);
	}

	@Test
	void theAllBrandsRowsCountEveryBrandsScansAndMoveWithTheirPlaces() {
		long all = ScanRollups.ALL_BRANDS;
		long genuine = brandDay(all, "AQ", "GENUINE");
		long repeat = brandDay(all, "AQ", "GENUINE_REPEAT");
		long b = this.brand.id();
		// two brands' scans and one of a code of no brand (brand 0), all in Antarctica
		this.rollups.logged(List.of(scan(b, "A1", "GENUINE", "AQ", this.now),
				scan(this.otherBrand.id(), "A2", "GENUINE", "AQ", this.now),
				new LoggedScan(Kind.SCAN, this.gtin, "A3", null, null, this.now, "GENUINE", "AQ", "c-A3"),
				scan(b, "A4", "GENUINE_REPEAT", null, this.now)));
		assertThat(brandDay(all, "AQ", "GENUINE")).isEqualTo(genuine + 3);
		long unknown = brandDay(all, "", "GENUINE_REPEAT");
		this.rollups.logged(List
			.of(new LoggedScan(Kind.PLACE, this.gtin, "A4", "L1", b, this.now, "GENUINE_REPEAT", "AQ", "c-A4")));
		assertThat(brandDay(all, "AQ", "GENUINE_REPEAT")).isEqualTo(repeat + 1);
		assertThat(brandDay(all, "", "GENUINE_REPEAT")).isEqualTo(unknown - 1);
		assertThat(this.dashboards.regions(Dashboards.Audience.allBrands(), 7).rows())
			.anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly("AQ", genuine + repeat + 4));
		assertThat(this.dashboards.regions(Dashboards.Audience.brand(b), 7).rows())
			.anySatisfy(row -> assertThat(row.subList(0, 2)).containsExactly("AQ", 2L));
	}

	@Test
	void aRebuildFromTheScanLogGivesTheSameRowsAsTheWatch() {
		long b = this.brand.id();
		long day = Buckets.day(this.now) - 40 * Buckets.DAY;
		List<LoggedScan> scans = List.of(scan(b, "R1", "GENUINE", "CN-31", day + 1000),
				scan(b, "R2", "SUSPICIOUS", null, day + 2 * Buckets.HOUR),
				scan(b, "R2", "SUSPICIOUS", null, day + 2 * Buckets.HOUR + 5));
		for (LoggedScan s : scans) {
			this.jdbc.update(
					"INSERT INTO scan_log (gtin, serial, lot_number, brand_id, scanned_ms, verdict, region) "
							+ "VALUES (?,?,?,?,?,?,?)",
					s.gtin(), s.serial(), s.lot(), s.brandId(), s.scannedMs(), s.verdict(), s.region());
		}
		this.rollups.logged(scans);
		String cube = "SELECT grain, bucket_ms, gtin, region, verdict, scans FROM scan_rollup WHERE brand_id = " + b
				+ " ORDER BY grain, bucket_ms, region, verdict";
		List<Map<String, Object>> watched = this.jdbc.queryForList(cube);
		String allBrands = "SELECT day_ms, region, verdict, scans FROM scan_rollup_brand_day WHERE brand_id = -1 "
				+ "AND day_ms = " + day + " ORDER BY region, verdict";
		List<Map<String, Object>> watchedAll = this.jdbc.queryForList(allBrands);
		long suspicious = window(90, "R2");
		this.rollups.rebuild(day, day);
		assertThat(this.jdbc.queryForList(cube)).isEqualTo(watched).hasSize(4);
		assertThat(window(90, "R2")).isEqualTo(suspicious).isEqualTo(2);
		assertThat(this.jdbc.queryForList(allBrands)).isEqualTo(watchedAll).isNotEmpty();
		assertThat(window(30, "R2")).isZero();
		// idempotent
		this.rollups.rebuild(day, day);
		assertThat(this.jdbc.queryForList(cube)).isEqualTo(watched);
	}

	@Test
	void storedEventsGivePartnerLegAndDwellKpis() {
		Instant t = Instant.ofEpochMilli(this.now).truncatedTo(ChronoUnit.HOURS);
		String a = "https://id.gs1.org/414/0614141000012";
		String w = "https://id.gs1.org/414/0614141000029";
		String shop = "https://id.gs1.org/414/0614141000036";
		record(this.brand, event(t.minus(10, ChronoUnit.HOURS), "shipping", a, "P1", "P2"));
		// received at the warehouse 4 hours later (both items: one leg)
		record(this.warehouse, event(t.minus(6, ChronoUnit.HOURS), "receiving", w, "P1", "P2"));
		// shipped on 2 hours after that (a stay of 2 hours), received at the shop an hour
		// later
		record(this.warehouse, event(t.minus(4, ChronoUnit.HOURS), "shipping", w, "P1"));
		record(this.brand, event(t.minus(3, ChronoUnit.HOURS), "receiving", shop, "P1"));
		// reported three days late
		record(this.warehouse, event(t.minus(72, ChronoUnit.HOURS), "storing", w, "P2"));

		assertThat(this.jdbc.queryForList("SELECT from_location, to_location, legs, lead_ms_sum FROM kpi_leg_day "
				+ "WHERE brand_id = ? ORDER BY from_location", this.brand.id()))
			.extracting(r -> r.get("from_location") + ">" + r.get("to_location") + " " + r.get("legs") + " "
					+ r.get("lead_ms_sum"))
			.containsExactly(a + ">" + w + " 1 " + 4 * Buckets.HOUR, w + ">" + shop + " 1 " + Buckets.HOUR);
		assertThat(this.jdbc.queryForList("SELECT location, stays, dwell_ms_sum FROM kpi_dwell_day WHERE brand_id = ?",
				this.brand.id()))
			.extracting(r -> r.get("location") + " " + r.get("stays") + " " + r.get("dwell_ms_sum"))
			.containsExactly(w + " 1 " + 2 * Buckets.HOUR);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(events) FROM kpi_partner_day WHERE brand_id = ? " + "AND reporter_id = ?", Long.class,
				this.brand.id(), this.warehouse.id()))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForObject(
				"SELECT SUM(late_events) FROM kpi_partner_day WHERE brand_id = ? " + "AND reporter_id = ?", Long.class,
				this.brand.id(), this.warehouse.id()))
			.isEqualTo(1);
	}

	@Test
	void aBrandReadsItsOwnDashboardsOnlyAndARegulatorReadsAcrossBrands() throws Exception {
		long b = this.brand.id();
		long o = this.otherBrand.id();
		this.rollups
			.logged(List.of(scan(b, "D1", "GENUINE", "CN-31", this.now), scan(b, "D2", "SUSPICIOUS", "CN-31", this.now),
					scan(o, "X1", "SUSPICIOUS", "US", this.now), scan(o, "X2", "SUSPICIOUS", "US", this.now)));
		String otherSerialGtin = this.gtin + ",X1";

		Portal.Person viewer = this.portal.login(b, Role.VIEWER);
		String json = read(viewer, "/portal/dashboards/regions.json?days=7", 200);
		assertThat(json).contains("\"CN-31\",2,100.0").doesNotContain("\"US\"");
		String csv = read(viewer, "/portal/dashboards/suspicious.csv?days=7", 200);
		assertThat(csv).startsWith("\uFEFFGTIN,Serial,Scans,Last day\r\n")
			.contains(this.gtin + ",D2,1,")
			.doesNotContain(otherSerialGtin);
		String page = read(viewer, "/portal/dashboards?days=7", 200);
		assertThat(page).contains("id=\"dash-scans\"")
			.contains("data-src=\"/portal/dashboards/scans.json?days=7\"")
			.contains("<td class=\"num\">2</td>")
			.doesNotContain(">X1<");
		// another brand named, a bad range, an unknown chart
		read(viewer, "/portal/dashboards/regions.json?days=7&brand=" + o, 404);
		read(viewer, "/portal/dashboards?brand=" + o, 404);
		read(viewer, "/portal/dashboards/nothing.json", 404);
		assertThat(read(viewer, "/portal/dashboards?days=5", 400)).contains("7, 30 or 90");

		Portal.Person partner = this.portal.login(this.warehouse.id(), Role.OWNER);
		read(partner, "/portal/dashboards", 404);
		read(partner, "/portal/dashboards/scans.csv", 404);

		Tenant regulator = this.api.tenant(ApiClient.unique("Dash regulator"), "REGULATOR", "read");
		Portal.Person inspector = this.portal.login(regulator.id(), Role.VIEWER);
		assertThat(read(inspector, "/portal/dashboards/suspicious.csv?days=90", 200)).contains(this.gtin + ",D2,1,")
			.contains(this.gtin + ",X1,1,");
		assertThat(read(inspector, "/portal/dashboards/suspicious.csv?days=90&brand=" + o, 200))
			.contains(this.gtin + ",X1,1,")
			.doesNotContain(",D2,");
		read(inspector, "/portal/dashboards?brand=" + this.warehouse.id(), 404);
		assertThat(read(inspector, "/portal/dashboards?days=90&brand=" + b, 200)).contains("id=\"dash-brand\"");
	}

	String read(Portal.Person person, String url, int status) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(person.as(get(url))).andReturn().getResponse();
		assertThat(response.getStatus()).as(url).isEqualTo(status);
		return response.getContentAsString(StandardCharsets.UTF_8);
	}

	private void record(Tenant reporter, String json) {
		EpcisEvent event = this.parser.parse(json).events().get(0);
		EventSink.Outcome outcome = this.recorder
			.record(reporter.id(), List.of(new EventSink.HashedEvent(event, this.hasher.hash(event))))
			.get(0);
		assertThat(outcome.status()).as(outcome.reason()).isEqualTo(EventSink.Status.STORED);
	}

	private String event(Instant time, String bizStep, String location, String... serials) {
		StringBuilder epcs = new StringBuilder();
		for (String s : serials) {
			epcs.append(epcs.isEmpty() ? "" : ",")
				.append("\"https://id.gs1.org/01/")
				.append(this.gtin)
				.append("/21/")
				.append(s)
				.append('"');
		}
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[" + epcs + "],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep
				+ "\",\"bizLocation\":{\"id\":\"" + location + "\"}}";
	}

}
