package com.veritrace.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One validated EPCIS 2.0 event (any of the five types) in canonical form: the fields the
 * event store indexes, typed, plus the original JSON-LD object so nothing is lost (sensor
 * data, certificationInfo, errorDeclaration, ilmd, persistentDisposition and user
 * extensions stay there untouched). Built only by {@link EpcisDocumentParser}.
 * <p>
 * CBV values ({@code bizStep}, {@code disposition}, transaction and source/destination
 * types) are given as canonical web URIs
 * ({@code https://ref.gs1.org/cbv/BizStep-shipping}) whatever form was captured; user
 * vocabulary URIs as captured. {@code readPointId}, {@code bizLocationId} and
 * source/destination ids are canonical GS1 Digital Links
 * ({@code https://id.gs1.org/414/…}) where they are GS1 keys, else as captured. EPC and
 * class lists are as captured; {@link #identifiers()} holds their normalised form.
 *
 * @param namespaces JSON-LD prefixes in scope for this event (document and event
 * {@code @context}) -> IRI; the hash uses them to expand extension names
 */
public record EpcisEvent(EventType type, Instant eventTime, String eventTimeZoneOffset, @Nullable String eventId,
		@Nullable Action action, @Nullable String bizStep, @Nullable String disposition, @Nullable String readPointId,
		@Nullable String bizLocationId, List<String> epcList, @Nullable String parentId, List<String> childEpcs,
		List<QuantityElement> quantityList, List<QuantityElement> childQuantityList, List<String> inputEpcList,
		List<QuantityElement> inputQuantityList, List<String> outputEpcList, List<QuantityElement> outputQuantityList,
		@Nullable String transformationId, List<BizTransaction> bizTransactions, List<SourceDestination> sources,
		List<SourceDestination> destinations, boolean errorDeclaration, EventIdentifiers identifiers,
		Map<String, String> namespaces, ObjectNode json) {

	public EpcisEvent {
		epcList = List.copyOf(epcList);
		childEpcs = List.copyOf(childEpcs);
		quantityList = List.copyOf(quantityList);
		childQuantityList = List.copyOf(childQuantityList);
		inputEpcList = List.copyOf(inputEpcList);
		inputQuantityList = List.copyOf(inputQuantityList);
		outputEpcList = List.copyOf(outputEpcList);
		outputQuantityList = List.copyOf(outputQuantityList);
		bizTransactions = List.copyOf(bizTransactions);
		sources = List.copyOf(sources);
		destinations = List.copyOf(destinations);
		namespaces = Map.copyOf(namespaces);
		json = json.deepCopy();
	}

	/** The declared {@code eventTimeZoneOffset} as a {@link ZoneOffset}. */
	public ZoneOffset zoneOffset() {
		return ZoneOffset.of(this.eventTimeZoneOffset);
	}

	/** A copy of the original JSON-LD event object (the record stays immutable). */
	@Override
	public ObjectNode json() {
		return this.json.deepCopy();
	}

	/** Read-only view for this package (the hash); never handed out. */
	JsonNode jsonView() {
		return this.json;
	}

	/**
	 * The ilmd lot numbers: {@code cbvmda:lotNumber} (any prefix bound to the CBV master
	 * data namespace), for what the event creates.
	 */
	public List<String> ilmdLotNumbers() {
		return lotNumbers(this.json, this.namespaces);
	}

	static List<String> lotNumbers(JsonNode event, Map<String, String> namespaces) {
		JsonNode ilmd = event.get("ilmd");
		List<String> lots = new java.util.ArrayList<>();
		if (ilmd == null || !ilmd.isObject()) {
			return lots;
		}
		for (Map.Entry<String, JsonNode> e : ilmd.properties()) {
			String key = e.getKey();
			int colon = key.indexOf(':');
			boolean isLot = colon > 0 && key.substring(colon + 1).equals("lotNumber")
					&& "urn:epcglobal:cbv:mda:".equals(namespaces.get(key.substring(0, colon)));
			if ((isLot || key.equals("urn:epcglobal:cbv:mda:lotNumber")) && e.getValue().isString()
					&& !e.getValue().stringValue().isBlank()) {
				lots.add(e.getValue().stringValue().strip());
			}
		}
		return lots;
	}

	/** The original event as compact JSON, e.g. for a JSON column of the event store. */
	public String jsonText() {
		return this.json.toString();
	}

}
