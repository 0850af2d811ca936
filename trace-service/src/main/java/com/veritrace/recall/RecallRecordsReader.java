package com.veritrace.recall;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.AffectedEvents;
import com.veritrace.events.StoredEvent;
import com.veritrace.ingest.BizTransaction;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.SourceDestination;

/**
 * Turns the events of a recall's affected goods into lines of its records: per event, one
 * line per affected lot it names (and per role and container), with the FSMA 204 key data
 * elements.
 * <p>
 * Quantities: a quantity list element of the lot gives its quantity and unit (summed per
 * unit when several name the lot; empty when one gives none); items named one by one
 * count as {@code EA}; through a case or pallet, the affected items of the lot inside it
 * at the event's time, {@code EA}.
 */
final class RecallRecordsReader {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final String CBV = "https://ref.gs1.org/cbv/";

	private static final String BT_URN = "urn:epcglobal:cbv:bt:";

	private final AffectedEvents.Selection selection;

	private final String productName;

	private final AffectedEvents events;

	private final LongFunction<String> reporters;

	RecallRecordsReader(AffectedEvents.Selection selection, String productName, AffectedEvents events,
			LongFunction<String> reporters) {
		this.selection = selection;
		this.productName = productName;
		this.events = events;
		this.reporters = reporters;
	}

	/** What one line counts: a lot, in a role, through a container or not, in a unit. */
	private record Part(@Nullable String lot, RecallRecordsMentions.Role role, @Nullable String viaSscc,
			@Nullable String uom) {
	}

	/** A running quantity; null once an element gave none. */
	private static final class Amount {

		@Nullable BigDecimal value = BigDecimal.ZERO;

		void add(@Nullable BigDecimal more) {
			this.value = this.value == null || more == null ? null : this.value.add(more);
		}

	}

