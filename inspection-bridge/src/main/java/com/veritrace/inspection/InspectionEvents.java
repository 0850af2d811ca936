package com.veritrace.inspection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink.HashedEvent;

/**
 * The EPCIS 2.0 event that records an accepted report: an {@code ObjectEvent}, action
 * {@code OBSERVE}, bizStep {@code inspecting}, disposition {@code conformant} or
 * {@code non_conformant} (see {@link Verdict#disposition()}), naming the lot in its
 * {@code quantityList} (and sampled items in its {@code epcList}), with the report's id,
 * number, lab, verdict, issue date, document digest and the report it supersedes as
 * extension members in the {@value #NAMESPACE} namespace. The extension members are part
 * of the CBV 2.0 event hash, so anchoring the event anchors the document's digest and the
 * verdict. The event goes through the same parser and hash as every captured event.
 */
public final class InspectionEvents {

	/** The namespace of the report's extension members (prefix {@value #PREFIX}). */
	public static final String NAMESPACE = "https://veritrace.io/ns/inspection/";

	public static final String PREFIX = "vtinsp";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	/** What the event says about a report. */
	public record ReportFacts(String reportId, String reportNumber, long labId, String gtin, String lotNumber,
			List<String> serials, Verdict verdict, String issuedOn, DocumentDigest documentDigest,
			@Nullable String supersedes, Instant acceptedAt) {
	}

	/** The event's JSON-LD (one bare event with its own {@code @context}). */
	public String eventJson(ReportFacts facts) {
		ObjectNode event = JSON.createObjectNode();
		ArrayNode context = event.putArray("@context");
		context.add("https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
		context.addObject().put(PREFIX, NAMESPACE);
		event.put("type", "ObjectEvent");
		event.put("eventTime", facts.acceptedAt().truncatedTo(ChronoUnit.MILLIS).toString());
		event.put("eventTimeZoneOffset", "+00:00");
		ArrayNode epcs = event.putArray("epcList");
		for (String serial : facts.serials()) {
			epcs.add("https://id.gs1.org/01/" + facts.gtin() + "/21/" + encode(serial));
		}
		event.putArray("quantityList")
			.addObject()
			.put("epcClass", "https://id.gs1.org/01/" + facts.gtin() + "/10/" + encode(facts.lotNumber()));
		event.put("action", "OBSERVE");
		event.put("bizStep", "inspecting");
		event.put("disposition", facts.verdict().disposition());
		event.put(PREFIX + ":reportId", facts.reportId());
		event.put(PREFIX + ":reportNumber", facts.reportNumber());
		event.put(PREFIX + ":lab", String.valueOf(facts.labId()));
		event.put(PREFIX + ":verdict", facts.verdict().name());
		event.put(PREFIX + ":issuedOn", facts.issuedOn());
		event.put(PREFIX + ":documentHash", facts.documentDigest().ni());
		if (facts.supersedes() != null) {
			event.put(PREFIX + ":supersedes", facts.supersedes());
		}
		return JSON.writeValueAsString(event);
	}

	/**
	 * The event parsed and validated as any captured event, with its CBV 2.0 hash
	 * (SHA-256).
	 * @throws com.veritrace.ingest.InvalidEventException if the facts make an invalid
	 * event (a bug)
	 */
	public HashedEvent event(ReportFacts facts) {
		EpcisEvent event = this.parser.parse(eventJson(facts)).events().get(0);
		return new HashedEvent(event, this.hasher.hash(event));
	}

	/**
	 * Reads an extension member of a stored inspection event ({@code documentHash},
	 * {@code verdict}…).
	 */
	public static @Nullable String extension(String eventJson, String member) {
		var node = JSON.readTree(eventJson).get(PREFIX + ":" + member);
		return node == null || !node.isString() ? null : node.asString();
	}

	/** Percent-encodes a GS1 AI value for a Digital Link path segment. */
	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
