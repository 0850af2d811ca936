package com.veritrace.scan;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Redis (scan counters and page cache) reached through a proxy that the test cuts: the
 * page keeps answering, quickly, with a verdict from the code's state alone, and counts
 * again once Redis is back; the scans it could not count are counted late, once each
 * ({@link ScanRecount}).
 */
@MariaDbIntegrationTest
class ScanRedisOutageIntegrationTests {

	static TcpProxy redis;

	@DynamicPropertySource
	static void proxiedRedis(DynamicPropertyRegistry registry) throws Exception {
		redis = new TcpProxy(6379).open();
		registry.add("veritrace.scan.redis-url", () -> "redis://127.0.0.1:" + redis.port());
		// this context recounts every second (the other test contexts every hour: they
		// would take this test's notes)
		registry.add("veritrace.scan.recount-interval", () -> "PT1S");
	}

	@AfterAll
	static void closeProxy() {
		redis.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ScanRecount recount;

	@Autowired
	ScanLogWriter scanLog;

	@Test
	void whileRedisIsDownTheScanPageAnswersFromTheCodesStateAndSaysItCouldNotCheckTheScans() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Outage brand"), "BRAND", "read", "products:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Pu'er 357 g\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"PU-1\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "PU-1", 2,
				1);
		String active = "/01/" + gtin + "/10/PU-1/21/" + serials.get(0);
		String notActivated = "/01/" + gtin + "/10/PU-1/21/" + serials.get(1);
		scan(active).andExpect(jsonPath("$.verdict").value("GENUINE"));
		double unavailableBefore = this.meters.counter("veritrace.scan.counters.unavailable").count();