	/**
	 * The lines of a batch of events, in the batch's order; the registry is asked once
	 * per GTIN for the lots of every item the batch names.
	 */
	List<RecallRecordsRow> rows(List<AffectedEvents.Touching> batch) {
		List<@Nullable EpcisEvent> parsed = new ArrayList<>(batch.size());
		Map<String, Set<String>> unknown = new LinkedHashMap<>();
		for (AffectedEvents.Touching touching : batch) {
			EpcisEvent event = RecallRecordsMentions.parse(touching.event());
			parsed.add(event);
			if (event != null) {
				RecallRecordsMentions.itemsWithoutLot(event)
					.forEach((gtin, serials) -> unknown.computeIfAbsent(gtin, g -> new LinkedHashSet<>())
						.addAll(serials));
			}
		}
		Map<String, Map<String, String>> lots = new HashMap<>();
		unknown.forEach((gtin, serials) -> lots.put(gtin, this.events.lotsOf(gtin, serials)));
		List<RecallRecordsRow> rows = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			rows.addAll(rows(batch.get(i), parsed.get(i), lots));
		}
		return rows;
	}

	private List<RecallRecordsRow> rows(AffectedEvents.Touching touching, @Nullable EpcisEvent event,
			Map<String, Map<String, String>> lots) {
		StoredEvent stored = touching.event();
		Map<Part, Amount> parts = new LinkedHashMap<>();
		if (event != null) {
			for (RecallRecordsMentions.Mention m : RecallRecordsMentions.of(event,
					(gtin, serials) -> lots.getOrDefault(gtin, Map.of()))) {
				if (!m.gtin().equals(this.selection.gtin())) {
					continue;
				}
				boolean affected = m.isItem() ? this.selection.affects(m.serial(), m.lot())
						: m.lot() != null && this.selection.lots().contains(m.lot());
				if (affected) {
					parts.computeIfAbsent(new Part(m.lot(), m.role(), null, m.uom()), p -> new Amount())
						.add(m.quantity());
				}
			}
		}
		for (AffectedEvents.Held held : touching.held()) {
			parts
				.computeIfAbsent(new Part(held.lot(), RecallRecordsMentions.Role.NAMED, held.sscc(), "EA"),
						p -> new Amount())
				.add(BigDecimal.valueOf(held.items()));
		}
		if (parts.isEmpty()) {
			// found through an index row this reading does not itemise: listed,
			// unquantified
			Amount none = new Amount();
			none.add(null);
			parts.put(new Part(null, RecallRecordsMentions.Role.NAMED, null, null), none);
		}
		String cte = cte(stored.eventType(), stored.bizStep());
		String time = LOCAL.format(OffsetDateTime.ofInstant(stored.eventTime(), offset(stored)));
		String utc = UTC.format(stored.eventTime());
		String location = stored.bizLocation() != null ? stored.bizLocation() : stored.readPoint();
		String from = event == null ? "" : places(event.sources());
		String to = event == null ? "" : places(event.destinations());
		List<BizTransaction> documents = event == null ? List.of() : event.bizTransactions();
		String documentTypes = String.join("; ",
				documents.stream().map(d -> d.type() == null ? "" : word(d.type(), "BTT-")).toList());
		String documentNumbers = String.join("; ", documents.stream().map(d -> number(d.id())).toList());
		String reporter = this.reporters.apply(stored.reporterOrganisationId());
		List<RecallRecordsRow> rows = new ArrayList<>(parts.size());
		parts.forEach((part,
				amount) -> rows.add(new RecallRecordsRow(this.selection.gtin(), part.lot(), this.productName,
						amount.value, part.uom(), part.viaSscc(), cte, part.role().label,
						stored.bizStep() == null ? null : word(stored.bizStep(), "BizStep-"),
						stored.disposition() == null ? null : word(stored.disposition(), "Disp-"), time, utc, location,
						from, to, documentTypes, documentNumbers, reporter, stored.eventType(), stored.eventHash(),
						stored.eventTime().toEpochMilli(), stored.rowId())));
		rows.sort(RecallRecordsRow.IN_EVENT);
		return rows;
	}

	/**
	 * The FSMA 204 critical tracking event of an EPCIS event: every TransformationEvent
	 * is a transformation; by business step, commissioning (and creating a class
	 * instance) is initial packing, shipping is shipping, receiving is receiving; a user
	 * vocabulary step ending in {@code harvesting} or {@code cooling} is that; anything
	 * else (packing into cases, storing, the recall's own event) is {@code other}.
	 */
	static String cte(String eventType, @Nullable String bizStep) {
		if ("TransformationEvent".equals(eventType)) {
			return "transformation";
		}
		String step = bizStep == null ? "" : word(bizStep, "BizStep-");
		return switch (step) {
			case "commissioning", "creating_class_instance" -> "initial packing";
			case "shipping" -> "shipping";
			case "receiving" -> "receiving";
			default -> step.endsWith("harvesting") ? "harvesting" : step.endsWith("cooling") ? "cooling" : "other";
		};
	}

	/** A CBV value as its word ({@code shipping}); a user vocabulary URI as it is. */
	static String word(String value, String vocabulary) {
		return value.startsWith(CBV + vocabulary) ? value.substring(CBV.length() + vocabulary.length()) : value;
	}

	/**
	 * A reference document's number: the part after the issuer's GLN of a CBV
	 * {@code urn:epcglobal:cbv:bt:<GLN>:<number>}; any other identifier (a GDTI Digital
	 * Link, a URL) as it is.
	 */
	static String number(String id) {
		if (!id.startsWith(BT_URN)) {
			return id;
		}
		String rest = id.substring(BT_URN.length());
		int colon = rest.indexOf(':');
		return colon >= 0 ? rest.substring(colon + 1) : rest;
	}

	/**
	 * Where goods went from or to: the {@code location} entries; without one, the owning
	 * or possessing parties.
	 */
	static String places(List<SourceDestination> list) {
		List<String> locations = list.stream()
			.filter(s -> word(s.type(), "SDT-").equals("location"))
			.map(SourceDestination::id)
			.toList();
		return String.join("; ", locations.isEmpty() ? list.stream().map(SourceDestination::id).toList() : locations);
	}

	private static ZoneOffset offset(StoredEvent event) {
		try {
			return ZoneOffset.of(event.eventTimeZoneOffset());
		}
		catch (RuntimeException ex) {
			return ZoneOffset.UTC;
		}
	}

}
