package com.veritrace.recall;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.ingest.ParserLimits;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The records read their sources in keyset pages of 500 index rows and load events 200 at
 * a time: over many pages, with many events sharing one event time, every event of the
 * recalled lot is listed once, in order, and none of the lot beside it.
 */
@MariaDbIntegrationTest
class RecallRecordsPagingIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	EventRecorder recorder;

	@Test
	void everyEventOfTheLotOnceAndInOrderAcrossPages() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Paging brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write", "recalls:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Tea\"}", 201);
		for (String lot : List.of("LV-1", "LV-2")) {
			api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"" + lot + "\"}", 201);
		}
		List<String> recalled = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "LV-1",
				300, 0);
		List<String> beside = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "LV-2", 100,
				0);
		// 1,500 events on items of the recalled lot, 600 on the lot by quantity, 400 on
		// the other lot's items: ten events to each millisecond
		List<String> events = new ArrayList<>();
		int expected = 0;
		for (int i = 0; i < 2_500; i++) {
			String time = java.time.Instant.parse("2026-01-01T00:00:00Z").plusMillis(i / 10).toString();
			String what;
			if (i % 25 < 15) {
				what = "\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/" + recalled.get(i % 300) + "\"]";
				expected++;
			}
			else if (i % 25 < 21) {
				what = "\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/" + gtin + "/10/LV-1\",\"quantity\":"
						+ (i + 1) + ",\"uom\":\"KGM\"}]";
				expected++;
			}
			else {
				what = "\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/" + beside.get(i % 100) + "\"]";
			}
			events.add("{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
					+ what + ",\"action\":\"OBSERVE\",\"bizStep\":\"storing\",\"readPoint\":{\"id\":\"urn:x:rp:" + i
					+ "\"}}");
		}
		EpcisDocumentParser parser = new EpcisDocumentParser(
				new ParserLimits(64L * 1024 * 1024, 64, 10_000, 1024 * 1024, 100));
		List<EpcisEvent> parsed = parser.parse(EpcisCapture.document(events)).events();
		EventHasher hasher = new EventHasher();
		for (int i = 0; i < parsed.size(); i += 500) {
			this.recorder.record(brand.id(),
					parsed.subList(i, Math.min(parsed.size(), i + 500))
						.stream()
						.map(e -> new EventSink.HashedEvent(e, hasher.hash(e)))
						.toList());
		}
		String id = api.call(post("/api/v1/recalls"), brand.key(), """
				{"gtin":"%s","lots":["LV-1"],"recallClass":"III","reasonCode":"OTHER","reason":"Label",
				 "consumerInstructions":{"en":"Check the label.","zh-CN":"请检查标签。"},
				 "partnerInstructions":{"en":"Relabel.","zh-CN":"重新贴标。"}}
				""".formatted(gtin), 201).get("id").asString();

		long started = System.nanoTime();
		byte[] body = this.mvc
			.perform(get("/api/v1/recalls/" + id + "/records").header("Authorization", brand.bearer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		long millis = (System.nanoTime() - started) / 1_000_000;
		List<List<String>> table = RecallRecordsFormatTests
			.parse(new String(body, StandardCharsets.UTF_8).substring(1));
		List<List<String>> lines = table.subList(1, table.size());
		// and the recall's own event
		assertThat(lines).as("read in %d ms", millis).hasSize(expected + 1);
		int hash = RecallRecordsRow.HEADER.indexOf("Event hash ID");
		int utc = RecallRecordsRow.HEADER.indexOf("Event time (UTC)");
		Set<String> seen = new HashSet<>();
		for (List<String> line : lines) {
			assertThat(seen.add(line.get(hash))).as("listed twice: " + line.get(hash)).isTrue();
			assertThat(line.get(RecallRecordsRow.HEADER.indexOf("Lot"))).isEqualTo("LV-1");
		}
		assertThat(lines).extracting(l -> l.get(utc)).isSorted();
		assertThat(lines.subList(0, expected)).extracting(l -> l.get(RecallRecordsRow.HEADER.indexOf("Location")))
			.extracting(rp -> Integer.parseInt(rp.substring("urn:x:rp:".length())))
			.isSorted();
	}

}
