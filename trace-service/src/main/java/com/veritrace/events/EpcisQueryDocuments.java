package com.veritrace.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The EPCIS 2.0 {@code EPCISQueryDocument} (JSON-LD) of a page of query results: GS1's
 * context, {@code queryName} and the events as stored (each keeps the {@code @context} of
 * the namespace prefixes it was captured with). Shared by the REST query, named queries
 * and subscriptions (notify's deliveries, which name their {@code subscriptionID}).
 */
public final class EpcisQueryDocuments {

	static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private EpcisQueryDocuments() {
	}

	static String of(String queryName, List<EpcisQueryService.Result> events, Instant creationDate) {
		return of(queryName, null, events, creationDate);
	}

	/**
	 * The document of a subscription's delivery, or of a page when {@code subscriptionId}
	 * is null.
	 */
	public static String of(String queryName, @Nullable String subscriptionId, List<EpcisQueryService.Result> events,
			Instant creationDate) {
		ObjectNode document = JSON.createObjectNode();
		document.putArray("@context").add(EPCIS_CONTEXT);
		document.put("type", "EPCISQueryDocument");
		document.put("schemaVersion", "2.0");
		document.put("creationDate", creationDate.toString());
		ObjectNode results = document.putObject("epcisBody").putObject("queryResults");
		results.put("queryName", queryName);
		if (subscriptionId != null) {
			results.put("subscriptionID", subscriptionId);
		}
		ArrayNode list = results.putObject("resultsBody").putArray("eventList");
		events.forEach(e -> list.add(e.event()));
		return JSON.writeValueAsString(document);
	}

}
