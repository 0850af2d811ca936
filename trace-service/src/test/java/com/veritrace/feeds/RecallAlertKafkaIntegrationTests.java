package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.ingest.connect.PartnerTopics;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.recall.RecallAlertRaised;
import com.veritrace.recall.RecallAlertsHeard;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A recall alert through the Kafka transport: the application's own consumers read a
 * carrier's WMS outbound record from the real broker on loopback, after the brand
 * recalled the lot; the event is stored, the alert row written and
 * {@link RecallAlertRaised} published with it, as with the REST capture.
 */
@MariaDbIntegrationTest
@Import(RecallAlertsHeard.class)
class RecallAlertKafkaIntegrationTests {

	static final String PREFIX = "itrecall" + Long.toHexString(System.nanoTime());

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		LocalKafka.consumeWithPrefix(registry, PREFIX);
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
	RecallAlertsHeard.Heard heard;

	KafkaProducer<String, byte[]> producer;

	@BeforeEach
	void producer() {
		this.producer = LocalKafka.producer();
	}

	@AfterEach
	void close() {
		this.producer.close();
	}

	@Test
	void aCarriersShipmentOfARecalledItemOverKafkaRaisesAnAlert() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "grants:manage",
				"recalls:write");
		Tenant carrier = api.tenant(ApiClient.unique("Carrier"), "LOGISTICS", "events:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Soy milk\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"SM-7\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "SM-7", 3,
				3);
		api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + carrier.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + gtin + "\"}", 201);
		String recall = api.call(post("/api/v1/recalls"), brand.key(), """
				{"gtin":"%s","lots":["SM-7"],"recallClass":"II","reasonCode":"QUALITY_DEFECT","reason":"Sour",
				 "consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold all stock.","zh-CN":"封存全部库存。"}}
				""".formatted(gtin), 201).get("id").asString();
		int heardBefore = this.heard.raised().size();

		String topic = new PartnerTopics(PREFIX).topic(carrier.id(), IngestStream.WMS_OUTBOUND);
		LocalKafka.createTopics(1, topic);
		byte[] record = ("""
				{"recordId": "WMS-R1", "shippedAt": "%s", "warehouseGln": "6901234000016",
				 "dock": "D3", "orderNumber": "SO-90001", "shipTo": "6901234000023",
				 "items": [{"gtin": "%s", "serial": "%s"}], "lots": [{"gtin": "%s", "lot": "SM-7", "quantity": 12}]}
				""").formatted(Instant.now(), gtin, serials.get(1), gtin).getBytes(StandardCharsets.UTF_8);
		LocalKafka.send(this.producer, topic, gtin + "/" + serials.get(1), record);

		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		List<Map<String, Object>> alerts;
		do {
			assertThat(System.nanoTime()).as("no alert from the Kafka record").isLessThan(deadline);
			Thread.sleep(200);
			alerts = this.jdbc.queryForList("SELECT * FROM recall_alert WHERE recall_id = ?", recall);
		}
		while (alerts.isEmpty());
		assertThat(alerts).hasSize(1);
		assertThat(alerts.get(0).get("reporter_id")).isEqualTo(carrier.id());
		assertThat(alerts.get(0).get("what").toString()).contains("items " + serials.get(1)).contains("lots SM-7");
		assertThat(alerts.get(0).get("biz_step")).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		// the event itself is stored as the carrier's
		assertThat(this.jdbc.queryForObject("SELECT reporter_id FROM trace_event WHERE id = ?", Long.class,
				alerts.get(0).get("event_row_id")))
			.isEqualTo(carrier.id());
		long alertId = ((Number) alerts.get(0).get("id")).longValue();
		while (this.heard.raised().size() == heardBefore) {
			assertThat(System.nanoTime()).as("RecallAlertRaised not heard").isLessThan(deadline);
			Thread.sleep(50);
		}
		assertThat(this.heard.raised()).contains(new RecallAlertRaised(alertId, recall));
	}

}
