package com.veritrace.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * EPCIS 2.0 capture over REST on MariaDB: 202 + capture job, whole-document validation,
 * grants, queries.
 */
@MariaDbIntegrationTest
class CaptureIntegrationTests {

	static final String SAMPLE = "samples/epcis-gs1/Example_9.6.1-ObjectEvent.jsonld";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CaptureService captureService;

	ApiClient api;

	Tenant brand;

	Tenant carrier;

	String gtin;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "events:write",
				"grants:manage");
		this.carrier = this.api.tenant(ApiClient.unique("Carrier"), "LOGISTICS", "read", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
	}

	@Test
	void capturesGs1sOwnExampleDocumentAndAgreesWithTheHashCalculator() throws Exception {
		String document = Files.readString(Path.of("src/test/resources", SAMPLE));
		// the brand owns the GTINs the example names
		for (String g : new EpcisDocumentParser().parse(document)
			.events()
			.stream()
			.flatMap(e -> e.identifiers().items().stream().map(i -> i.gtin()))
			.distinct()
			.toList()) {
			if (this.jdbc.queryForObject("SELECT COUNT(*) FROM product WHERE gtin = ?", Integer.class, g) == 0) {
				this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + g + "\",\"name\":\"S\"}",
						201);
			}
		}
		JsonNode hashes = this.api.call(post("/api/v1/epcis/event-hashes"), this.brand.key(), document, 200);
		JsonNode job = awaitDone(capture(this.brand, document, null));
		assertThat(job.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(job.get("stored").asInt()).isEqualTo(hashes.get("eventHashes").size());
		for (JsonNode hash : hashes.get("eventHashes")) {
			String hex = hash.asString().substring("ni:///sha-256;".length(), "ni:///sha-256;".length() + 64);
			this.mvc.perform(get("/api/v1/epcis/events/" + hex).header("Authorization", this.brand.bearer()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.eventHash").value(hash.asString()));
			// the stored event alone (its extensions' prefixes included) re-hashes to its
			// ID
			JsonNode stored = this.api.call(get("/api/v1/epcis/events/" + hex), this.brand.key(), "", 200);
			var reparsed = new EpcisDocumentParser().parse(stored.get("event").toString()).events().get(0);
			assertThat(new com.veritrace.ingest.EventHasher().hash(reparsed).ni()).isEqualTo(hash.asString());
		}
		// the same document again: nothing stored twice
		JsonNode again = awaitDone(capture(this.brand, document, null));
		assertThat(again.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(again.get("stored").asInt()).isZero();
		assertThat(again.get("duplicates").asInt()).isEqualTo(hashes.get("eventHashes").size());
	}

	@Test
	void anInvalidDocumentIsRefusedWholeWithEveryViolation() throws Exception {
		String document = "{\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[" + event("S1", "shipping") + ","
				+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"yesterday\",\"epcList\":[\"not a uri\"],\"action\":\"JUMP\"}]}}";
		this.mvc
			.perform(post("/api/v1/epcis/capture").header("Authorization", this.brand.bearer())
				.contentType("application/ld+json")
				.content(document))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/invalid-epcis"))
			.andExpect(jsonPath("$.errors[*].field", hasItem(startsWith("/epcisBody/eventList/1/eventTime"))))
			.andExpect(jsonPath("$.errors[*].field", hasItem(startsWith("/epcisBody/eventList/1/action"))))
			.andExpect(jsonPath("$.errors[*].field", hasItem(startsWith("/epcisBody/eventList/1/epcList"))));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ?", Integer.class,
				this.gtin))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM capture_job WHERE reporter_id = ?", Integer.class,
				this.brand.id()))
			.isZero();
	}

	@Test
	void anUngrantedPartnerIsRefusedWithTheReasonAndRollbackStoresNothing() throws Exception {
		String mine = ApiClient.randomGtin();
		// the carrier is its own brand of nothing: one event of the brand's GTIN (not
		// granted) and one bad GTIN
		String document = document(event("S1", "arriving"), event("S2", "arriving"));
		JsonNode job = awaitDone(capture(this.carrier, document, null));
		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		assertThat(job.get("errors").get(0).get("reason").asString()).contains("has not granted your organisation");
		assertThat(job.get("stored").asInt()).isZero();

		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.carrier.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		String mixed = document(event("S1", "arriving"), event("S9", "arriving").replace(this.gtin, mine));
		JsonNode rolledBack = awaitDone(capture(this.carrier, mixed, "rollback"));
		assertThat(rolledBack.get("status").asString()).isEqualTo("FAILED");
		assertThat(rolledBack.get("stored").asInt()).isZero();
		assertThat(rolledBack.get("errors").size()).isEqualTo(2);
		assertThat(rolledBack.get("errors").get(1).get("reason").asString()).contains("not registered by any brand");

		JsonNode proceeded = awaitDone(capture(this.carrier, mixed, "proceed"));
		assertThat(proceeded.get("status").asString()).isEqualTo("FAILED");
		assertThat(proceeded.get("stored").asInt()).isEqualTo(1);
		assertThat(proceeded.get("errors").size()).isEqualTo(1);
		assertThat(proceeded.get("errors").get(0).get("eventIndex").asInt()).isEqualTo(1);
	}

	@Test
	void aCaptureAcceptedBeforeACrashIsStoredAfterRestart() throws Exception {
		// a job as a crashed node leaves it: accepted and persisted, never processed
		this.jdbc.update(
				"INSERT INTO capture_job (id, reporter_id, status, error_behaviour, document, event_count, "
						+ "created_ms) VALUES ('crashed-1', ?, 'PENDING', 'ROLLBACK', ?, 1, 0)",
				this.brand.id(), document(event("R1", "shipping")));
		this.jdbc.update(
				"INSERT INTO capture_job (id, reporter_id, status, error_behaviour, document, event_count, "
						+ "created_ms, claimed_ms) VALUES ('crashed-2', ?, 'RUNNING', 'ROLLBACK', ?, 1, 0, 1)",
				this.brand.id(), document(event("R2", "shipping")));
		this.captureService.recover();
		assertThat(awaitDone("crashed-1").get("status").asString()).isEqualTo("SUCCESS");
		assertThat(awaitDone("crashed-2").get("status").asString()).isEqualTo("SUCCESS");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ?", Integer.class,
				this.gtin))
			.isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT document FROM capture_job WHERE id = 'crashed-1'", String.class))
			.as("the document is dropped once its events are stored")
			.isNull();
	}

	@Test
	void eventsAreQueriedByItemLotStepTimeAndReporterWithinTenantBounds() throws Exception {
		this.api.call(post("/api/v1/grants"), this.brand.key(),
				"{\"granteeOrganisationId\":" + this.carrier.id() + ",\"right\":\"EVENTS\"}", 201);
		awaitDone(capture(this.brand, document(event("Q1", "commissioning"), event("Q2", "commissioning")), null));
		awaitDone(capture(this.carrier, document(event("Q1", "arriving")), null));

		this.mvc
			.perform(get("/api/v1/epcis/events?gtin=" + this.gtin + "&serial=Q1").header("Authorization",
					this.brand.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events.length()").value(2));
		this.mvc
			.perform(get("/api/v1/epcis/events?gtin=" + this.gtin + "&bizStep=arriving").header("Authorization",
					this.brand.bearer()))
			.andExpect(jsonPath("$.events.length()").value(1))
			.andExpect(jsonPath("$.events[0].reporterOrganisationId").value(this.carrier.id()));
		this.mvc
			.perform(get("/api/v1/epcis/events?gtin=" + this.gtin + "&limit=2").header("Authorization",
					this.brand.bearer()))
			.andExpect(jsonPath("$.events.length()").value(2))
			.andExpect(jsonPath("$.next").exists());
		this.mvc
			.perform(get("/api/v1/epcis/events?gtin=" + this.gtin + "&from=2026-02-01T00:00:00Z")
				.header("Authorization", this.brand.bearer()))
			.andExpect(jsonPath("$.events.length()").value(0));
		// the carrier sees only what it reported, even for a GTIN it reports on
		this.mvc.perform(get("/api/v1/epcis/events?gtin=" + this.gtin).header("Authorization", this.carrier.bearer()))
			.andExpect(jsonPath("$.events.length()").value(1));
		// another reporter's events outside its own products: none, as if there were none
		this.mvc
			.perform(get("/api/v1/epcis/events?reporter=" + this.brand.id()).header("Authorization",
					this.carrier.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events.length()").value(0));
		// another brand cannot read the brand's event, even by its hash
		Tenant other = this.api.tenant(ApiClient.unique("Other"), "BRAND", "read");
		JsonNode first = this.api.call(get("/api/v1/epcis/events?gtin=" + this.gtin + "&limit=1"), this.brand.key(), "",
				200);
		String hash = first.get("events").get(0).get("eventHash").asString();
		this.mvc.perform(get("/api/v1/epcis/events").param("eventHash", hash).header("Authorization", other.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.detail").value("No event with hash or eventID " + hash));
		this.mvc
			.perform(get("/api/v1/epcis/events").param("eventHash", hash).header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].eventHash").value(hash));
		this.mvc.perform(get("/api/v1/epcis/events?from=last+week").header("Authorization", this.brand.bearer()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
	}

	@Test
	void theHashCalculatorIsPublicButCapped() throws Exception {
		this.mvc
			.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_JSON)
				.content(event("H1", "shipping")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.eventHashes[0]").value(startsWith("ni:///sha-256;")));
		this.mvc
			.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_JSON)
				.content("{\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}"))
			.andExpect(status().isContentTooLarge());
		this.mvc.perform(post("/api/v1/epcis/event-hashes").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/invalid-epcis"));
		this.mvc
			.perform(post("/api/v1/epcis/capture").contentType(MediaType.APPLICATION_JSON)
				.content(event("H1", "shipping")))
			.andExpect(status().isUnauthorized());
	}

	private String capture(Tenant who, String document, String behaviour) throws Exception {
		var request = post("/api/v1/epcis/capture").header("Authorization", who.bearer())
			.contentType("application/ld+json")
			.content(document);
		if (behaviour != null) {
			request.header("GS1-Capture-Error-Behaviour", behaviour);
		}
		MvcResult result = this.mvc.perform(request)
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", startsWith("/api/v1/epcis/capture/")))
			.andReturn();
		return result.getResponse().getHeader("Location").substring("/api/v1/epcis/capture/".length());
	}

	private JsonNode awaitDone(String id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = this.api.call(get("/api/v1/epcis/capture/" + id), keyFor(id), "", 200);
			if (!job.get("status").asString().equals("PENDING") && !job.get("status").asString().equals("RUNNING")) {
				return job;
			}
			assertThat(System.nanoTime()).as("capture " + id + " did not finish").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private String keyFor(String captureId) {
		long reporter = this.jdbc.queryForObject("SELECT reporter_id FROM capture_job WHERE id = ?", Long.class,
				captureId);
		return reporter == this.carrier.id() ? this.carrier.key() : this.brand.key();
	}

	private String document(String... events) {
		return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[" + String.join(",", new ArrayList<>(List.of(events))) + "]}}";
	}

	private String event(String serial, String bizStep) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-01-15T10:00:00.250+01:00\",\"eventTimeZoneOffset\":\"+01:00\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + this.gtin + "/21/" + serial
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\"}";
	}

}
