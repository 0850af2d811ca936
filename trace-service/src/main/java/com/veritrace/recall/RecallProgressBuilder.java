package com.veritrace.recall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.events.ItemLots;
import com.veritrace.events.ItemSightings;
import com.veritrace.issuance.CodeRegistry;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds a recall's progress rows after it is issued or amended ({@link RecallChanged},
 * listener {@value #LISTENER_ID}): for every affected item, in chunks of
 * {@code veritrace.recall.progress.chunk-size} (one transaction each, the recall's build
 * row locked and its cursor moved on in it), where it was last seen, whether it is
 * removed, the cases that held it, and the counts per holder; and, for events on the
 * items after the recall that no recall watch noted (stored by a node whose recall index
 * did not know the recall yet), their alerts. A build interrupted by a crash continues
 * from its cursor: the publication is republished at restart, and another node takes over
 * a build that has not moved for {@code stale-after}.
 */
@Component
class RecallProgressBuilder {

	private static final Logger log = LoggerFactory.getLogger(RecallProgressBuilder.class);

	/** The listener's id in the event publication registry: keep it stable. */
	static final String LISTENER_ID = "recall.progress";

	private final RecallProgressStore store;

	private final RecallStore recalls;

	private final RecallProgressStates states;

	private final ItemSightings sightings;

	private final CodeRegistry registry;

	private final ItemLots itemLots;

	private final CatalogService catalog;

	private final RecallAlertWriter alerts;

	private final RecallAlertStore noted;

	private final RecallProgressProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	RecallProgressBuilder(RecallProgressStore store, RecallStore recalls, RecallProgressStates states,
			ItemSightings sightings, CodeRegistry registry, ItemLots itemLots, CatalogService catalog,
			RecallAlertWriter alerts, RecallAlertStore noted, RecallProgressProperties properties,
			PlatformTransactionManager transactions, Clock clock) {
		this.store = store;
		this.recalls = recalls;
		this.states = states;
		this.sightings = sightings;
		this.registry = registry;
		this.itemLots = itemLots;
		this.catalog = catalog;
		this.alerts = alerts;
		this.noted = noted;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/**
	 * After the recall's transaction: the build row in one transaction, then the chunks
	 * in theirs (no transaction around the whole build).
	 */
	@ApplicationModuleListener(id = LISTENER_ID, propagation = Propagation.NOT_SUPPORTED)
	void on(RecallChanged changed) throws InterruptedException {
		if (changed.change() != RecallChanged.Change.ISSUED && changed.change() != RecallChanged.Change.AMENDED) {
			return;
		}
		long now = this.clock.millis();
		this.tx.executeWithoutResult(status -> {
			this.store.create(changed.recallId(), changed.version(), now);
			this.store.retarget(changed.recallId(), changed.version(), now);
		});
		// every node's recall index polls every half second: once they all know the
		// recall, events are noted as they are stored; the build notes those stored
		// before
		long wait = this.properties.startDelay().toMillis() - (now - changedAt(changed));
		if (wait > 0) {
			Thread.sleep(wait);
		}
		build(changed.recallId());
	}

	private long changedAt(RecallChanged changed) {
		return this.recalls.versions(changed.recallId())
			.stream()
			.filter(v -> v.version() == changed.version())
			.mapToLong(RecallStore.VersionRow::createdMs)
			.findFirst()
			.orElse(this.clock.millis());
	}

	/** Builds the recall's progress to the end, chunk by chunk. */
	void build(String recallId) {
		long started = System.nanoTime();
		int chunks = 0;
		while (Boolean.TRUE.equals(this.tx.execute(status -> chunk(recallId)))) {
			chunks++;
		}
		if (chunks > 0) {
			log.info("Recall {} progress built: {} chunks in {} ms", recallId, chunks,
					(System.nanoTime() - started) / 1_000_000);
		}
	}

	/** One chunk; false when the build is done (or not there). */
	private boolean chunk(String recallId) {
		RecallProgressStore.Build build = this.store.lock(recallId);
		if (build == null || build.ready()) {
			return false;
		}
		RecallStore.Head head = this.recalls.head(recallId, false);
		List<RecallStore.ScopeRow> scopes = this.recalls.scopes(recallId);
		long now = this.clock.millis();
		if (head == null || build.scopeIndex() >= scopes.size()) {
			this.store.finish(build.id(), head == null ? build.targetVersion() : head.currentVersion(), now);
			return false;
		}
		List<RecallStore.VersionRow> versions = this.recalls.versions(recallId);
		RecallStore.ScopeRow row = scopes.get(build.scopeIndex());
		long since = versions.stream()
			.filter(v -> v.version() == row.version())
			.mapToLong(RecallStore.VersionRow::createdMs)
			.findFirst()
			.orElse(head.issuedMs());
		Set<Long> excluded = new HashSet<>(
				this.sightings.rowIds(versions.stream().map(RecallStore.VersionRow::eventHash).toList()));
		String gtin = row.scope().gtin();
		int size = this.properties.chunkSize();
		Map<String, @Nullable String> page = new java.util.LinkedHashMap<>();
		String next;
		if (row.scope().isLot()) {
			String lot = row.scope().lotNumber();
			Long lotId = lotId(gtin, lot);
			if (build.afterKey() == null) {
				noteLotEvents(recallId, gtin, lot, since, excluded);
			}
			long afterJob = 0;
			int afterSeq = 0;
			if (build.afterKey() != null) {
				String[] at = build.afterKey().split(":");
				afterJob = Long.parseLong(at[0]);
				afterSeq = Integer.parseInt(at[1]);
			}
			List<CodeRegistry.LotItem> items = lotId == null ? List.of()
					: this.registry.lotItems(lotId, afterJob, afterSeq, size);
			items.forEach(i -> page.put(i.serial(), lot));
			next = items.isEmpty() ? null
					: items.get(items.size() - 1).jobId() + ":" + items.get(items.size() - 1).seq();
		}
		else {
			List<String> serials = this.registry.serialsInRangeAfter(gtin,
					new CodeRegistry.SerialRange(row.scope().serialFrom(), row.scope().serialTo()), build.afterKey(),
					size);
			Map<String, String> lots = this.itemLots.lotsOf(gtin, serials);
			serials.forEach(s -> page.put(s, lots.get(s)));
			next = serials.isEmpty() ? null : serials.get(serials.size() - 1);
		}
		if (page.isEmpty()) {
			this.store.advance(build.id(), build.scopeIndex() + 1, null, 0, now);
			return true;
		}
		page.keySet().removeAll(this.store.existing(RecallProgressStore.Kind.ITEM, build.id(), page.keySet()));
		int added = page.isEmpty() ? 0 : add(recallId, build.id(), gtin, page, excluded, since);
		this.store.advance(build.id(), build.scopeIndex(), next, added, now);
		return true;
	}

	/**
	 * Writes the state rows of new items (serial to lot), their cases and holder counts.
	 */
	private int add(String recallId, long progressId, String gtin, Map<String, @Nullable String> items,
			Set<Long> excluded, long since) {
		RecallProgressStates.Located located = this.states.locate(gtin, items.keySet(), excluded, since);
		Set<Long> rows = new LinkedHashSet<>();
		located.items().values().forEach(s -> rows.add(s.rowId()));
		located.cases().values().forEach(s -> {
			if (s != null) {
				rows.add(s.rowId());
			}
		});
		rows.addAll(located.after().keySet());
		Map<Long, ItemSightings.EventFacts> facts = this.sightings.facts(rows);
		Holders holders = new Holders(progressId);
		RecallProgressStore.Deltas deltas = new RecallProgressStore.Deltas();
		List<RecallProgressStore.State> itemRows = new ArrayList<>(items.size());
		items.forEach((serial, lot) -> {
			RecallProgressStore.State state = holders.state(serial, lot, located.items().get(serial), facts);
			itemRows.add(state);
			deltas.add(state.holderRow(), 1, state.removed() ? 1 : 0, 0, 0, state.seenMs());
		});
		Set<String> newCases = new LinkedHashSet<>(located.cases().keySet());
		newCases.removeAll(this.store.existing(RecallProgressStore.Kind.CASE, progressId, newCases));
		List<RecallProgressStore.State> caseRows = new ArrayList<>();
		for (String sscc : newCases) {
			RecallProgressStore.State state = holders.state(sscc, null, located.cases().get(sscc), facts);
			caseRows.add(state);
			deltas.add(state.holderRow(), 0, 0, 1, state.removed() ? 1 : 0, state.seenMs());
		}
		this.store.insert(RecallProgressStore.Kind.ITEM, progressId, itemRows);
		this.store.insert(RecallProgressStore.Kind.CASE, progressId, caseRows);
		this.store.apply(deltas);
		// events after the recall that no watch noted
		List<Long> after = new ArrayList<>(located.after().keySet());
		after.removeAll(this.noted.notedAmong(recallId, after));
		for (long eventRow : after) {
			ItemSightings.EventFacts event = facts.get(eventRow);
			RecallProgressStates.Touch touch = located.after().get(eventRow);
			if (event != null && touch != null) {
				this.alerts.note(recallId, event, since, touch.what(), touch.serials.size());
			}
		}
		return items.size();
	}

	/** Lot-level events on the lot after the recall that no watch noted. */
	private void noteLotEvents(String recallId, String gtin, String lot, long since, Set<Long> excluded) {
		List<Long> rows = new ArrayList<>();
		for (ItemSightings.Sighting s : this.sightings.ofLot(gtin, lot, since, 10_000)) {
			if (!excluded.contains(s.rowId())) {
				rows.add(s.rowId());
			}
		}
		rows.removeAll(this.noted.notedAmong(recallId, rows));
		if (rows.isEmpty()) {
			return;
		}
		Map<Long, ItemSightings.EventFacts> facts = this.sightings.facts(rows);
		for (long eventRow : rows) {
			ItemSightings.EventFacts event = facts.get(eventRow);
			if (event != null) {
				this.alerts.note(recallId, event, since, "lots " + lot, 0);
			}
		}
	}

	private @Nullable Long lotId(String gtin, String lotNumber) {
		return this.catalog.findByGtin(gtin)
			.flatMap(p -> this.catalog.allLots(p.getId())
				.stream()
				.filter(l -> l.getLotNumber().equals(lotNumber))
				.map(Lot::getId)
				.findFirst())
			.orElse(null);
	}

	/** Holder rows of one chunk, made once each. */
	private final class Holders {

		private final long progressId;

		private final Map<String, Long> rows = new HashMap<>();

		Holders(long progressId) {
			this.progressId = progressId;
		}

		RecallProgressStore.State state(String key, @Nullable String lot, RecallProgressStates.@Nullable Seen seen,
				Map<Long, ItemSightings.EventFacts> facts) {
			ItemSightings.EventFacts event = seen == null ? null : facts.get(seen.rowId());
			if (seen == null || event == null) {
				return new RecallProgressStore.State(key, lot, row(0, ""), null, null, null, null, false, null, null);
			}
			boolean removed = RecallAlertWriter.isRemoval(event.bizStep(), event.disposition());
			return new RecallProgressStore.State(key, lot, row(event.reporterId(), location(event)), seen.timeMs(),
					seen.rowId(), seen.viaSscc(), seen.timeMs(), removed, removed ? event.reporterId() : null,
					removed ? RecallProgressStore.BY_EVENT : null);
		}

		long row(long holderId, String location) {
			return this.rows.computeIfAbsent(holderId + "\n" + location,
					k -> RecallProgressBuilder.this.store.holderRow(this.progressId, holderId, location));
		}

	}

	/**
	 * Where an event happened, for the holder rows: its bizLocation, else its readPoint.
	 */
	static String location(ItemSightings.EventFacts event) {
		String location = event.bizLocation() != null ? event.bizLocation()
				: event.readPoint() != null ? event.readPoint() : "";
		return location.length() > 255 ? location.substring(0, 255) : location;
	}

}
