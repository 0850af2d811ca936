package com.veritrace.recall;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.codes.Sscc;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Recall progress, alerts and partners' responses on MariaDB, through the API: a brand
 * packs ten items of a lot into a case that a warehouse receives, a retailer receives two
 * more, eight stay unseen; the brand recalls the lot. Then: where the items were last
 * seen, an alert (and its publication) when the warehouse ships the case after the recall
 * and a capture answer saying so, acknowledgements and removal confirmations (a repeated
 * one counted once, a non-recipient's 404), a {@code destroying} event counted as
 * removal, consumer scans after the recall, an event no watch saw alerted by the build.
 */
@MariaDbIntegrationTest
@Import(RecallAlertsHeard.class)
class RecallProgressIntegrationTests {

	static final String LOT = "LOT-A";

	static final String WAREHOUSE_GLN = "https://id.gs1.org/414/6901234000016";

	static final String RETAILER_GLN = "https://id.gs1.org/414/6901234000023";

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

	@Autowired
	RecallAlertsHeard.Heard heard;

	ApiClient api;

	Tenant brand;

	Tenant warehouse;

	Tenant retailer;

	Tenant stranger;

	Tenant regulator;

	String gtin;

	List<String> serials;

	String sscc;

	@BeforeEach
	void aLotPartlyAtAWarehouseAndARetailer() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Recalling brand"), "BRAND", "read", "products:write",
				"codes:issue", "events:write", "recalls:write", "grants:manage");
		this.warehouse = this.api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "read", "events:write");
		this.retailer = this.api.tenant(ApiClient.unique("Retailer"), "LOGISTICS", "read", "events:write");
		this.stranger = this.api.tenant(ApiClient.unique("Stranger"), "WAREHOUSE", "read", "events:write");
		this.regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read", "recalls:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Infant formula 800 g\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"" + LOT + "\",\"productionDate\":\"2026-10-01\"}", 201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, LOT, 20,
				20);
		for (Tenant partner : List.of(this.warehouse, this.retailer)) {
			this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + partner.id()
					+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		}
		this.sscc = Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
		Instant base = Instant.now().minus(Duration.ofDays(2));
		List<String> packed = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			packed.add("\"" + item(i) + "\"");
		}
		stored(this.brand,
				"{\"type\":\"AggregationEvent\",\"eventTime\":\"" + base + "\","
						+ "\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"" + caseLink() + "\",\"childEPCs\":["
						+ String.join(",", packed) + "],\"action\":\"ADD\",\"bizStep\":\"packing\"}");
		stored(this.warehouse,
				object(base.plus(Duration.ofHours(1)), "receiving", null, WAREHOUSE_GLN, "\"" + caseLink() + "\""));
		stored(this.retailer, object(base.plus(Duration.ofHours(2)), "receiving", null, RETAILER_GLN,
				"\"" + item(10) + "\",\"" + item(11) + "\""));
	}

	@Test
	void progressSaysWhereEachItemWasLastSeenForThoseWhoRunTheRecall() throws Exception {
		String recall = recall();
		JsonNode progress = awaitProgress(recall, p -> "READY".equals(p.get("build").get("state").asString()));
		assertThat(progress.get("itemCount").asLong()).isEqualTo(20);
		assertThat(progress.get("items").asLong()).isEqualTo(20);
		assertThat(progress.get("itemsInCirculation").asLong()).isEqualTo(20);
		assertThat(progress.get("itemsNotSeen").asLong()).isEqualTo(8);
		assertThat(progress.get("cases").asLong()).isEqualTo(1);
		assertThat(progress.get("alerts").asLong()).isZero();
		assertThat(holder(progress, this.warehouse.id()).get("items").asLong()).isEqualTo(10);
		assertThat(holder(progress, this.warehouse.id()).get("cases").asLong()).isEqualTo(1);
		assertThat(holder(progress, this.warehouse.id()).get("location").asString()).isEqualTo(WAREHOUSE_GLN);
		assertThat(holder(progress, this.retailer.id()).get("items").asLong()).isEqualTo(2);
		// the items of the case were last seen through it
		JsonNode atRetailer = this.api.call(
				get("/api/v1/recalls/" + recall + "/progress/items?holder=" + this.retailer.id()), this.brand.key(), "",
				200);
		assertThat(atRetailer.get("items").findValuesAsString("serial")).containsExactlyInAnyOrder(this.serials.get(10),
				this.serials.get(11));
		JsonNode atWarehouse = this.api.call(
				get("/api/v1/recalls/" + recall + "/progress/items?holder=" + this.warehouse.id() + "&limit=3"),
				this.brand.key(), "", 200);
		assertThat(atWarehouse.get("items")).hasSize(3);
		assertThat(atWarehouse.get("items").get(0).get("caseSscc").asString()).isEqualTo(this.sscc);
		assertThat(atWarehouse.get("next").asString())
			.isEqualTo(atWarehouse.get("items").get(2).get("serial").asString());
		// the recall's own event is neither an alert nor a removal
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_event WHERE recall_id = ?", Integer.class,
				recall))
			.isZero();
		// a regulator runs every recall; partners and other brands do not see its
		// progress
		this.api.call(get("/api/v1/recalls/" + recall + "/progress"), this.regulator.key(), "", 200);
		this.api.call(get("/api/v1/recalls/" + recall + "/progress"), this.warehouse.key(), "", 404);
		this.api.call(get("/api/v1/recalls/" + recall + "/progress/items"), this.stranger.key(), "", 404);
		this.api.call(get("/api/v1/recalls/" + recall + "/alerts"), this.retailer.key(), "", 404);
		this.api.call(get("/api/v1/recalls/no-such-recall/progress"), this.regulator.key(), "", 404);
	}

	@Test
	void aPartnersShipmentAfterTheRecallRaisesAnAlertAndItsCaptureAnswerSaysRecalled() throws Exception {
		String recall = recall();
		awaitProgress(recall, p -> "READY".equals(p.get("build").get("state").asString()));
		int heardBefore = this.heard.raised().size();
		String other = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + other + "\",\"name\":\"Other\"}",
				201);
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.warehouse.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + other + "\"}", 201);
		// one document: an item of another product, then the recalled case, both shipped
		String events = object(Instant.now(), "shipping", "in_transit", WAREHOUSE_GLN,
				"\"https://id.gs1.org/01/" + other + "/21/X1\"") + ","
				+ object(Instant.now(), "shipping", "in_transit", WAREHOUSE_GLN, "\"" + caseLink() + "\"");
		JsonNode job = done(this.warehouse, events);
		// stored all the same; the answer says which event touched recalled items
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCESS");
		assertThat(job.get("stored").asInt()).isEqualTo(2);
		assertThat(job.get("recalled")).hasSize(1);
		assertThat(job.get("recalled").get(0).get("eventIndex").asInt()).isEqualTo(1);
		assertThat(job.get("recalled").get(0).get("recallId").asString()).isEqualTo(recall);
		assertThat(job.get("recalled").get(0).get("kind").asString()).isEqualTo("AFTER_RECALL");
		String hash = job.get("recalled").get(0).get("eventHash").asString();
		this.api.call(
				get("/api/v1/epcis/events/"
						+ hash.substring("ni:///sha-256;".length(), "ni:///sha-256;".length() + 64)),
				this.warehouse.key(), "", 200);
		// the alert row: recall, event, reporter, what and where
		List<java.util.Map<String, Object>> alerts = this.jdbc
			.queryForList("SELECT * FROM recall_alert WHERE recall_id = ?", recall);
		assertThat(alerts).hasSize(1);
		assertThat(alerts.get(0).get("reporter_id")).isEqualTo(this.warehouse.id());
		assertThat(alerts.get(0).get("what").toString()).contains("SSCC " + this.sscc + " (10 affected items)");
		assertThat(alerts.get(0).get("item_count")).isEqualTo(10L);
		assertThat(alerts.get(0).get("biz_location")).isEqualTo(WAREHOUSE_GLN);
		long alertId = ((Number) alerts.get(0).get("id")).longValue();
		// published with it, through the event publication registry, after the commit
		await(() -> this.heard.raised().size() > heardBefore);
		assertThat(this.heard.raised()).contains(new RecallAlertRaised(alertId, recall));
		JsonNode listed = this.api.call(get("/api/v1/recalls/" + recall + "/alerts"), this.regulator.key(), "", 200);
		assertThat(listed.get("items").get(0).get("eventHash").asString()).isEqualTo(hash);
		assertThat(listed.get("items").get(0).get("reporterName").asString()).startsWith("Warehouse");
		assertThat(listed.get("items").get(0).get("location").asString()).isEqualTo(WAREHOUSE_GLN);
		// the same event captured again: a duplicate, still said to be recalled, no
		// second
		// alert
		JsonNode again = done(this.warehouse, events);
		assertThat(again.get("duplicates").asInt()).isEqualTo(2);
		assertThat(again.get("recalled").get(0).get("eventIndex").asInt()).isEqualTo(1);
		assertThat(again.get("recalled").get(0).get("kind").asString()).isEqualTo("AFTER_RECALL");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_alert WHERE recall_id = ?", Integer.class,
				recall))
			.isEqualTo(1);
		JsonNode progress = awaitProgress(recall, p -> p.get("pendingUpdates").asLong() == 0);
		assertThat(progress.get("alerts").asLong()).isEqualTo(1);
	}

	@Test
	void progressCountsChangeAsPartnersAcknowledgeAndConfirmRemoval() throws Exception {
		String recall = recall();
		awaitProgress(recall, p -> "READY".equals(p.get("build").get("state").asString()));
		// the notifications module makes the partners that hold affected items recipients
		// when it tells them; the test makes sure they are, whether or not it ran first
		for (Tenant partner : List.of(this.warehouse, this.retailer)) {
			this.jdbc.update(
					"INSERT INTO recall_recipient (recall_id, organisation_id, notified_ms) SELECT ?, ?, ? "
							+ "FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM recall_recipient WHERE recall_id = ? AND "
							+ "organisation_id = ?)",
					recall, partner.id(), System.currentTimeMillis(), recall, partner.id());
		}
		JsonNode ack = this.api.call(post("/api/v1/recalls/" + recall + "/acknowledgement"), this.retailer.key(), "",
				200);
		assertThat(ack.get("first").asBoolean()).isTrue();
		assertThat(this.api.call(get("/api/v1/recalls/" + recall), this.brand.key(), "", 200).get("status").asString())
			.isEqualTo("IN_PROGRESS");
		JsonNode again = this.api.call(post("/api/v1/recalls/" + recall + "/acknowledgement"), this.retailer.key(), "",
				200);
		assertThat(again.get("first").asBoolean()).isFalse();
		assertThat(again.get("acknowledgedAt").asString()).isEqualTo(ack.get("acknowledgedAt").asString());
		// not a recipient: the brand itself, another warehouse
		this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.stranger.key(), "{}", 404);
		this.api.call(post("/api/v1/recalls/" + recall + "/acknowledgement"), this.stranger.key(), "", 404);
		this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.brand.key(), "{}", 404);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_response WHERE recall_id = ?", Integer.class,
				recall))
			.isZero();

		JsonNode confirmed = this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.retailer.key(),
				"{\"note\":\"Pulled from the shelves\",\"quantity\":2}", 201);
		assertThat(confirmed.get("itemsHeld").asLong()).isEqualTo(2);
		JsonNode progress = awaitProgress(recall, p -> p.get("itemsRemoved").asLong() == 2);
		assertThat(progress.get("itemsInCirculation").asLong()).isEqualTo(18);
		assertThat(holder(progress, this.retailer.id()).get("itemsRemoved").asLong()).isEqualTo(2);
		// confirmed again: kept, counted once
		this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.retailer.key(), "{}", 201);
		progress = awaitProgress(recall, p -> p.get("pendingUpdates").asLong() == 0);
		assertThat(progress.get("itemsRemoved").asLong()).isEqualTo(2);
		JsonNode retailerLine = recipient(progress, this.retailer.id());
		assertThat(retailerLine.get("confirmations").asInt()).isEqualTo(2);
		assertThat(retailerLine.get("itemsConfirmedRemoved").asLong()).isEqualTo(2);
		assertThat(retailerLine.get("reportedQuantity").asLong()).isEqualTo(2);
		assertThat(retailerLine.get("acknowledgedAt").asString()).isEqualTo(ack.get("acknowledgedAt").asString());
		assertThat(recipient(progress, this.warehouse.id()).get("acknowledgedAt")).isNull();
		JsonNode mine = this.api.call(get("/api/v1/recalls/" + recall + "/response"), this.retailer.key(), "", 200);
		assertThat(mine.get("itemsHeld").asLong()).isZero();
		assertThat(mine.get("itemsRemoved").asLong()).isEqualTo(2);
		assertThat(mine.get("confirmations")).hasSize(2);

		// the warehouse destroys the case: a removal confirmation by event, not an alert
		JsonNode job = done(this.warehouse,
				object(Instant.now(), "destroying", "destroyed", WAREHOUSE_GLN, "\"" + caseLink() + "\""));
		assertThat(job.get("recalled").get(0).get("kind").asString()).isEqualTo("REMOVAL");
		progress = awaitProgress(recall, p -> p.get("itemsRemoved").asLong() == 12);
		assertThat(progress.get("removalEvents").asLong()).isEqualTo(1);
		assertThat(progress.get("casesRemoved").asLong()).isEqualTo(1);
		assertThat(progress.get("alerts").asLong()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_alert WHERE recall_id = ?", Integer.class,
				recall))
			.isZero();
		// listed items: one the retailer never held; an item of no recall and a bad code
		// are refused
		JsonNode problem = this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.warehouse.key(),
				"{\"items\":[\"" + item(15) + "\",\"NOT-ISSUED-1\",\"https://id.gs1.org/01/" + ApiClient.randomGtin()
						+ "/21/A1\"]}",
				400);
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("items[1]", "items[2]");
		this.api.call(post("/api/v1/recalls/" + recall + "/removals"), this.warehouse.key(),
				"{\"items\":[\"" + item(15) + "\", \"" + this.serials.get(15) + "\"]}", 201);
		progress = awaitProgress(recall, p -> p.get("itemsRemoved").asLong() == 13);
		assertThat(progress.get("itemsNotSeen").asLong()).isEqualTo(8);
		// the warehouse confirming (by listing) acknowledged the recall too
		assertThat(recipient(progress, this.warehouse.id()).get("acknowledgedAt")).isNotNull();
	}

	@Test
	void consumerScansOfRecalledItemsAfterTheRecallAreCounted() throws Exception {
		scan(16);
		String recall = recall();
		awaitProgress(recall, p -> "READY".equals(p.get("build").get("state").asString()));
		scan(15);
		scan(15);
		scan(16);
		JsonNode progress = awaitProgress(recall, p -> p.get("scans").get("scans").asLong() == 3);
		assertThat(progress.get("scans").get("items").asLong()).isEqualTo(2);
		assertThat(progress.get("scans").get("lastAt")).isNotNull();
	}

	@Test
	void anEventStoredBeforeTheWatchKnewTheRecallGetsItsAlertFromTheBuild() throws Exception {
		int heardBefore = this.heard.raised().size();
		String recall = recall();
		// stored without the watch (as by a node whose recall index was a poll behind),
		// after the recall, before its build starts
		String event = object(Instant.now(), "retail_selling", "retail_sold", RETAILER_GLN, "\"" + item(11) + "\"");
		var parsed = new EpcisDocumentParser().parse(event).events().get(0);
		String hash = this.recorder
			.recordOnBehalf(this.retailer.id(),
					List.of(new EventSink.HashedEvent(parsed, new EventHasher().hash(parsed))))
			.get(0)
			.hash()
			.ni();
		JsonNode progress = awaitProgress(recall,
				p -> "READY".equals(p.get("build").get("state").asString()) && p.get("pendingUpdates").asLong() == 0);
		assertThat(progress.get("alerts").asLong()).isEqualTo(1);
		JsonNode alert = this.api.call(get("/api/v1/recalls/" + recall + "/alerts"), this.brand.key(), "", 200)
			.get("items")
			.get(0);
		assertThat(alert.get("eventHash").asString()).isEqualTo(hash);
		assertThat(alert.get("what").asString()).contains(this.serials.get(11));
		await(() -> this.heard.raised().size() > heardBefore);
		assertThat(this.heard.raised()).anyMatch(r -> r.recallId().equals(recall));
		// the item was last seen at the retailer's sale
		JsonNode sold = this.api.call(
				get("/api/v1/recalls/" + recall + "/progress/items?holder=" + this.retailer.id() + "&limit=5"),
				this.brand.key(), "", 200);
		assertThat(sold.get("items").findValuesAsString("serial")).contains(this.serials.get(11));
	}

	@Test
	void anAmendmentAddsItsLotsItemsToTheProgress() throws Exception {
		String recall = recall();
		awaitProgress(recall,
				p -> p.get("items").asLong() == 20 && "READY".equals(p.get("build").get("state").asString()));
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"LOT-B\",\"productionDate\":\"2026-10-02\"}", 201);
		IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "LOT-B", 7, 0);
		this.api.call(post("/api/v1/recalls/" + recall + "/versions"), this.brand.key(),
				"{\"lots\":[\"LOT-B\"],\"note\":\"The next lot used the same ingredient batch\"}", 201);
		JsonNode progress = awaitProgress(recall,
				p -> p.get("items").asLong() == 27 && "READY".equals(p.get("build").get("state").asString()));
		assertThat(progress.get("itemCount").asLong()).isEqualTo(27);
		assertThat(progress.get("itemsNotSeen").asLong()).isEqualTo(15);
	}

	// helpers

	String recall() throws Exception {
		return this.api.call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s","lots":["%s"],"recallClass":"I","reasonCode":"CONTAMINATION_BIOLOGICAL",
				 "reason":"Cronobacter found in retained samples",
				 "consumerInstructions":{"en":"Do not feed it; return it for a refund.","zh-CN":"请勿食用，退回可退款。"},
				 "partnerInstructions":{"en":"Stop selling; hold all stock.","zh-CN":"停止销售，封存全部库存。"}}
				""".formatted(this.gtin, LOT), 201).get("id").asString();
	}

	JsonNode awaitProgress(String recall, Predicate<JsonNode> until) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			JsonNode progress = this.api.call(get("/api/v1/recalls/" + recall + "/progress"), this.brand.key(), "",
					200);
			if (until.test(progress)) {
				return progress;
			}
			assertThat(System.nanoTime()).as("progress never got there: " + progress).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	static JsonNode holder(JsonNode progress, long organisationId) {
		for (JsonNode holder : progress.get("holders")) {
			if (holder.hasNonNull("organisationId") && holder.get("organisationId").asLong() == organisationId) {
				return holder;
			}
		}
		throw new AssertionError("no holder " + organisationId + " in " + progress.get("holders"));
	}

	static JsonNode recipient(JsonNode progress, long organisationId) {
		for (JsonNode recipient : progress.get("recipients")) {
			if (recipient.get("organisationId").asLong() == organisationId) {
				return recipient;
			}
		}
		throw new AssertionError("no recipient " + organisationId + " in " + progress.get("recipients"));
	}

	String item(int index) {
		return "https://id.gs1.org/01/" + this.gtin + "/21/" + this.serials.get(index);
	}

	String caseLink() {
		return "https://id.gs1.org/00/" + this.sscc;
	}

	static String object(Instant time, String bizStep, String disposition, String location, String epcs) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[" + epcs + "],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\""
				+ (disposition == null ? "" : ",\"disposition\":\"" + disposition + "\"")
				+ ",\"bizLocation\":{\"id\":\"" + location + "\"}}";
	}

	void scan(int index) throws Exception {
		this.mvc.perform(get("/01/" + this.gtin + "/10/" + LOT + "/21/" + this.serials.get(index)).header("Accept",
				"application/json"))
			.andExpect(status().isOk());
	}

	/**
	 * Captures the events (comma-separated JSON objects) as the tenant; the ended job.
	 */
	JsonNode done(Tenant who, String events) throws Exception {
		return new EpcisCapture(this.mvc).captureAndWait(who, EpcisCapture.document(List.of(events)));
	}

	/** As {@link #done}, and every event was stored. */
	JsonNode stored(Tenant who, String events) throws Exception {
		JsonNode job = done(who, events);
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCESS");
		return job;
	}

}
