package com.veritrace.diversion;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.HttpApi;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Channel diversion in the embedded default (H2 file database) over real HTTP: the demo
 * brand names a distributor at a Shanghai location and ships the demo case of tea tins
 * there; a scan of a tin that the edge places in Guangdong raises one DIVERSION alert, a
 * scan in Shanghai none; the portal pages render in both languages, with a refused region
 * next to its field. The same SQL runs here as on MariaDB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.demo.api-key=" + DiversionEmbeddedTests.DEMO_KEY,
				"veritrace.bootstrap.admin-key=" + DiversionEmbeddedTests.ADMIN_KEY,
				"veritrace.scan.place-header-edges=127.0.0.1" })
@AutoConfigureMockMvc
class DiversionEmbeddedTests {

	static final String DEMO_KEY = "diversion-demo-key-0123456789abcdef";

	static final String ADMIN_KEY = "diversion-admin-key-0123456789abcdef";

	static final String SHANGHAI_SHOP = "urn:epc:id:sgln:6901234.00077.0";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("veritrace-diversion");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void theDemoCaseShippedToAShanghaiDistributorIsAlertedWhenScannedInGuangdong() throws Exception {
		long id = call("POST", "/api/v1/distributors", DEMO_KEY,
				"{\"name\":\"Shanghai Tea House\",\"regions\":[\"CN-31\"],\"locations\":[\"" + SHANGHAI_SHOP + "\"]}",
				201)
			.get("id")
			.asLong();
		String document = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\""
				+ Instant.now().minusSeconds(60) + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[\"https://id.gs1.org/00/069012340000000016\"],\"action\":\"OBSERVE\","
				+ "\"bizStep\":\"shipping\",\"destinationList\":[{\"type\":\"location\",\"destination\":\""
				+ SHANGHAI_SHOP + "\"}]}]}}";
		String job = call("POST", "/api/v1/epcis/capture", DEMO_KEY, document, 202).get("captureId").asString();
		assertThat(awaitJob(job).get("status").asString()).isEqualTo("SUCCESS");
		List<String> items = this.jdbc
			.queryForList("SELECT item FROM distributed_item WHERE distributor_id = ? ORDER BY item", String.class, id);
		assertThat(items).hasSize(3);

		String tin = items.get(0);
		scan(tin, "CN-31");
		scan(tin, "CN-44");
		scan(tin, "CN-44");
		// a later tin scanned in another country: the marker that the writer reached the
		// scans above
		scan(items.get(1), "JP");
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE kind = 'DIVERSION'", Integer.class) < 2) {
			assertThat(System.nanoTime()).as("two diversion alerts").isLessThan(deadline);
			Thread.sleep(50);
		}
		List<Map<String, Object>> alerts = this.jdbc
			.queryForList("SELECT subject, group_label, evidence, occurrences FROM alert WHERE kind = 'DIVERSION' "
					+ "ORDER BY id");
		assertThat(alerts).hasSize(2);
		assertThat(alerts.get(0)).containsEntry("subject", tin)
			.containsEntry("group_label", "Shanghai Tea House")
			.containsEntry("occurrences", 1);
		assertThat((String) alerts.get(0).get("evidence")).contains("\"region\":\"CN-44\"", "\"regionSource\":\"EDGE\"",
				"\"authorisedRegions\":[\"CN-31\"]");
		assertThat((String) alerts.get(1).get("evidence")).contains("\"region\":\"JP\"");
		JsonNode counts = call("GET",
				"/api/v1/distributors/diversions?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", DEMO_KEY, null,
				200);
		assertThat(counts.get(0).get("diversions").asLong()).isEqualTo(2);
		call("GET", "/api/v1/distributors/diversions?from=tomorrow&to=2100-01-01T00:00:00Z", DEMO_KEY, null, 400);
	}

	@Test
	void thePortalPagesRenderInBothLanguagesWithTheirForms() throws Exception {
		long brandId = call("GET", "/api/v1/organisations/me", DEMO_KEY, null, 200).get("organisation")
			.get("id")
			.asLong();
		Portal portal = new Portal(this.mvc, this.accounts);
		Portal.Person admin = portal.login(brandId, Role.OWNER);
		String page = this.mvc.perform(admin.as(get("/portal/distributors?lang=en")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(page).contains("Distributors and their regions", "Add the distributor", "CN-44", "Guangdong");
		String refused = this.mvc
			.perform(admin.form(post("/portal/distributors?lang=zh-CN"))
				.contentType("application/x-www-form-urlencoded")
				.content("name=North+China&regions=CN-11,+CN-99&locations="))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(refused).contains("id=\"regions-error\"", "“CN-99” is not a province of China", "经销商及其授权区域");
		String location = this.mvc
			.perform(admin.form(post("/portal/distributors"))
				.contentType("application/x-www-form-urlencoded")
				.content("name=North+China&regions=CN-11,+cn-tj&locations=urn:epc:id:sgln:6901234.00011.0"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		String shown = this.mvc.perform(admin.as(get(location + "?lang=zh-CN")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(shown).contains("North China", "北京市", "天津市", "urn:epc:id:sgln:6901234.00011.0", "删除此经销商");
	}

	private void scan(String item, String region) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/" + item))
				.header("Accept", "application/json")
				.header("X-Client-Region", region)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	JsonNode awaitJob(String id) throws Exception {
		return new HttpApi(this.port).awaitJob(DEMO_KEY, id);
	}

	JsonNode call(String method, String path, String key, String body, int expected) throws Exception {
		return new HttpApi(this.port).call(method, path, key, body, expected);
	}

}
