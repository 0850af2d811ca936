package com.veritrace.anchoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Captures events through the real API (a brand reporting on its own product) and waits
 * for proofs.
 */
final class TestEvents {

	private final MockMvc mvc;

	private final ApiClient api;

	final Tenant brand;

	final String gtin;

	TestEvents(MockMvc mvc) throws Exception {
		this.mvc = mvc;
		this.api = new ApiClient(mvc);
		this.brand = this.api.tenant(ApiClient.unique("Anchor brand"), "BRAND", "read", "products:write",
				"events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
	}

	/** Captures one event per serial and returns their hash IDs (ni:///...), in order. */
	List<String> capture(String... serials) throws Exception {
		List<String> events = new ArrayList<>();
		for (String serial : serials) {
			events.add(event(serial));
		}
		String document = EpcisCapture.document(events);
		JsonNode hashes = this.api.call(post("/api/v1/epcis/event-hashes"), this.brand.key(), document, 200);
		assertThat(new EpcisCapture(this.mvc).captureAndWait(this.brand, document).get("status").asString())
			.as("capture job")
			.isEqualTo("SUCCESS");
		List<String> ids = new ArrayList<>();
		hashes.get("eventHashes").forEach((h) -> ids.add(h.asString()));
		return ids;
	}

	/** GETs the proof until it is ANCHORED (at most 30 s); returns the response body. */
	String awaitProof(String eventHashId) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			MvcResult result = this.mvc.perform(get("/api/v1/proofs/" + hex(eventHashId))).andReturn();
			String body = result.getResponse().getContentAsString();
			// the proof endpoint is public and rate-limited per client: a 429 only means
			// "later"
			assertThat(result.getResponse().getStatus()).as(body).isIn(200, 429);
			if (body.contains("\"status\":\"ANCHORED\"")) {
				return body;
			}
			assertThat(System.nanoTime()).as("event %s was not anchored in 30 s: %s", eventHashId, body)
				.isLessThan(deadline);
			Thread.sleep((result.getResponse().getStatus() == 429) ? 1000 : 250);
		}
	}

	static String hex(String eventHashId) {
		return eventHashId.substring("ni:///sha-256;".length(), "ni:///sha-256;".length() + 64);
	}

	private String event(String serial) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-01-15T10:00:00.250+01:00\",\"eventTimeZoneOffset\":\"+01:00\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + this.gtin + "/21/" + serial
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}";
	}

}
