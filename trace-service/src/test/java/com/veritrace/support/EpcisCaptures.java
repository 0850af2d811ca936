package com.veritrace.support;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import com.veritrace.support.ApiClient.Tenant;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** EPCIS capture through the API: a document of events submitted, its job awaited. */
public final class EpcisCaptures {

	private EpcisCaptures() {
	}

	/**
	 * Submits an EPCISDocument holding the events (JSON objects, comma-separated) as the
	 * tenant; answers "key id" for {@link #awaitDone}.
	 */
	public static String capture(MockMvc mvc, Tenant who, String events) throws Exception {
		String document = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[" + events + "]}}";
		MvcResult result = mvc
			.perform(post("/api/v1/epcis/capture").header("Authorization", who.bearer())
				.contentType("application/ld+json")
				.content(document))
			.andExpect(status().isAccepted())
			.andReturn();
		String id = result.getResponse().getHeader("Location").substring("/api/v1/epcis/capture/".length());
		return who.key() + " " + id;
	}

	/** The capture job once it is no longer PENDING or RUNNING (at most 30 s). */
	public static JsonNode awaitDone(ApiClient api, String keyAndId) throws Exception {
		String key = keyAndId.substring(0, keyAndId.indexOf(' '));
		String id = keyAndId.substring(keyAndId.indexOf(' ') + 1);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = api.call(get("/api/v1/epcis/capture/" + id), key, "", 200);
			String state = job.get("status").asString();
			if (!state.equals("PENDING") && !state.equals("RUNNING")) {
				return job;
			}
			assertThat(System.nanoTime()).as("capture " + id + " did not finish").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
