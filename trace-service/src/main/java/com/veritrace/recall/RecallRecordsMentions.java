package com.veritrace.recall;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import com.veritrace.codes.EventHashForm;
import com.veritrace.events.StoredEvent;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventType;
import com.veritrace.ingest.QuantityElement;

/**
 * What a stored event says about goods, as the records and the trace need it: each
 * product it names (an item, or a class with a quantity), with its lot and its role in
 * the event (a TransformationEvent's input or output). The stored event is read again
 * with the capture parser (it is stored self-contained, prefixes included), which gives
 * the lists the index tables merge (inputs and outputs) apart.
 * <p>
 * An item's lot is the one its Digital Link names, else the one the code registry holds,
 * else the ilmd lot number of the event that creates it; a class's lot is the one it
 * names (LGTIN, Digital Link with AI 10), else, for what the event creates, the ilmd lot
 * number.
 */
final class RecallRecordsMentions {

	private static final EpcisDocumentParser PARSER = new EpcisDocumentParser();

	private RecallRecordsMentions() {
	}

	/** What part the goods play in the event. */
	enum Role {

		/**
		 * Named in an ObjectEvent, AggregationEvent, TransactionEvent or
		 * AssociationEvent.
		 */
		NAMED(""),
		/** A TransformationEvent's input. */
		INPUT("input"),
		/** A TransformationEvent's output. */
		OUTPUT("output");

		final String label;

		Role(String label) {
			this.label = label;
		}

	}

	/**
	 * A product the event names: an item ({@code serial} set, quantity 1 EA) or a class
	 * ({@code quantity} and {@code uom} as given, either may be absent).
	 */
	record Mention(Role role, String gtin, @Nullable String lot, @Nullable String serial, @Nullable BigDecimal quantity,
			@Nullable String uom) {

		boolean isItem() {
			return this.serial != null;
		}

	}

	/** The stored event read again, or null if it no longer reads (kept as stored). */
	static @Nullable EpcisEvent parse(StoredEvent event) {
		try {
			return PARSER.parse(event.event()).events().get(0);
		}
		catch (RuntimeException unreadable) {
			return null;
		}
	}

	/**
	 * The items the event names by serial without a lot in their identifier, by GTIN:
	 * what {@link #of} asks the registry about (to ask for many events at once).
	 */
	static Map<String, Set<String>> itemsWithoutLot(EpcisEvent event) {
		Map<String, Set<String>> items = new LinkedHashMap<>();
		List<String> epcs = new ArrayList<>(event.epcList());
		epcs.addAll(event.childEpcs());
		epcs.addAll(event.inputEpcList());
		epcs.addAll(event.outputEpcList());
		for (String epc : epcs) {
			Key key = key(epc);
			if (key != null && key.serial() != null && key.lot() == null) {
				items.computeIfAbsent(key.gtin(), g -> new LinkedHashSet<>()).add(key.serial());
			}
		}
		return items;
	}

	/**
	 * The products the event names; {@code registry} answers the lots of items by serial
	 * for one GTIN.
	 */
	static List<Mention> of(EpcisEvent event, BiFunction<String, Collection<String>, Map<String, String>> registry) {
		boolean transformation = event.type() == EventType.TransformationEvent;
		List<String> ilmdLots = event.ilmdLotNumbers();
		List<Mention> found = new ArrayList<>();
		if (transformation) {
			epcs(event.inputEpcList(), Role.INPUT, List.of(), found);
			classes(event.inputQuantityList(), Role.INPUT, List.of(), found);
			epcs(event.outputEpcList(), Role.OUTPUT, ilmdLots, found);
			classes(event.outputQuantityList(), Role.OUTPUT, ilmdLots, found);
		}
		else {
			epcs(event.epcList(), Role.NAMED, ilmdLots, found);
			epcs(event.childEpcs(), Role.NAMED, List.of(), found);
			classes(event.quantityList(), Role.NAMED, ilmdLots, found);
			classes(event.childQuantityList(), Role.NAMED, List.of(), found);
		}
		// items whose link names no lot: the registry's lot, else what the event says
		// it creates
		Map<String, Set<String>> unknown = new LinkedHashMap<>();
		for (Mention m : found) {
			if (m.isItem() && m.lot() == null) {
				unknown.computeIfAbsent(m.gtin(), g -> new LinkedHashSet<>()).add(m.serial());
			}
		}
		if (unknown.isEmpty()) {
			return found;
		}
		Map<String, Map<String, String>> lots = new LinkedHashMap<>();
		unknown.forEach((gtin, serials) -> lots.put(gtin, registry.apply(gtin, serials)));
		List<Mention> resolved = new ArrayList<>(found.size());
		for (Mention m : found) {
			if (m.isItem() && m.lot() == null) {
				String lot = lots.get(m.gtin()).get(m.serial());
				if (lot == null && m.role() != Role.INPUT && ilmdLots.size() == 1) {
					lot = ilmdLots.get(0);
				}
				resolved.add(new Mention(m.role(), m.gtin(), lot, m.serial(), m.quantity(), m.uom()));
			}
			else {
				resolved.add(m);
			}
		}
		return resolved;
	}

	private static void epcs(List<String> epcs, Role role, List<String> ilmdLots, List<Mention> found) {
		for (String epc : epcs) {
			Key key = key(epc);
			if (key == null) {
				continue;
			}
			if (key.serial() != null) {
				found.add(new Mention(role, key.gtin(), key.lot(), key.serial(), BigDecimal.ONE, "EA"));
			}
			else {
				// a class in an EPC list (an ID pattern): no quantity
				lots(key, ilmdLots).forEach(lot -> found.add(new Mention(role, key.gtin(), lot, null, null, null)));
			}
		}
	}

	private static void classes(List<QuantityElement> classes, Role role, List<String> ilmdLots, List<Mention> found) {
		for (QuantityElement q : classes) {
			Key key = key(q.epcClass());
			if (key == null) {
				continue;
			}
			for (String lot : lots(key, ilmdLots)) {
				found.add(new Mention(role, key.gtin(), lot, null, q.quantity(), q.uom()));
			}
		}
	}

	/** The class's own lot, else the created lots (one mention each), else none. */
	private static List<@Nullable String> lots(Key key, List<String> ilmdLots) {
		if (key.lot() != null || ilmdLots.isEmpty()) {
			List<@Nullable String> one = new ArrayList<>();
			one.add(key.lot());
			return one;
		}
		return new ArrayList<>(ilmdLots);
	}

	/** A GTIN-14 with the lot and serial the identifier names. */
	record Key(String gtin, @Nullable String lot, @Nullable String serial) {
	}

	/**
	 * The GTIN, lot and serial of an EPC, class or Digital Link; null for anything else
	 * (an SSCC, a location).
	 */
	static @Nullable Key key(String value) {
		String link = value.startsWith("urn:") ? EventHashForm.canonical(value) : value;
		EventHashForm.Parsed parsed = link == null ? null : EventHashForm.parse(link);
		if (parsed == null || !parsed.keyAi().equals("01") || parsed.key().length() > 14
				|| !parsed.key().chars().allMatch(Character::isDigit)) {
			return null;
		}
		String gtin = "0".repeat(14 - parsed.key().length()) + parsed.key();
		String lot = parsed.qualifiers().get("10");
		String serial = parsed.qualifiers().get("21");
		return new Key(gtin, lot == null ? null : EventHashForm.unescape(lot),
				serial == null ? null : EventHashForm.unescape(serial));
	}

}
