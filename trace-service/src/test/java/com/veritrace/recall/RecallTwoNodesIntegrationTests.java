package com.veritrace.recall;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceApplication;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Two service instances sharing the database and Redis (pages cached in Redis, each with
 * its near cache): a recall issued on one shows on the other's scan page within 2 s,
 * although both had the item's page cached as genuine for the next 30 s.
 */
@MariaDbIntegrationTest
class RecallTwoNodesIntegrationTests {

	static ConfigurableApplicationContext second;

	static int secondPort;

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@BeforeAll
	static void startTheSecondNode() {
		List<String> properties = new java.util.ArrayList<>(List.of("server.port=0",
				"veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY, "veritrace.demo.enabled=false",
				"veritrace.scan.counters=redis", "veritrace.scan.page-cache=redis",
				"veritrace.scan.counter-retention=PT1H", "veritrace.rate-limit.scans-per-minute=100000",
				"spring.datasource.url=" + MariaDbTestDatabase.url(""),
				"spring.datasource.username=" + MariaDbTestDatabase.USER,
				"spring.datasource.password=" + MariaDbTestDatabase.PASSWORD,
				"veritrace.production.allow-insecure=" + MariaDbTestDatabase.ALLOW_INSECURE));
		// as command-line arguments: they win over the profile's settings, as the test
		// context's do
		second = new SpringApplicationBuilder(VeritraceApplication.class).profiles("mariadb")
			.run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
		secondPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stopTheSecondNode() {
		if (second != null) {
			second.close();
		}
	}

	private static String verdictOnTheSecondNode(String path) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + secondPort + path))
				.header("Accept", "application/json")
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body()).get("verdict").asString();
	}

	@Test
	void aRecallIssuedOnOneNodeShowsOnTheOthersScanPageWithinTwoSeconds() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Two nodes brand"), "BRAND", "read", "products:write", "codes:issue",
				"recalls:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Pu'er cake\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"PE-9\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "PE-9", 2,
				2);
		String path = "/01/" + gtin + "/21/" + serials.get(0);
		// both nodes have the page cached (Redis, and the second node's near cache)
		assertThat(verdictOnTheSecondNode(path)).isEqualTo("GENUINE");
		assertThat(verdictOnTheSecondNode(path)).isEqualTo("GENUINE_REPEAT");
		api.call(post("/api/v1/recalls"), brand.key(), """
				{"gtin":"%s","lots":["PE-9"],"recallClass":"II","reasonCode":"LABELLING_ERROR",
				 "reason":"Wrong allergen label","consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold stock.","zh-CN":"封存库存。"}}
				""".formatted(gtin), 201);
		long issued = System.nanoTime();
		String verdict = verdictOnTheSecondNode(path);
		while (!"RECALLED".equals(verdict) && System.nanoTime() - issued < Duration.ofSeconds(5).toNanos()) {
			Thread.sleep(50);
			verdict = verdictOnTheSecondNode(path);
		}
		long shownAfterMs = Duration.ofNanos(System.nanoTime() - issued).toMillis();
		org.slf4j.LoggerFactory.getLogger(RecallTwoNodesIntegrationTests.class)
			.info("The second node showed the recall {} ms after it was issued on the first", shownAfterMs);
		assertThat(verdict).isEqualTo("RECALLED");
		assertThat(shownAfterMs).as("ms until the second node showed the recall").isLessThan(2000);
	}

}
