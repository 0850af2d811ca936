package com.veritrace.recall;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.support.HttpApi;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recall progress and alerts in the embedded default (H2 file database, in-process
 * everything) over real HTTP: a regulator recalls the demo tea lot, whose three tins the
 * demo carrier last reported at the shop; a warehouse's shipment of their case after the
 * recall raises an alert. The same SQL runs here as on MariaDB.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.demo.api-key=" + RecallEmbeddedTests.DEMO_KEY,
				"veritrace.bootstrap.admin-key=" + RecallEmbeddedTests.ADMIN_KEY })
class RecallEmbeddedTests {

	static final String DEMO_KEY = "recall-demo-key-0123456789abcdef";

	static final String ADMIN_KEY = "recall-admin-key-0123456789abcdef";

	static final String GTIN = "06901234567892";

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("veritrace-recall");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void aRegulatorsRecallOfTheDemoLotIsFollowedToTheShopAndAShipmentAfterItIsAlerted() throws Exception {
		String regulator = key(organisation("Market regulator", "REGULATOR"), "read", "recalls:write");
		long warehouseId = organisation("Late warehouse", "WAREHOUSE");
		String warehouse = key(warehouseId, "read", "events:write");
		call("POST", "/api/v1/grants", DEMO_KEY,
				"{\"granteeOrganisationId\":" + warehouseId + ",\"right\":\"EVENTS\",\"gtin\":\"" + GTIN + "\"}", 201);
		String recall = call("POST", "/api/v1/recalls", regulator, """
				{"gtin":"%s","lots":["LJ2026A"],"recallClass":"II","reasonCode":"QUALITY_DEFECT","reason":"Mould",
				 "consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold all stock.","zh-CN":"封存全部库存。"}}
				""".formatted(GTIN), 201).get("id").asString();
		JsonNode progress = awaitProgress(regulator, recall,
				p -> "READY".equals(p.get("build").get("state").asString()));
		assertThat(progress.get("items").asLong()).isEqualTo(3);
		assertThat(progress.get("cases").asLong()).isEqualTo(1);
		// the carrier's arrival at the shop is the tins' last event
		assertThat(progress.get("holders").get(0).get("items").asLong()).isEqualTo(3);
		assertThat(progress.get("holders").get(0).get("organisationName").asString())
			.isEqualTo("Demo Express Logistics");

		String document = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\",\"eventTime\":\"" + Instant.now()
				+ "\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":[\"https://id.gs1.org/00/069012340000000016\"],"
				+ "\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}]}}";
		String job = call("POST", "/api/v1/epcis/capture", warehouse, document, 202).get("captureId").asString();
		JsonNode done = awaitJob(warehouse, job);
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCESS");
		assertThat(done.get("recalled").get(0).get("kind").asString()).isEqualTo("AFTER_RECALL");
		progress = awaitProgress(regulator, recall, p -> p.get("pendingUpdates").asLong() == 0
				&& p.get("holders").get(0).get("organisationId").asLong() == warehouseId);
		assertThat(progress.get("alerts").asLong()).isEqualTo(1);
		JsonNode alerts = call("GET", "/api/v1/recalls/" + recall + "/alerts", regulator, null, 200);
		assertThat(alerts.get("items").get(0).get("what").asString())
			.contains("SSCC 069012340000000016 (3 affected items)");
	}

	long organisation(String name, String kind) throws Exception {
		return call("POST", "/api/v1/organisations", ADMIN_KEY, "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}",
				201)
			.get("id")
			.asLong();
	}

	String key(long organisationId, String... scopes) throws Exception {
		return call("POST", "/api/v1/organisations/" + organisationId + "/api-keys", ADMIN_KEY,
				"{\"name\":\"test\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}", 201)
			.get("key")
			.asString();
	}

	JsonNode awaitProgress(String key, String recall, Predicate<JsonNode> until) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			JsonNode progress = call("GET", "/api/v1/recalls/" + recall + "/progress", key, null, 200);
			if (until.test(progress)) {
				return progress;
			}
			assertThat(System.nanoTime()).as("progress never got there: " + progress).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	JsonNode awaitJob(String key, String id) throws Exception {
		return new HttpApi(this.port).awaitJob(key, id);
	}

	JsonNode call(String method, String path, String key, String body, int expected) throws Exception {
		return new HttpApi(this.port).call(method, path, key, body, expected);
	}

}
