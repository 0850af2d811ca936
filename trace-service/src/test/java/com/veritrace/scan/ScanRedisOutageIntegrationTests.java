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
 * again once Redis is back.
 */
@MariaDbIntegrationTest
class ScanRedisOutageIntegrationTests {

	static TcpProxy redis;

	@DynamicPropertySource
	static void proxiedRedis(DynamicPropertyRegistry registry) throws Exception {
		redis = new TcpProxy(6379).open();
		registry.add("veritrace.scan.redis-url", () -> "redis://127.0.0.1:" + redis.port());
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
		// back: counting resumes where it was (the scans during the outage were not
		// counted)
		long until = System.currentTimeMillis() + 30_000;
		while (!scanVerdict(active).equals("GENUINE_REPEAT") && System.currentTimeMillis() < until) {
			Thread.sleep(200);
		}
		scan(active).andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"));
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
