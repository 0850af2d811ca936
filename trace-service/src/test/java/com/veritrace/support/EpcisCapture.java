package com.veritrace.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink.HashedEvent;
import com.veritrace.support.ApiClient.Tenant;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Reports EPCIS events as a partner system does: one document through
 * {@code POST /api/v1/epcis/capture}, then the capture job polled until it ends.
 */
public final class EpcisCapture {

	private final MockMvc mvc;

	private final ApiClient api;

	public EpcisCapture(MockMvc mvc) {
		this.mvc = mvc;
		this.api = new ApiClient(mvc);
	}

	/** An EPCIS 2.0 document of these events (JSON-LD objects). */
	public static String document(List<String> events) {
		return "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
				+ "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-01T00:00:00Z\","
				+ "\"epcisBody\":{\"eventList\":[" + String.join(",", events) + "]}}";
	}

	/**
	 * Captures the document as {@code who}; the capture job once it ended (30 s at most).
	 */
	public JsonNode captureAndWait(Tenant who, String document) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/api/v1/epcis/capture").header("Authorization", who.bearer())
				.contentType("application/ld+json")
				.content(document))
			.andExpect(status().isAccepted())
			.andReturn();
		String location = result.getResponse().getHeader("Location");
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = this.api.call(get(location), who.key(), "", 200);
			String state = job.get("status").asString();
			if (!state.equals("PENDING") && !state.equals("RUNNING")) {
				return job;
			}
			assertThat(System.nanoTime()).as("capture " + location + " did not finish").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/**
	 * Stores a document's events directly, as reported by the organisation (no capture
	 * job): how many.
	 */
	public static int record(EventRecorder recorder, long reporterId, String document) {
		List<HashedEvent> hashed = new ArrayList<>();
		for (EpcisEvent event : new EpcisDocumentParser().parse(document).events()) {
			hashed.add(new HashedEvent(event, new EventHasher().hash(event)));
		}
		recorder.recordOnBehalf(reporterId, hashed);
		return hashed.size();
	}

}
