package com.veritrace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default as the README runs it (H2 file database, no profile, demo
 * seeding), over real HTTP: the demo key works and the demo journey is there, in time
 * order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.demo.api-key=" + EmbeddedDefaultTests.DEMO_KEY,
				"veritrace.bootstrap.admin-key=" + EmbeddedDefaultTests.ADMIN_KEY })
class EmbeddedDefaultTests {

	static final String DEMO_KEY = "embedded-demo-key-0123456789abcdef";

	static final String ADMIN_KEY = "embedded-admin-key-0123456789abcdef";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("veritrace-embedded");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void demoBrandSeesItsProductsAndTheDemoJourney() throws Exception {
		JsonNode products = get("/api/v1/products", 200);
		assertThat(products.get("items")).extracting(p -> p.get("gtin").asString())
			.containsExactly("06901234567892", "06901234567908");

		// the demo tins carry real issued codes: the demo brand's first job holds them
		JsonNode jobs = get("/api/v1/code-jobs", 200);
		assertThat(jobs).hasSize(1);
		assertThat(jobs.get(0).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(jobs.get(0).get("quantity").asLong()).isEqualTo(3);
		HttpResponse<String> csv = send("/api/v1/code-jobs/" + jobs.get(0).get("id").asLong() + "/print-file",
				DEMO_KEY);
		assertThat(csv.statusCode()).isEqualTo(200);
		String[] rows = csv.body().split("\r\n");
		assertThat(rows).hasSize(4);
		String serial = rows[1].split(",")[1];
		assertThat(serial).matches("[0-9A-HJKMNP-TV-Z]{16}");
		assertThat(rows[1].split(",")[2])
			.isEqualTo("https://id.veritrace.example/01/06901234567892/10/LJ2026A/21/" + serial);
		assertThat(get("/api/v1/codes/06901234567892/" + serial, 200).get("status").asString()).isEqualTo("ACTIVE");

		// no ?lot=: the registry knows the tin's lot; shipping and receiving were
		// reported on its case
		JsonNode timeline = get("/api/v1/timelines/items/06901234567892/" + serial, 200);
		assertThat(timeline.get("lotNumber").asString()).isEqualTo("LJ2026A");
		assertThat(timeline.get("events")).extracting(e -> e.get("bizStep").asString())
			.containsExactly("https://ref.gs1.org/cbv/BizStep-commissioning",
					"https://ref.gs1.org/cbv/BizStep-inspecting", "https://ref.gs1.org/cbv/BizStep-packing",
					"https://ref.gs1.org/cbv/BizStep-shipping", "https://ref.gs1.org/cbv/BizStep-receiving",
					"https://ref.gs1.org/cbv/BizStep-arriving", "https://ref.gs1.org/cbv/BizStep-inspecting");
		assertThat(timeline.get("events").get(0).get("eventTime").asString()).isEqualTo("2026-04-02T00:15:00.123Z");
		assertThat(timeline.get("events").get(0).get("eventHash").asString())
			.matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2.0");

		JsonNode lot = get("/api/v1/timelines/lots/06901234567892/LJ2026A", 200);
		assertThat(lot.get("events")).hasSize(3);

		// the EPCIS query on H2: the identifier index (an EPC pattern is a LIKE ...
		// ESCAPE),
		// the time range, keyset pages
		JsonNode tin = get("/api/v1/epcis/events?MATCH_anyEPC=https://id.gs1.org/01/06901234567892/21/*"
				+ "&GE_eventTime=2026-01-01T00:00:00Z&orderBy=eventTime&orderDirection=ASC", 200);
		assertThat(tin.get("type").asString()).isEqualTo("EPCISQueryDocument");
		JsonNode first = tin.at("/epcisBody/queryResults/resultsBody/eventList/0");
		// as captured: the demo's times carry +08:00
		assertThat(java.time.OffsetDateTime.parse(first.get("eventTime").asString()).toInstant())
			.isEqualTo(java.time.Instant.parse("2026-04-02T00:15:00.123Z"));
		HttpResponse<String> page = send("/api/v1/epcis/events?perPage=1", DEMO_KEY);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Link").orElse("")).contains("nextPageToken=").endsWith("rel=\"next\"");
		assertThat(get("/api/v1/epcis/events?MATCH_anyEPC=https://id.gs1.org/01/06901234567892/21/NONE", 200)
			.at("/epcisBody/queryResults/resultsBody/eventList")).isEmpty();

		// the top-level resources on H2, as the demo brand (its visibility narrowing),
		// and one of its EPCs by its Digital Link
		JsonNode epcs = get("/api/v1/epcis/epcs?perPage=1000", 200);
		assertThat(epcs.get("member").toString()).contains("https://id.gs1.org/01/06901234567892/21/");
		assertThat(get("/api/v1/epcis/bizSteps", 200).get("member").toString()).contains("shipping");
		String epc = java.net.URLEncoder.encode(epcs.get("member").get(0).asString(),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(
				get("/api/v1/epcis/epcs/" + epc + "/events", 200).at("/epcisBody/queryResults/resultsBody/eventList"))
			.isNotEmpty();
	}

	@Test
	void theDemoLabsReportIsListedVerifiedAndDownloadable() throws Exception {
		JsonNode reports = get("/api/v1/inspection-reports?gtin=06901234567892&lot=LJ2026A", 200).get("reports");
		assertThat(reports).hasSize(1);
		JsonNode report = reports.get(0);
		assertThat(report.get("lab").get("name").asString()).isEqualTo("Demo Inspection Lab");
		assertThat(report.get("verdict").asString()).isEqualTo("PASS");
		assertThat(report.get("document").get("check").asString()).isEqualTo("VERIFIED");
		HttpResponse<byte[]> pdf = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + report.get("document").get("href").asString()))
			.header("Authorization", "Bearer " + DEMO_KEY)
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(new String(pdf.body(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.4");
		assertThat(new String(pdf.body(), java.nio.charset.StandardCharsets.US_ASCII)).endsWith("%%EOF\n")
			.contains("Verdict: PASS");
		assertThat(report.get("document").get("hash").asString()).isEqualTo("ni:///sha-256;" + java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf.body())));
	}

