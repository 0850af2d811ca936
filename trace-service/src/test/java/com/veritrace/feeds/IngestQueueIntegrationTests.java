package com.veritrace.feeds;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The embedded default's transport on MariaDB: partner records posted to
 * {@code /api/v1/ingest/{stream}} run through the in-process queue and the same pipeline
 * as Kafka; the reporter is the API key's organisation.
 */
@MariaDbIntegrationTest
class IngestQueueIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Tenant brand;

	Tenant warehouse;

	String gtin;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Brand"), "BRAND", "products:write", "grants:manage",
				"events:write", "read");
		this.warehouse = this.api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
	}

	long rows(long reporter) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event WHERE reporter_id = ?", Long.class, reporter);
	}

	static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@Test
	void partnerRecordsPostedOverRestAreStoredThroughTheQueue() throws Exception {
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.warehouse.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		JsonNode queued = this.api.call(post("/api/v1/ingest/wms-outbound"), this.warehouse.key(),
				text(KafkaIngestIntegrationTests.wms(this.gtin, "Q1", "LQ")), 202);
		assertThat(queued.get("stream").asString()).isEqualTo("wms-outbound");
		assertThat(queued.get("sequence").asLong()).isPositive();
		this.api.call(post("/api/v1/ingest/carrier-delivery"), this.warehouse.key(),
				text(KafkaIngestIntegrationTests.carrierDelivery(this.gtin, "Q1")), 202);
		this.api.call(post("/api/v1/ingest/epcis"), this.warehouse.key(),
				text(KafkaIngestIntegrationTests.epcis(this.gtin, "Q1", "receiving")), 202);
		// the same record again: acknowledged as a duplicate, not stored twice
		this.api.call(post("/api/v1/ingest/epcis"), this.warehouse.key(),
				text(KafkaIngestIntegrationTests.epcis(this.gtin, "Q1", "receiving")), 202);
		// its XML twin: the same event, so a duplicate too
		this.mvc
			.perform(post("/api/v1/ingest/epcis").header("Authorization", this.warehouse.bearer())
				.contentType("application/xml")
				.content(KafkaIngestIntegrationTests.epcisXml(this.gtin, "Q1")))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isAccepted());
		KafkaIngestIntegrationTests.await("3 events", () -> rows(this.warehouse.id()) == 3);
		Thread.sleep(500);
		assertThat(rows(this.warehouse.id())).isEqualTo(3);
		assertThat(this.api.call(get("/api/v1/ingest/dead-letters"), this.warehouse.key(), "", 200)).isEmpty();
	}

	@Test
	void refusedRecordsAreListedAsDeadLettersOfTheirReporterOnly() throws Exception {
		// no grant: the warehouse may not report on the brand's GTIN
		this.api.call(post("/api/v1/ingest/wms-outbound"), this.warehouse.key(),
				text(KafkaIngestIntegrationTests.wms(this.gtin, "N1", "LN")), 202);
		this.api.call(post("/api/v1/ingest/carrier-delivery"), this.warehouse.key(), "{\"waybill\": 7}", 202);
		KafkaIngestIntegrationTests.await("2 dead letters", () -> {
			try {
				return this.api.call(get("/api/v1/ingest/dead-letters"), this.warehouse.key(), "", 200).size() == 2;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		JsonNode dead = this.api.call(get("/api/v1/ingest/dead-letters"), this.warehouse.key(), "", 200);
		// newest first
		assertThat(dead.get(1).get("reason").asString()).isEqualTo("not-granted");
		assertThat(dead.get(1).get("stream").asString()).isEqualTo("wms-outbound");
		assertThat(dead.get(1).get("detail").asString()).contains(this.gtin);
		assertThat(dead.get(1).get("original").asString()).contains("\"recordId\": \"WMS-N1\"");
		assertThat(dead.get(0).get("reason").asString()).isEqualTo("invalid");
		assertThat(dead.get(0).get("detail").asString()).contains("/waybill").contains("/carrierGln");
		// pages: one at a time, the second page after the first one's id
		JsonNode first = this.api.call(get("/api/v1/ingest/dead-letters?limit=1"), this.warehouse.key(), "", 200);
		assertThat(first).hasSize(1);
		assertThat(this.api
			.call(get("/api/v1/ingest/dead-letters?limit=1&before=" + first.get(0).get("id").asLong()),
					this.warehouse.key(), "", 200)
			.get(0)
			.get("reason")
			.asString()).isEqualTo("not-granted");
		assertThat(rows(this.warehouse.id())).isZero();
		// another organisation sees none of them
		assertThat(this.api.call(get("/api/v1/ingest/dead-letters"), this.brand.key(), "", 200)).isEmpty();
	}

	@Test
	void theEndpointNeedsEventsWriteAndAKnownStream() throws Exception {
		Tenant reader = this.api.tenant(ApiClient.unique("Reader"), "WAREHOUSE", "read");
		JsonNode missingScope = this.api.call(post("/api/v1/ingest/epcis"), reader.key(), "{}", 403);
		assertThat(missingScope.get("type").asString()).endsWith("/missing-scope");
		JsonNode unknown = this.api.call(post("/api/v1/ingest/erp-dump"), this.warehouse.key(), "{}", 404);
		assertThat(unknown.get("detail").asString()).contains("wms-outbound");
		this.mvc.perform(post("/api/v1/ingest/epcis").contentType("application/json").content("{}"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isUnauthorized());
	}

}
