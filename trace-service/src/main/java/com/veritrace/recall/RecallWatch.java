package com.veritrace.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.ItemLots;
import com.veritrace.events.ItemSightings;
import com.veritrace.events.NewEvent;
import com.veritrace.events.RecalledEvents;
import org.springframework.stereotype.Component;

/**
 * The recall module's side of {@link RecalledEvents}: in the transaction that stores a
 * batch, finds the events that touched an item of an open recall (the item itself, its
 * lot, or a case or pallet holding it at the event's time) from the in-memory
 * {@link RecallIndex}, and notes each for its recall through {@link RecallAlertWriter}
 * (an alert when it is after the recall, a removal confirmation, or a late report).
 * <p>
 * Cost: nothing but a flag read when no recall is open; a map look-up per GTIN when none
 * of the batch's GTINs is recalled; one query per batch for the contents of the cases it
 * names (per level of nesting) while any recall is open; one query per recalled GTIN for
 * the lots of its items.
 */
@Component
class RecallWatch implements RecalledEvents {

	private final RecallIndex index;

	private final ItemLots itemLots;

	private final ItemSightings sightings;

	private final RecallAlertWriter writer;

	private final RecallAlertStore store;

	RecallWatch(RecallIndex index, ItemLots itemLots, ItemSightings sightings, RecallAlertWriter writer,
			RecallAlertStore store) {
		this.index = index;
		this.itemLots = itemLots;
		this.sightings = sightings;
		this.writer = writer;
		this.store = store;
	}

	/** An item named by an event, itself or inside a case it named ({@code viaSscc}). */
	private record ItemRef(String gtin, String serial, @Nullable String viaSscc) {
	}

	@Override
	public void stored(List<Stored> events) {
		if (events.isEmpty() || !this.index.hasOpenRecalls()) {
			return;
		}
		RecallWatchContents contents = contents(events);
		Map<Long, List<ItemRef>> refs = new HashMap<>();
		Map<String, Set<String>> serialsByGtin = new HashMap<>();
		for (Stored stored : events) {
			List<ItemRef> items = new ArrayList<>();
			for (NewEvent.ItemKey item : stored.event().items()) {
				if (this.index.hasRecalls(item.gtin())) {
					items.add(new ItemRef(item.gtin(), item.serial(), null));
				}
			}
			long time = stored.event().eventTime().toEpochMilli();
			for (String sscc : stored.ssccs()) {
				contents.itemsIn(sscc, time, this.index::hasRecalls)
					.forEach(c -> items.add(new ItemRef(c.gtin(), c.serial(), c.named())));
			}
			items.forEach(i -> serialsByGtin.computeIfAbsent(i.gtin(), g -> new HashSet<>()).add(i.serial()));
			refs.put(stored.rowId(), items);
		}
		Map<String, Map<String, String>> lots = new HashMap<>();
		serialsByGtin.forEach((gtin, serials) -> lots.put(gtin, this.itemLots.lotsOf(gtin, serials)));
		for (Stored stored : events) {
			Map<String, Match> matches = new LinkedHashMap<>();
			for (ItemRef item : refs.get(stored.rowId())) {
				String lot = lots.get(item.gtin()).get(item.serial());
				for (RecallIndex.Covering covering : this.index.openRecallsOf(item.gtin(), item.serial(), lot)) {
					matches.computeIfAbsent(covering.notice().recallId(), id -> new Match()).add(covering, item);
				}
			}
			for (NewEvent.LotKey lot : stored.event().lots()) {
				if (this.index.hasRecalls(lot.gtin())) {
					for (RecallIndex.Covering covering : this.index.openRecallsOf(lot.gtin(), null, lot.lotNumber())) {
						matches.computeIfAbsent(covering.notice().recallId(), id -> new Match())
							.addLot(covering, lot.lotNumber());
					}
				}
			}
			matches.forEach((recallId, match) -> this.writer.note(recallId,
					RecallAlertWriter.facts(stored.rowId(), stored.event()), match.sinceMs, match.what(),
					match.items.size()));
		}
	}

	/** What the SSCCs the events name held from the earliest of their event times on. */
	private RecallWatchContents contents(List<Stored> events) {
		Set<String> ssccs = new LinkedHashSet<>();
		long from = Long.MAX_VALUE;
		for (Stored stored : events) {
			if (!stored.ssccs().isEmpty()) {
				ssccs.addAll(stored.ssccs());
				from = Math.min(from, stored.event().eventTime().toEpochMilli());
			}
		}
		return RecallWatchContents.load(this.sightings, ssccs, from);
	}

	@Override
	public List<Notice> notices(Collection<byte[]> digests) {
		return this.store.notices(digests);
	}

	/** What one event touched of one recall. */
	private static final class Match {

		long sinceMs = Long.MAX_VALUE;

		final Set<String> items = new LinkedHashSet<>();

		final Set<String> direct = new LinkedHashSet<>();

		final Set<String> lots = new LinkedHashSet<>();

		final Map<String, Integer> cases = new LinkedHashMap<>();

		void add(RecallIndex.Covering covering, ItemRef item) {
			this.sinceMs = Math.min(this.sinceMs, covering.sinceMs());
			if (this.items.add(item.serial()) && item.viaSscc() != null) {
				this.cases.merge(item.viaSscc(), 1, Integer::sum);
			}
			if (item.viaSscc() == null) {
				this.direct.add(item.serial());
			}
		}

		void addLot(RecallIndex.Covering covering, String lot) {
			this.sinceMs = Math.min(this.sinceMs, covering.sinceMs());
			this.lots.add(lot);
		}

		String what() {
			List<String> parts = new ArrayList<>();
			if (!this.direct.isEmpty()) {
				parts.add("items " + RecallWatch.listed(this.direct));
			}
			if (!this.lots.isEmpty()) {
				parts.add("lots " + String.join(", ", this.lots));
			}
			this.cases.forEach((sscc, n) -> parts.add("SSCC " + sscc + " (" + n + " affected items)"));
			return String.join("; ", parts);
		}

	}

	/** Up to ten serials, then how many more. */
	static String listed(Collection<String> serials) {
		List<String> shown = serials.stream().limit(10).toList();
		return String.join(", ", shown) + (serials.size() > shown.size() ? " (+" + (serials.size() - 10) + ")" : "");
	}

}
