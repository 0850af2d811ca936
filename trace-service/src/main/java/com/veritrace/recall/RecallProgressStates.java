package com.veritrace.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.ItemSightings;
import org.springframework.stereotype.Component;

/**
 * Where items were last seen, from the event store: an item's own events and those of the
 * cases and pallets it was in while it was inside them (a pallet shipped carries its
 * cases' items along). Reads one chunk of items in a handful of bulk queries, for the
 * progress build.
 */
@Component
class RecallProgressStates {

	private final ItemSightings sightings;

	RecallProgressStates(ItemSightings sightings) {
		this.sightings = sightings;
	}

	/** A sighting: an event's time and row, and the case it came through (items). */
	record Seen(long timeMs, long rowId, @Nullable String viaSscc) {

		/** Whether this is later than {@code other} (by time, then by row). */
		boolean laterThan(@Nullable Seen other) {
			return other == null || this.timeMs > other.timeMs
					|| this.timeMs == other.timeMs && this.rowId > other.rowId;
		}

	}

	/**
	 * What one event touched of the chunk after the recall: serials named, and serials
	 * seen through a case (SSCC to how many).
	 */
	static final class Touch {

		final Set<String> serials = new LinkedHashSet<>();

		final Set<String> direct = new LinkedHashSet<>();

		final Map<String, Integer> cases = new LinkedHashMap<>();

		void add(String serial, @Nullable String via) {
			if (this.serials.add(serial) && via != null) {
				this.cases.merge(via, 1, Integer::sum);
			}
			if (via == null) {
				this.direct.add(serial);
			}
		}

		String what() {
			List<String> parts = new ArrayList<>();
			if (!this.direct.isEmpty()) {
				parts.add("items " + RecallWatch.listed(this.direct));
			}
			this.cases.forEach((sscc, n) -> parts.add("SSCC " + sscc + " (" + n + " affected items)"));
			return String.join("; ", parts);
		}

	}

	/**
	 * The last sighting of each item that has one, the cases that ever held one of them
	 * directly with their last sighting (null: in no event), and the sightings later than
	 * {@code afterMs} by event row.
	 */
	record Located(Map<String, Seen> items, Map<String, @Nullable Seen> cases, Map<Long, Touch> after) {
	}

	/**
	 * Locates the items of the GTIN, leaving out the events {@code excluded} (the
	 * recall's own).
	 */
	Located locate(String gtin, Collection<String> serials, Set<Long> excluded, long afterMs) {
		Map<String, List<ItemSightings.Sighting>> own = byKey(this.sightings.ofItems(gtin, serials), excluded);
		Map<String, String> serialOfKey = new HashMap<>();
		serials.forEach(s -> serialOfKey.put(RecallWatchContents.childKey(gtin, s), s));
		Map<String, List<ItemSightings.Span>> itemSpans = new HashMap<>();
		Set<String> cases = new LinkedHashSet<>();
		for (ItemSightings.Span span : this.sightings.containersOf(serialOfKey.keySet())) {
			itemSpans.computeIfAbsent(serialOfKey.get(span.child()), s -> new ArrayList<>()).add(span);
			cases.add(span.parentSscc());
		}
		// cases in pallets in ...: the spans of every container above
		Map<String, List<ItemSightings.Span>> containerSpans = new HashMap<>();
		Set<String> all = new LinkedHashSet<>(cases);
		Set<String> frontier = new LinkedHashSet<>(cases);
		for (int depth = 1; depth < RecallWatchContents.MAX_DEPTH && !frontier.isEmpty(); depth++) {
			Set<String> next = new LinkedHashSet<>();
			for (ItemSightings.Span span : this.sightings
				.containersOf(frontier.stream().map(sscc -> "00/" + sscc).toList())) {
				String child = span.child().substring(3);
				containerSpans.computeIfAbsent(child, c -> new ArrayList<>()).add(span);
				if (all.add(span.parentSscc())) {
					next.add(span.parentSscc());
				}
			}
			frontier = next;
		}
		Map<String, List<ItemSightings.Sighting>> ofContainer = all.isEmpty() ? Map.of()
				: byKey(this.sightings.ofContainers(all), excluded);
		Walk walk = new Walk(containerSpans, ofContainer);

		Map<String, Seen> items = new HashMap<>();
		Map<Long, Touch> after = new LinkedHashMap<>();
		for (String serial : serials) {
			Seen[] last = { null };
			Consumer<Seen> consider = seen -> {
				if (seen.laterThan(last[0])) {
					last[0] = seen;
				}
				if (seen.timeMs() > afterMs) {
					after.computeIfAbsent(seen.rowId(), r -> new Touch()).add(serial, seen.viaSscc());
				}
			};
			for (ItemSightings.Sighting s : own.getOrDefault(serial, List.of())) {
				consider.accept(new Seen(s.timeMs(), s.rowId(), null));
			}
			for (ItemSightings.Span span : itemSpans.getOrDefault(serial, List.of())) {
				walk.within(span.parentSscc(), span.fromMs(), end(span), span.parentSscc(), consider, 0);
			}
			if (last[0] != null) {
				items.put(serial, last[0]);
			}
		}
		Map<String, @Nullable Seen> caseStates = new LinkedHashMap<>();
		for (String sscc : cases) {
			Seen[] last = { null };
			walk.within(sscc, Long.MIN_VALUE, Long.MAX_VALUE, null, seen -> {
				if (seen.laterThan(last[0])) {
					last[0] = seen;
				}
			}, 0);
			caseStates.put(sscc, last[0]);
		}
		return new Located(items, caseStates, after);
	}

	/** The sightings of a container and of those it was in, within a time span. */
	private record Walk(Map<String, List<ItemSightings.Span>> containerSpans,
			Map<String, List<ItemSightings.Sighting>> ofContainer) {

		void within(String sscc, long fromMs, long toMs, @Nullable String via, Consumer<Seen> consider, int depth) {
			for (ItemSightings.Sighting s : this.ofContainer.getOrDefault(sscc, List.of())) {
				if (s.timeMs() >= fromMs && s.timeMs() < toMs) {
					consider.accept(new Seen(s.timeMs(), s.rowId(), via));
				}
			}
			if (depth + 1 >= RecallWatchContents.MAX_DEPTH) {
				return;
			}
			for (ItemSightings.Span span : this.containerSpans.getOrDefault(sscc, List.of())) {
				long from = Math.max(fromMs, span.fromMs());
				long to = Math.min(toMs, end(span));
				if (from < to) {
					within(span.parentSscc(), from, to, via, consider, depth + 1);
				}
			}
		}

	}

	private static long end(ItemSightings.Span span) {
		return span.toMs() == null ? Long.MAX_VALUE : span.toMs();
	}

	private static Map<String, List<ItemSightings.Sighting>> byKey(List<ItemSightings.Sighting> sightings,
			Set<Long> excluded) {
		Map<String, List<ItemSightings.Sighting>> byKey = new HashMap<>();
		for (ItemSightings.Sighting s : sightings) {
			if (!excluded.contains(s.rowId())) {
				byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
			}
		}
		return byKey;
	}

}