		redis.close();
		try {
			// within a second of Redis's last answer for a code, this node answers its
			// scans from its own
			// counts at once; the one it then could not count in Redis is counted as such
			scan(active).andExpect(status().isOk())
				.andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"))
				.andExpect(jsonPath("$.scans.count").value(2));
			long deadline = System.currentTimeMillis() + 5_000;
			while (this.meters.get("veritrace.scan.counters.uncounted").functionCounter().count() < 1
					&& System.currentTimeMillis() < deadline) {
				Thread.sleep(20);
			}
			assertThat(this.meters.get("veritrace.scan.counters.uncounted").functionCounter().count()).isEqualTo(1);
			// after that failure, scans wait for Redis again, and get a verdict from the
			// code's state alone
			long started = System.nanoTime();
			scan(active).andExpect(status().isOk())
				.andExpect(jsonPath("$.verdict").value("GENUINE"))
				.andExpect(jsonPath("$.reasonKey").value("reason.history-unavailable"))
				.andExpect(jsonPath("$.scans").doesNotExist())
				.andExpect(jsonPath("$.product.name").value("Pu'er 357 g"));
			scan(notActivated).andExpect(status().isOk())
				.andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
				.andExpect(jsonPath("$.reasonKey").value("reason.not-activated"));
			assertThat((System.nanoTime() - started) / 1_000_000).as("ms for two scans with Redis down")
				.isLessThan(5_000);
			assertThat(this.meters.counter("veritrace.scan.counters.unavailable").count())
				.isEqualTo(unavailableBefore + 2);
		}
		finally {
			redis.open();
		}
		// back: counting resumes (the scans during the outage are counted late, see
		// the next test)
		long until = System.currentTimeMillis() + 30_000;
		while (!scanVerdict(active).equals("GENUINE_REPEAT") && System.currentTimeMillis() < until) {
			Thread.sleep(200);
		}
		scan(active).andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"));
	}

	/**
	 * Fault injection (issue 18): the scans made while Redis is down are in the scan log
	 * and noted as uncounted; when Redis is back they are counted, each once, although
	 * the recount runs several times, two at once (as on two nodes) and once more after a
	 * note came back (as after a recount that died between counting and deleting). The
	 * outage lasts a few seconds here, not 30: the notes are rows in the database, and
	 * nothing in the recount depends on how long Redis was away.
	 */
	@Test
	void scansMadeWhileRedisIsDownAreCountedOnceEachWhenItIsBack() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Recount brand"), "BRAND", "read", "products:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Oolong\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"OO-1\"}", 201);
		String serial = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "OO-1", 1, 1)
			.get(0);
		String path = "/01/" + gtin + "/10/OO-1/21/" + serial;
		int down = 12;
		scan(path).andExpect(jsonPath("$.verdict").value("GENUINE")).andExpect(jsonPath("$.scans.count").value(1));

		double uncountedBefore = this.meters.get("veritrace.scan.counters.uncounted").functionCounter().count();
		long cut = System.nanoTime();
		redis.close();
		try {
			// the first is answered from this node's counts (the code is hot) and its
			// count then fails; the others wait for Redis and get the degraded verdict.
			// That count fails in the next batch, after the answer: until then a second
			// scan would still be answered from this node's counts (as the first test
			// shows), so wait for it
			scan(path).andExpect(status().isOk());
			long failed = System.currentTimeMillis() + 5_000;
			while (this.meters.get("veritrace.scan.counters.uncounted").functionCounter().count() <= uncountedBefore
					&& System.currentTimeMillis() < failed) {
				Thread.sleep(20);
			}
			for (int i = 1; i < down; i++) {
				scan(path).andExpect(status().isOk())
					.andExpect(jsonPath("$.verdict").value("GENUINE"))
					.andExpect(jsonPath("$.reasonKey").value("reason.history-unavailable"));
			}
			this.scanLog.flush();
			long deadline = System.currentTimeMillis() + 5_000;
			while (noted(gtin) < down && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			assertThat(logged(gtin)).as("scans in the log").isEqualTo(1 + down);
			assertThat(noted(gtin)).as("scans noted as uncounted").isEqualTo(down);
			// while Redis is away a recount counts nothing and keeps every note
			assertThat(this.recount.recount()).isZero();
			assertThat(noted(gtin)).isEqualTo(down);
		}
		finally {
			redis.open();
		}
		long outageMs = (System.nanoTime() - cut) / 1_000_000;
		List<java.util.Map<String, Object>> notes = this.jdbc
			.queryForList("SELECT id, gtin, serial, scanned_ms, place FROM scan_uncounted WHERE gtin = ?", gtin);
		double recountedBefore = this.meters.counter("veritrace.scan.counters.recounted").count();
		// two recounts at once, as on two nodes, until Redis answers and the notes are
		// gone
		long until = System.currentTimeMillis() + 30_000;
		while (noted(gtin) > 0) {
			assertThat(System.currentTimeMillis()).as("notes left: " + noted(gtin)).isLessThan(until);
			java.util.concurrent.CompletableFuture<Integer> other = java.util.concurrent.CompletableFuture
				.supplyAsync(this.recount::recount);
			this.recount.recount();
			other.join();
			Thread.sleep(100);
		}
		// a note back, as if a recount had died after counting it and before deleting
		// it
		java.util.Map<String, Object> first = notes.get(0);
		this.jdbc.update("INSERT INTO scan_uncounted (id, gtin, serial, scanned_ms, place) VALUES (?,?,?,?,?)",
				first.get("id"), first.get("gtin"), first.get("serial"), first.get("scanned_ms"), first.get("place"));
		assertThat(this.recount.recount()).as("notes settled").isGreaterThanOrEqualTo(1);
		assertThat(noted(gtin)).isZero();
		double recounted = this.meters.counter("veritrace.scan.counters.recounted").count() - recountedBefore;

		// the next scan's count holds every scan made while Redis was down, once
		long count = new tools.jackson.databind.ObjectMapper()
			.readTree(scan(path).andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("scans")
			.get("count")
			.asLong();
		org.slf4j.LoggerFactory.getLogger(ScanRedisOutageIntegrationTests.class)
			.info("Fault Redis down {} ms: {} scans answered, {} logged, {} noted as uncounted; after: {} counted late "
					+ "by this node, the next scan's count {} (expected {})", outageMs, down, logged(gtin),
					notes.size(), recounted, count, 1 + down + 1);
		assertThat(notes).hasSize(down);
		assertThat(count).as("scans counted: one before, those during, this one").isEqualTo(1 + down + 1);
	}

	private long logged(String gtin) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_log WHERE gtin = ?", Long.class, gtin);
	}

	private long noted(String gtin) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_uncounted WHERE gtin = ?", Long.class, gtin);
	}

	private org.springframework.test.web.servlet.ResultActions scan(String path) throws Exception {
		return this.mvc.perform(get(path).header("Accept", "application/json"));
	}

	private String scanVerdict(String path) throws Exception {
		return new tools.jackson.databind.ObjectMapper()
			.readTree(scan(path).andReturn().getResponse().getContentAsString())
			.get("verdict")
			.asString();
	}

}
