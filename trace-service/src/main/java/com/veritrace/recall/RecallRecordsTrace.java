package com.veritrace.recall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import com.veritrace.events.AffectedEvents;
import com.veritrace.events.StoredEvent;
import com.veritrace.ingest.EpcisEvent;

/**
 * Traces a recall's lots back and forward through TransformationEvents: back, the lots
 * that went in where an affected lot came out (its inputs); forward, the lots that came
 * out where an affected lot went in (its outputs); each further step from the lots the
 * step before found, in the same direction, up to a depth. The index tables do not tell
 * inputs from outputs, so the transformation events that name a lot (or any item of its
 * GTIN) are read again ({@link RecallRecordsMentions}).
 */
final class RecallRecordsTrace {

	/** Transformation events read per GTIN and step; more: the trace says it is cut. */
	static final int EVENTS_PER_STEP = 10_000;

	private final AffectedEvents events;

	RecallRecordsTrace(AffectedEvents events) {
		this.events = events;
	}

	/** A lot found: how far, which way, through which event. */
	record Found(String gtin, @Nullable String lot, RecallRecordsService.Direction direction, String viaEvent,
			int depth) {
	}

	record Result(List<Found> lots, boolean truncated) {
	}

	private record LotKey(String gtin, @Nullable String lot) {
	}

	Result trace(AffectedEvents.Selection selection, int maxDepth) {
		List<Found> found = new ArrayList<>();
		boolean truncated = false;
		Map<Long, List<RecallRecordsMentions.Mention>> read = new HashMap<>();
		for (RecallRecordsService.Direction direction : RecallRecordsService.Direction.values()) {
			RecallRecordsMentions.Role from = direction == RecallRecordsService.Direction.BACK
					? RecallRecordsMentions.Role.OUTPUT : RecallRecordsMentions.Role.INPUT;
			RecallRecordsMentions.Role to = from == RecallRecordsMentions.Role.OUTPUT ? RecallRecordsMentions.Role.INPUT
					: RecallRecordsMentions.Role.OUTPUT;
			Set<LotKey> seen = new HashSet<>();
			selection.lots().forEach(lot -> seen.add(new LotKey(selection.gtin(), lot)));
			Set<LotKey> frontier = new LinkedHashSet<>(seen);
			for (int depth = 1; depth <= maxDepth; depth++) {
				Map<String, Set<String>> byGtin = new TreeMap<>();
				frontier.forEach(k -> byGtin.computeIfAbsent(k.gtin(), g -> new TreeSet<>()).add(k.lot()));
				if (depth == 1) {
					// items of serial ranges are affected too, whatever their lot
					byGtin.computeIfAbsent(selection.gtin(), g -> new TreeSet<>());
				}
				Set<LotKey> next = new LinkedHashSet<>();
				Set<Long> done = new HashSet<>();
				for (Map.Entry<String, Set<String>> entry : byGtin.entrySet()) {
					List<StoredEvent> transformations = this.events.transformationsNaming(entry.getKey(),
							entry.getValue(), EVENTS_PER_STEP);
					truncated |= transformations.size() >= EVENTS_PER_STEP;
					for (StoredEvent event : transformations) {
						if (!done.add(event.rowId())) {
							continue;
						}
						List<RecallRecordsMentions.Mention> mentions = read.computeIfAbsent(event.rowId(),
								id -> mentions(event));
						boolean step = false;
						for (RecallRecordsMentions.Mention m : mentions) {
							if (m.role() == from && (frontier.contains(new LotKey(m.gtin(), m.lot()))
									|| (depth == 1 && m.isItem() && m.gtin().equals(selection.gtin())
											&& selection.affects(m.serial(), m.lot())))) {
								step = true;
							}
						}
						if (!step) {
							continue;
						}
						for (RecallRecordsMentions.Mention m : mentions) {
							LotKey key = new LotKey(m.gtin(), m.lot());
							if (m.role() == to && seen.add(key)) {
								found.add(new Found(m.gtin(), m.lot(), direction, event.eventHash(), depth));
								if (m.lot() != null) {
									next.add(key);
								}
							}
						}
					}
				}
				frontier = next;
				if (frontier.isEmpty()) {
					break;
				}
			}
		}
		found.sort(Comparator.comparing(Found::direction)
			.thenComparingInt(Found::depth)
			.thenComparing(Found::gtin)
			.thenComparing(Found::lot, Comparator.nullsLast(Comparator.naturalOrder())));
		return new Result(List.copyOf(found), truncated);
	}

	private List<RecallRecordsMentions.Mention> mentions(StoredEvent event) {
		EpcisEvent parsed = RecallRecordsMentions.parse(event);
		return parsed == null ? List.of() : RecallRecordsMentions.of(parsed, this.events::lotsOf);
	}

}
