package com.veritrace.recall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.ItemSightings;

/**
 * What cases and pallets (SSCCs) held, from the containment history, loaded level by
 * level for the SSCCs some events name: which items an event on a container touched at
 * its time, for the recall watch and the progress applier.
 */
final class RecallWatchContents {

	/** Cases in pallets in ...: how deep the contents of a named SSCC are followed. */
	static final int MAX_DEPTH = 4;

	private final Map<String, List<ItemSightings.Span>> byParent;

	private RecallWatchContents(Map<String, List<ItemSightings.Span>> byParent) {
		this.byParent = byParent;
	}

	/**
	 * An item (GTIN-14, serial) inside a named SSCC at the time: {@code named} is the
	 * SSCC the event named, {@code directCase} the one holding the item itself.
	 */
	record Contained(String gtin, String serial, String named, String directCase) {
	}

	/** What the SSCCs held at any time from {@code fromMs} on, however deep. */
	static RecallWatchContents load(ItemSightings sightings, Collection<String> ssccs, long fromMs) {
		Map<String, List<ItemSightings.Span>> byParent = new HashMap<>();
		Set<String> frontier = new LinkedHashSet<>(ssccs);
		for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
			frontier.forEach(sscc -> byParent.put(sscc, new ArrayList<>()));
			Set<String> next = new LinkedHashSet<>();
			for (ItemSightings.Span span : sightings.contentsOf(frontier, fromMs)) {
				byParent.get(span.parentSscc()).add(span);
				String nested = nestedSscc(span.child());
				if (nested != null && !byParent.containsKey(nested)) {
					next.add(nested);
				}
			}
			frontier = next;
		}
		return new RecallWatchContents(byParent);
	}

	/** The items of GTINs that {@code wanted} accepts inside the SSCC at the time. */
	List<Contained> itemsIn(String sscc, long timeMs, Predicate<String> wanted) {
		List<Contained> items = new ArrayList<>();
		collect(sscc, sscc, timeMs, wanted, items, new HashSet<>(), 0);
		return items;
	}

	private void collect(String sscc, String named, long time, Predicate<String> wanted, List<Contained> items,
			Set<String> seen, int depth) {
		if (depth >= MAX_DEPTH || !seen.add(sscc)) {
			return;
		}
		for (ItemSightings.Span span : this.byParent.getOrDefault(sscc, List.of())) {
			if (!span.covers(time)) {
				continue;
			}
			String nested = nestedSscc(span.child());
			if (nested != null) {
				collect(nested, named, time, wanted, items, seen, depth + 1);
				continue;
			}
			String[] item = itemKey(span.child());
			if (item != null && wanted.test(item[0])) {
				items.add(new Contained(item[0], item[1], named, sscc));
			}
		}
	}

	/** The SSCC of a child key {@code 00/<sscc>}, or null. */
	static @Nullable String nestedSscc(String childKey) {
		return childKey.startsWith("00/") ? childKey.substring(3) : null;
	}

	/** GTIN-14 and serial of a child key {@code 01/<gtin14>/21/<serial>}, or null. */
	static String @Nullable [] itemKey(String childKey) {
		if (childKey.length() > 21 && childKey.startsWith("01/") && childKey.startsWith("/21/", 17)) {
			return new String[] { childKey.substring(3, 17), childKey.substring(21) };
		}
		return null;
	}

	/** The child key of an item. */
	static String childKey(String gtin, String serial) {
		return "01/" + gtin + "/21/" + serial;
	}

}
