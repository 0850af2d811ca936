package com.veritrace.events;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.codes.Sscc;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Containers belong to someone: an AggregationEvent naming an SSCC, or an event with an
 * SSCC parentID, is accepted only from the SSCC's holder or a partner it granted EVENTS,
 * through capture and through the ingest pipeline that the Kafka consumers feed (here by
 * its REST door, the in-process queue: the same pipeline and sink).
 */
@MariaDbIntegrationTest
class ContainerOwnershipIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Tenant brandA;

	Tenant brandB;

	Tenant carrier;

	String gtinA;

	String gtinB;

	String palletB;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brandA = this.api.tenant(ApiClient.unique("Brand A"), "BRAND", "read", "products:write", "events:write",
				"grants:manage");
		this.brandB = this.api.tenant(ApiClient.unique("Brand B"), "BRAND", "read", "products:write", "events:write",
				"grants:manage");
		this.carrier = this.api.tenant(ApiClient.unique("Carrier"), "LOGISTICS", "read", "events:write");
		this.gtinA = product(this.brandA);
		this.gtinB = product(this.brandB);
		// B packs one of its items into its pallet: B holds the SSCC
		this.palletB = sscc();
		assertThat(
				capture(this.brandB, aggregation("ADD", this.palletB, item(this.gtinB, "B1"), "2026-03-01T08:00:00Z"))
					.get("status")
					.asString())
			.isEqualTo("SUCCESS");
		// the carrier works for both brands
		for (Tenant brand : new Tenant[] { this.brandA, this.brandB }) {
			this.api.call(post("/api/v1/grants"), brand.key(), "{\"granteeOrganisationId\":" + this.carrier.id()
					+ ",\"right\":\"EVENTS\",\"gtin\":\"" + (brand == this.brandA ? this.gtinA : this.gtinB) + "\"}",
					201);
		}
	}

	@Test
	void anotherBrandCannotEmptyOrFillAContainerThroughCapture() throws Exception {
		// A closes B's pallet (backdated): refused, and B's item stays inside
		JsonNode emptied = capture(this.brandA, aggregation("DELETE", this.palletB, null, "2026-03-01T09:00:00Z"));
		assertThat(emptied.get("status").asString()).isEqualTo("FAILED");
		assertThat(emptied.get("errors").get(0).get("reason").asString()).contains("SSCC " + this.palletB)
			.contains("held by another organisation");
		// A packs its own item into B's pallet, to read the pallet's events through its
		// item: refused
		JsonNode filled = capture(this.brandA,
				aggregation("ADD", this.palletB, item(this.gtinA, "A1"), "2026-03-02T08:00:00Z"));
		assertThat(filled.get("status").asString()).isEqualTo("FAILED");
		assertThat(openSpans(this.palletB)).isEqualTo(1);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM code_aggregation WHERE parent_sscc = ? AND child LIKE ?",
						Integer.class, this.palletB, "%" + this.gtinA + "%"))
			.isZero();
		// an ObjectEvent with the pallet as its parentID: the same rule
		JsonNode parented = capture(this.brandA,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-03T08:00:00Z\","
						+ "\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"https://id.gs1.org/00/" + this.palletB
						+ "\",\"epcList\":[\"" + item(this.gtinA, "A2")
						+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}");
		assertThat(parented.get("status").asString()).isEqualTo("FAILED");

		// the carrier B granted may report on B's pallet; B itself may empty it
		assertThat(capture(this.carrier,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-04T08:00:00Z\","
						+ "\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"https://id.gs1.org/00/" + this.palletB
						+ "\",\"epcList\":[\"" + item(this.gtinB, "B1")
						+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}")
			.get("status")
			.asString()).isEqualTo("SUCCESS");
		assertThat(capture(this.brandB, aggregation("DELETE", this.palletB, null, "2026-03-05T08:00:00Z")).get("status")
			.asString()).isEqualTo("SUCCESS");
		assertThat(openSpans(this.palletB)).isZero();
	}

	@Test
	void aNewContainerBecomesItsFirstPackersAndTheIngestPipelineAppliesTheSameRule() throws Exception {
		String palletA = sscc();
		assertThat(capture(this.brandA, aggregation("ADD", palletA, item(this.gtinA, "A9"), "2026-04-01T08:00:00Z"))
			.get("status")
			.asString()).isEqualTo("SUCCESS");
		assertThat(this.jdbc.queryForObject("SELECT brand_id FROM code_container WHERE sscc = ?", Long.class, palletA))
			.isEqualTo(this.brandA.id());
		// through the ingest pipeline (the Kafka consumers' path): B may not empty A's
		// pallet
		String record = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[" + aggregation("DELETE", palletA, null, "2026-04-01T09:00:00Z")
				+ "]}}";
		this.api.call(post("/api/v1/ingest/epcis"), this.brandB.key(), record, 202);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.api.call(get("/api/v1/ingest/dead-letters"), this.brandB.key(), "", 200).size() < 1) {
			assertThat(System.nanoTime()).as("no dead letter").isLessThan(deadline);
			Thread.sleep(50);
		}
		JsonNode dead = this.api.call(get("/api/v1/ingest/dead-letters"), this.brandB.key(), "", 200).get(0);
		assertThat(dead.get("detail").asString()).contains("SSCC " + palletA).contains("held by another organisation");
		assertThat(openSpans(palletA)).isEqualTo(1);
	}

	private int openSpans(String sscc) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM code_aggregation WHERE parent_sscc = ? AND to_ms IS NULL",
				Integer.class, sscc);
	}

	private String product(Tenant brand) throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		return gtin;
	}

	private static String sscc() {
		return Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
	}

	private static String item(String gtin, String serial) {
		return "https://id.gs1.org/01/" + gtin + "/21/" + serial;
	}

	private static String aggregation(String action, String sscc, String child, String time) {
		return "{\"type\":\"AggregationEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"parentID\":\"https://id.gs1.org/00/" + sscc + "\",\"childEPCs\":["
				+ (child == null ? "" : "\"" + child + "\"") + "],\"action\":\"" + action + "\",\"bizStep\":\""
				+ ("ADD".equals(action) ? "packing" : "unpacking") + "\"}";
	}

	private JsonNode capture(Tenant who, String event) throws Exception {
		return new EpcisCapture(this.mvc).captureAndWait(who, EpcisCapture.document(List.of(event)));
	}

}