	@Test
	void healthInfoPrometheusAndApiDocsAreServed() throws Exception {
		assertThat(send("/actuator/health", null).body()).contains("\"UP\"");
		// info and metrics are the operator's: the admin key, not a brand's key, not
		// nobody
		assertThat(send("/actuator/info", null).statusCode()).isEqualTo(401);
		assertThat(send("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(send("/actuator/prometheus", DEMO_KEY).statusCode()).isEqualTo(403);
		assertThat(send("/actuator/info", ADMIN_KEY).body()).contains("embedded");
		HttpResponse<String> metrics = send("/actuator/prometheus", ADMIN_KEY);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
		HttpResponse<String> docs = send("/v3/api-docs", null);
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("/api/v1/timelines/items/{gtin}/{serial}").contains("/api/v1/grants");
		assertThat(send("/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
		assertThat(send("/actuator/env", null).statusCode()).isIn(401, 403, 404);
	}

	@Test
	void pagesAllowNoInlineScriptOrStyleNoFramingAndNoBaseChange() throws Exception {
		HttpResponse<String> page = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/01/06901234567892/10/LJ2026A"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(csp).doesNotContain("unsafe-inline")
			.contains("script-src 'self'")
			.contains("style-src 'self'")
			.contains("base-uri 'none'")
			.contains("frame-ancestors 'none'");
		assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=\"");
		// no proxy is named: a client claiming HTTPS through a forwarded header gets no
		// HSTS
		HttpResponse<String> forged = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
				.header("X-Forwarded-Proto", "https")
				.header("X-Forwarded-For", "198.51.100.7")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(forged.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void theDemoLotsScanPageListsItsReportWithAVerifiedDownloadableDocument() throws Exception {
		HttpResponse<String> page = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/01/06901234567892/10/LJ2026A"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		JsonNode report = JSON.readTree(page.body()).get("reports").get(0);
		// a demo tin's code is issued and activated: genuine, with its journey
		String serial = this.jdbc.queryForObject(
				"SELECT serial FROM issued_code WHERE gtin = '06901234567892' ORDER BY seq LIMIT 1", String.class);
		JsonNode tin = JSON.readTree(
				this.http
					.send(HttpRequest
						.newBuilder(URI
							.create("http://localhost:" + this.port + "/01/06901234567892/10/LJ2026A/21/" + serial))
						.header("Accept", "application/json")
						.build(), HttpResponse.BodyHandlers.ofString())
					.body());
		assertThat(tin.get("verdict").asString()).startsWith("GENUINE");
		assertThat(tin.get("journey")).extracting(s -> s.get("step").asString()).contains("commissioning", "shipping");
		// the cold-chain leg: the truck's readings within the tea's 0-5 °C, no excursion
		assertThat(tin.get("journey")).anySatisfy(step -> {
			assertThat(step.get("step").asString()).isEqualTo("shipping");
			assertThat(step.get("minTemperature").asDouble()).isEqualTo(2.8);
			assertThat(step.get("maxTemperature").asDouble()).isEqualTo(4.6);
			assertThat(step.get("outsideStorage").asBoolean()).isFalse();
		});
		assertThat(tin.get("coldChain")).isEmpty();
		// the second lot was logged at 14.2 °C: its lot page says so
		JsonNode warm = JSON.readTree(this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/01/06901234567892/10/LJ2026B"))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(warm.get("coldChain")).singleElement().satisfies(x -> {
			assertThat(x.get("reading").asString()).isEqualTo("14.2 °C");
			assertThat(x.get("range").asString()).isEqualTo("0–5 °C");
			assertThat(x.get("localDate").asString()).isEqualTo("2026-04-22");
			assertThat(x.get("place").asString()).isEqualTo("GLN 6901234000030");
		});
		// the lab's report shows on the day the lab issued it, among the steps in date
		// order (not when it was
		// uploaded, which for the demo is today)
		JsonNode labStep = null;
		for (JsonNode step : tin.get("journey")) {
			if ("Demo Inspection Lab".equals(step.path("reporter").asString(""))) {
				labStep = step;
			}
		}
		assertThat(labStep).isNotNull();
		assertThat(labStep.get("localTime").asString()).isEqualTo(report.get("issued").asString());
		List<String> days = new java.util.ArrayList<>();
		tin.get("journey").forEach(s -> days.add(s.get("localTime").asString().substring(0, 10)));
		assertThat(days).isSorted();
		assertThat(report.get("documentCheck").asString()).isEqualTo("VERIFIED");
		HttpResponse<byte[]> document = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + report.get("documentUrl").asString()))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(document.statusCode()).isEqualTo(200);
		assertThat(document.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(document.headers().firstValue("X-Document-Hash")).hasValue(report.get("documentHash").asString());
		String hex = java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(document.body()));
		assertThat(report.get("documentHash").asString()).contains(hex);
	}

	@Test
	void theDemoBrandRecallsTheHoneyLotAndItsScanPageSaysSoAtOnce() throws Exception {
		String lotPage = "http://localhost:" + this.port + "/01/06901234567908/10/HN2026-07";
		HttpRequest scan = HttpRequest.newBuilder(URI.create(lotPage)).header("Accept", "application/json").build();
		assertThat(JSON.readTree(this.http.send(scan, HttpResponse.BodyHandlers.ofString()).body())
			.get("verdict")
			.asString()).isEqualTo("GENUINE");
		HttpResponse<String> issued = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/recalls"))
			.header("Authorization", "Bearer " + DEMO_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"gtin":"06901234567908","lots":["HN2026-07"],"recallClass":"III","reasonCode":"LABELLING_ERROR",
					 "reason":"Harvest date misprinted","consumerInstructions":{"en":"Safe to eat; the label is wrong.",
					 "zh-CN":"可以食用，标签有误。"},"partnerInstructions":{"en":"Relabel.","zh-CN":"重新贴标。"}}
					"""))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		JsonNode page = JSON.readTree(this.http.send(scan, HttpResponse.BodyHandlers.ofString()).body());
		assertThat(page.get("verdict").asString()).isEqualTo("RECALLED");
		assertThat(page.get("recall").get("instructions").asString()).isEqualTo("Safe to eat; the label is wrong.");
	}

	private JsonNode get(String path, int expected) throws Exception {
		HttpResponse<String> response = send(path, DEMO_KEY);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> send(String path, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
