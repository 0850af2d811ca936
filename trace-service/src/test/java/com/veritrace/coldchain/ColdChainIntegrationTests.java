package com.veritrace.coldchain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.codes.Sscc;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Cold-chain excursions from captured EPCIS 2.0 documents on MariaDB: GS1's own sensor
 * example (test resource
 * {@code samples/epcis-gs1/WithSensorData/SensorDataExample5.jsonld}, its EPCs replaced
 * by this test's items) recorded, alerted once per lot and day, and shown on the scan
 * page (JSON and HTML, en and zh-CN); cases and lots marked through containment and
 * quantity lists; the products API's storage condition.
 */
@MariaDbIntegrationTest
class ColdChainIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The place of GS1's example (urn:epc:id:sgln:4012345.00005.0) as a GLN. */
	private static final String EXAMPLE_GLN = "GLN 4012345000054";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	ColdChainStats stats;

	ApiClient api;

	Tenant brand;

	String gtin;

	List<String> lotA;

	List<String> lotB;

	@BeforeEach
	void vaccineWithLots() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Cold brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write");
		this.gtin = ApiClient.randomGtin();
		JsonNode created = this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin
						+ "\",\"name\":\"Flu vaccine, 10 doses\",\"storageMinCelsius\":2,\"storageMaxCelsius\":8}",
				201);
		assertThat(created.get("storageMinCelsius").asDouble()).isEqualTo(2.0);
		assertThat(created.get("storageMaxCelsius").asDouble()).isEqualTo(8.0);
		for (String lot : new String[] { "VA-1", "VA-2" }) {
			this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"" + lot + "\"}", 201);
		}
		this.lotA = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "VA-1", 4,
				4);
		this.lotB = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "VA-2", 2,
				2);
	}

	@Test
	void gs1SensorExampleOutsideTheRangeIsRecordedAlertedOnceAndShownOnTheScanPage() throws Exception {
		// the page is cached before the excursion: it must not be served stale after it
		JsonNode before = scan("VA-1", this.lotA.get(0), "en");
		assertThat(before.get("coldChain")).isEmpty();

		stored(example5(List.of(item(this.lotA.get(0)), item(this.lotA.get(1))), null));

		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT lot_number, reason, reading_c, range_min_c, range_max_c, reading_ms, place, device_id, "
						+ "item_count, brand_id FROM cold_chain_excursion WHERE gtin = ?",
				this.gtin);
		assertThat(rows).singleElement().satisfies(row -> {
			assertThat(row).containsEntry("lot_number", "VA-1")
				.containsEntry("reason", "RANGE")
				.containsEntry("reading_c", 26.5)
				.containsEntry("range_min_c", 2.0)
				.containsEntry("range_max_c", 8.0)
				.containsEntry("place", "https://id.gs1.org/414/4012345000054")
				.containsEntry("device_id", "urn:epc:id:giai:4000001.111")
				.containsEntry("item_count", 2)
				.containsEntry("brand_id", this.brand.id());
			// the report's own time (14:55+01:00), not the event's
			assertThat(((Number) row.get("reading_ms")).longValue())
				.isEqualTo(Instant.parse("2019-04-02T13:55:00Z").toEpochMilli());
		});
		assertThat(
				this.jdbc.queryForList(
						"SELECT m.serial FROM cold_chain_mark m JOIN cold_chain_excursion x "
								+ "ON x.id = m.excursion_id WHERE x.gtin = ? ORDER BY m.serial",
						String.class, this.gtin))
			.containsExactlyInAnyOrder(this.lotA.get(0), this.lotA.get(1));

		List<Map<String, Object>> alerts = alerts();
		assertThat(alerts).singleElement().satisfies(alert -> {
			assertThat(alert).containsEntry("subject", "lot:" + this.gtin + "/VA-1")
				.containsEntry("group_label", this.gtin + " lot VA-1")
				.containsEntry("occurrences", 1)
				.containsEntry("severity", "WARNING");
			JsonNode evidence = JSON.readTree((String) alert.get("evidence"));
			assertThat(evidence.get("readingCelsius").asDouble()).isEqualTo(26.5);
			assertThat(evidence.get("rangeMinCelsius").asDouble()).isEqualTo(2.0);
			assertThat(evidence.get("rangeMaxCelsius").asDouble()).isEqualTo(8.0);
			assertThat(evidence.get("time").asString()).isEqualTo("2019-04-02T13:55:00Z");
			assertThat(evidence.get("place").asString()).isEqualTo("https://id.gs1.org/414/4012345000054");
			assertThat(evidence.get("eventHash").asString()).startsWith("ni:///sha-256;");
			assertThat((String) alert.get("title_en")).contains("Stored outside 2–8 °C").contains("VA-1");
			assertThat((String) alert.get("title_zh")).contains("储存温度超出 2–8 °C");
		});

		// another excursion of the same lot the same day: recorded, and an occurrence of
		// the one alert
		stored(example5(List.of(item(this.lotA.get(2))), "2019-04-03T10:00:00.000+01:00"));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cold_chain_excursion WHERE gtin = ?", Integer.class,
				this.gtin))
			.isEqualTo(2);
		assertThat(alerts()).singleElement().satisfies(a -> assertThat(a).containsEntry("occurrences", 2));

		// the cached page is built again at once
		JsonNode after = scan("VA-1", this.lotA.get(0), "en");
		assertThat(after.get("coldChain")).singleElement().satisfies(x -> {
			assertThat(x.get("reason").asString()).isEqualTo("RANGE");
			assertThat(x.get("reading").asString()).isEqualTo("26.5 °C");
			assertThat(x.get("range").asString()).isEqualTo("2–8 °C");
			assertThat(x.get("localDate").asString()).isEqualTo("2019-04-02");
			assertThat(x.get("place").asString()).isEqualTo(EXAMPLE_GLN);
			assertThat(x.get("lotNumber").asString()).isEqualTo("VA-1");
		});
		String hash = after.get("coldChain").get(0).get("eventHash").asString();
		assertThat(after.get("journey")).anySatisfy(step -> {
			assertThat(step.get("eventHash").asString()).isEqualTo(hash);
			assertThat(step.get("outsideStorage").asBoolean()).isTrue();
			assertThat(step.get("maxTemperature").asDouble()).isEqualTo(26.5);
		});
		assertThat(html("VA-1", this.lotA.get(0), "en"))
			.contains("Stored outside 2–8 °C on 2019-04-02 at " + EXAMPLE_GLN + ": 26.5 °C")
			.contains("outside the storage range");
		assertThat(html("VA-1", this.lotA.get(0), "zh-CN"))
			.contains("2019-04-02 在 " + EXAMPLE_GLN + " 储存温度超出 2–8 °C：26.5 °C")
			.contains("超出储存温度范围");
		// an item the events did not name, and another lot, have none
		assertThat(scan("VA-1", this.lotA.get(3), "en").get("coldChain")).isEmpty();
		assertThat(scan("VA-2", this.lotB.get(0), "en").get("coldChain")).isEmpty();
		// the lot's page shows the lot's excursions
		assertThat(scanLot("VA-1").get("coldChain")).hasSize(2);

		// both read on 2019-04-02 (the reports' own times; the second event only moved
		// its event time)
		assertThat(this.stats.perDay(this.brand.id(), Instant.parse("2019-04-01T00:00:00Z"),
				Instant.parse("2019-04-05T00:00:00Z")))
			.containsExactly(new ColdChainStats.Day(java.time.LocalDate.of(2019, 4, 2), 2));
		List<Excursion> latest = this.stats.latest(this.brand.id(), 10);
		assertThat(latest).hasSize(2).allSatisfy(x -> assertThat(x.reading()).isEqualTo("26.5 °C"));
		assertThat(latest.get(0).id()).isGreaterThan(latest.get(1).id());
		assertThat(latest.get(1).itemCount()).isEqualTo(2);
	}

	@Test
	void casesAreFollowedToTheirItemsAndQuantityListsMarkTheWholeLot() throws Exception {
		String sscc = Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
		String caseLink = "https://id.gs1.org/00/" + sscc;
		stored("{\"type\":\"AggregationEvent\",\"eventTime\":\"2026-12-01T08:00:00Z\",\"eventTimeZoneOffset\":\"+08:00\","
				+ "\"parentID\":\"" + caseLink + "\",\"childEPCs\":[\"" + item(this.lotB.get(0)) + "\",\""
				+ item(this.lotB.get(1)) + "\"],\"action\":\"ADD\",\"bizStep\":\"packing\"}");
		// 50 °F is 10 °C, on a truck reading the case; 46.4 °F (8 °C) is within
		stored("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-12-02T09:00:00Z\",\"eventTimeZoneOffset\":\"+08:00\","
				+ "\"epcList\":[\"" + caseLink + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\","
				+ "\"readPoint\":{\"id\":\"https://id.gs1.org/414/6901234000030\"},"
				+ "\"sensorElementList\":[{\"sensorMetadata\":{\"time\":\"2026-12-02T08:30:00Z\"},"
				+ "\"sensorReport\":[{\"type\":\"gs1:Temperature\",\"value\":46.4,\"uom\":\"FAH\"},"
				+ "{\"type\":\"gs1:Temperature\",\"value\":50,\"uom\":\"FAH\"}]}]}");
		Map<String, Object> viaCase = this.jdbc.queryForMap(
				"SELECT lot_number, reading_c, item_count, ssccs, reading_ms FROM cold_chain_excursion WHERE gtin = ?",
				this.gtin);
		assertThat(viaCase).containsEntry("lot_number", "VA-2")
			.containsEntry("reading_c", 10.0)
			.containsEntry("item_count", 2)
			.containsEntry("ssccs", sscc);
		JsonNode page = scan("VA-2", this.lotB.get(1), "zh-CN");
		assertThat(page.get("coldChain")).singleElement().satisfies(x -> {
			assertThat(x.get("reading").asString()).isEqualTo("10 °C");
			assertThat(x.get("place").asString()).isEqualTo("GLN 6901234000030");
			// the local date at the event's offset (+08:00)
			assertThat(x.get("localDate").asString()).isEqualTo("2026-12-02");
		});

		// a whole lot (class-level EPC in a quantity list) with a sensor alarm: every
		// item
		// of the lot is marked
		stored("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-12-03T09:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[],\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/" + this.gtin
				+ "/10/VA-1\",\"quantity\":400}],\"action\":\"OBSERVE\",\"bizStep\":\"storing\","
				+ "\"sensorElementList\":[{\"sensorReport\":[{\"type\":\"Temperature\","
				+ "\"exception\":\"ALARM_CONDITION\",\"booleanValue\":true}]}]}");
		assertThat(this.jdbc
			.queryForList("SELECT m.lot_number, m.serial FROM cold_chain_mark m JOIN cold_chain_excursion x ON x.id = "
					+ "m.excursion_id WHERE x.gtin = ? AND x.reason = 'ALARM'", this.gtin))
			.singleElement()
			.satisfies(mark -> assertThat(mark).containsEntry("lot_number", "VA-1").containsEntry("serial", null));
		JsonNode item = scan("VA-1", this.lotA.get(3), "en");
		assertThat(item.get("coldChain")).singleElement()
			.satisfies(x -> assertThat(x.get("reason").asString()).isEqualTo("ALARM"));
		assertThat(html("VA-1", this.lotA.get(3), "en")).contains("A temperature sensor raised an alarm on 2026-12-03");
		// two lots, two alerts
		assertThat(alerts()).extracting(a -> a.get("subject"))
			.containsExactlyInAnyOrder("lot:" + this.gtin + "/VA-1", "lot:" + this.gtin + "/VA-2");
	}

	@Test
	void readingsWithinTheRangeOrOfProductsWithoutConditionAreNoExcursion() throws Exception {
		stored("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-12-02T09:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[\"" + item(this.lotA.get(0)) + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"storing\","
				+ "\"sensorElementList\":[{\"sensorReport\":[{\"type\":\"Temperature\",\"minValue\":2.0,"
				+ "\"maxValue\":8.0,\"uom\":\"CEL\"},{\"type\":\"Temperature\",\"value\":281.15,\"uom\":\"KEL\"},"
				+ "{\"type\":\"Temperature\",\"exception\":\"ERROR_CONDITION\",\"value\":99,\"uom\":\"CEL\"},"
				+ "{\"type\":\"RelativeHumidity\",\"exception\":\"ALARM_CONDITION\",\"value\":99,\"uom\":\"P1\"}]}]}");
		// the condition removed: the same warm reading is no excursion
		this.api.call(put("/api/v1/products/" + this.gtin), this.brand.key(), "{\"name\":\"Flu vaccine, 10 doses\"}",
				200);
		stored(example5(List.of(item(this.lotA.get(1))), null));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM cold_chain_excursion WHERE gtin = ?", Integer.class,
				this.gtin))
			.isZero();
		assertThat(alerts()).isEmpty();
		assertThat(scan("VA-1", this.lotA.get(0), "en").get("journey")).anySatisfy(step -> {
			assertThat(step.get("minTemperature").asDouble()).isEqualTo(2.0);
			assertThat(step.get("maxTemperature").asDouble()).isEqualTo(8.0);
			assertThat(step.get("outsideStorage").asBoolean()).isFalse();
		});
	}

	@Test
	void theProductsApiChecksTheStorageCondition() throws Exception {
		JsonNode problem = this.api.call(put("/api/v1/products/" + this.gtin), this.brand.key(),
				"{\"name\":\"Flu vaccine\",\"storageMinCelsius\":8,\"storageMaxCelsius\":2}", 400);
		assertThat(problem.get("errors")).singleElement()
			.satisfies(e -> assertThat(e.get("field").asString()).isEqualTo("storageMaxCelsius"));
		problem = this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + ApiClient.randomGtin()
				+ "\",\"name\":\"Ice\",\"storageMinCelsius\":-300,\"storageMaxCelsius\":1000}", 400);
		assertThat(problem.get("errors")).extracting(e -> e.get("field").asString())
			.containsExactly("storageMinCelsius", "storageMaxCelsius");
		this.api.call(put("/api/v1/products/" + this.gtin), this.brand.key(),
				"{\"name\":\"Frozen vaccine\",\"storageMaxCelsius\":-18}", 200);
		JsonNode read = this.api.call(get("/api/v1/products/" + this.gtin), this.brand.key(), "", 200);
		assertThat(read.has("storageMinCelsius")).isFalse();
		assertThat(read.get("storageMaxCelsius").asDouble()).isEqualTo(-18.0);
	}

	/**
	 * GS1's SensorDataExample5 with these EPCs instead of its own (and, when given,
	 * another event time, which makes it another event).
	 */
	static String example5(List<String> epcs, String eventTime) throws IOException {
		try (InputStream in = ColdChainIntegrationTests.class
			.getResourceAsStream("/samples/epcis-gs1/WithSensorData/SensorDataExample5.jsonld")) {
			ObjectNode document = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			ObjectNode event = (ObjectNode) document.path("epcisBody").path("eventList").get(0);
			event.remove("eventID");
			var list = event.putArray("epcList");
			epcs.forEach(list::add);
			if (eventTime != null) {
				event.put("eventTime", eventTime);
			}
			return JSON.writeValueAsString(document);
		}
	}

	String item(String serial) {
		return "https://id.gs1.org/01/" + this.gtin + "/21/" + serial;
	}

	void stored(String eventOrDocument) throws Exception {
		String document = eventOrDocument.contains("\"epcisBody\"") ? eventOrDocument
				: EpcisCapture.document(List.of(eventOrDocument));
		JsonNode job = new EpcisCapture(this.mvc).captureAndWait(this.brand, document);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCESS");
	}

	List<Map<String, Object>> alerts() {
		return this.jdbc
			.queryForList(
					"SELECT subject, group_label, occurrences, severity, evidence, title_en, title_zh "
							+ "FROM alert WHERE organisation_id = ? AND kind = 'COLD_CHAIN' ORDER BY id",
					this.brand.id());
	}

	JsonNode scan(String lot, String serial, String lang) throws Exception {
		String body = this.mvc
			.perform(get("/01/" + this.gtin + "/10/" + lot + "/21/" + serial).param("lang", lang)
				.header("Accept", "application/json"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		return JSON.readTree(body);
	}

	JsonNode scanLot(String lot) throws Exception {
		return JSON
			.readTree(this.mvc.perform(get("/01/" + this.gtin + "/10/" + lot).header("Accept", "application/json"))
				.andReturn()
				.getResponse()
				.getContentAsString(StandardCharsets.UTF_8));
	}

	String html(String lot, String serial, String lang) throws Exception {
		return this.mvc
			.perform(get("/01/" + this.gtin + "/10/" + lot + "/21/" + serial).param("lang", lang)
				.header("Accept", "text/html"))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

}
