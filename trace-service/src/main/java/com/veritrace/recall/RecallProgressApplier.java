package com.veritrace.recall;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.events.ItemSightings;
import com.veritrace.shared.IdleBackoff;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the progress rows of built recalls current: applies the queued events (noted by
 * the recall watch or a build) and partners' removal confirmations to the item and case
 * rows and the holder counts, a batch per transaction with the recall's build row locked
 * (so never beside a build chunk or another node's applier). A later event moves an item;
 * the latest event or confirmation decides whether it is removed. Also takes over builds
 * that stalled (their node crashed). Runs every
 * {@code veritrace.recall.progress.apply-interval} on every node.
 */
@Component
class RecallProgressApplier {

	private static final Logger log = LoggerFactory.getLogger(RecallProgressApplier.class);

	/** Queued changes per transaction. */
	static final int BATCH = 100;

	private final RecallProgressStore store;

	private final RecallStore recalls;

	private final RecallResponsesStore responses;

	private final ItemSightings sightings;

	private final RecallProgressBuilder builder;

	private final RecallProgressProperties properties;

	private final TransactionTemplate tx;

	private final Clock clock;

	/** Empty ticks come further apart, up to veritrace.idle-poll-interval (issue 19). */
	private final IdleBackoff idle;

	RecallProgressApplier(RecallProgressStore store, RecallStore recalls, RecallResponsesStore responses,
			ItemSightings sightings, RecallProgressBuilder builder, RecallProgressProperties properties,
			PlatformTransactionManager transactions, Clock clock,
			@Value("${veritrace.idle-poll-interval:PT2S}") Duration idleInterval) {
		this.store = store;
		this.recalls = recalls;
		this.responses = responses;
		this.sightings = sightings;
		this.builder = builder;
		this.properties = properties;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
		this.idle = new IdleBackoff(properties.applyInterval(), idleInterval, clock::millis);
	}

	@Scheduled(fixedDelayString = "${veritrace.recall.progress.apply-interval:PT0.5S}", initialDelay = 1000)
	void tick() {
		if (!this.idle.due()) {
			return;
		}
		boolean found = true;
		try {
			List<String> queued = this.store.queuedRecalls();
			for (String recallId : queued) {
				apply(recallId);
			}
			List<String> stalled = this.store.stalled(this.clock.millis() - this.properties.staleAfter().toMillis());
			for (String recallId : stalled) {
				log.info("Recall {} progress build stalled; taking it over", recallId);
				this.builder.build(recallId);
			}
			found = !queued.isEmpty() || !stalled.isEmpty();
		}
		catch (RuntimeException ex) {
			log.warn("Recall progress not brought up to date ({}); trying again shortly", ex.toString());
		}
		this.idle.worked(found);
	}

	/** Applies everything queued for the recall, if its build is done. */
	void apply(String recallId) {
		while (Boolean.TRUE.equals(this.tx.execute(status -> batch(recallId)))) {
			// next batch
		}
	}

	private boolean batch(String recallId) {
		RecallProgressStore.Build build = this.store.lock(recallId);
		if (build == null || !build.ready()) {
			return false;
		}
		RecallStore.Head head = this.recalls.head(recallId, false);
		List<RecallProgressStore.Queued> queued = this.store.queued(recallId, BATCH);
		if (head == null || queued.isEmpty()) {
			return false;
		}
		for (RecallProgressStore.Queued entry : queued) {
			if (entry.eventRowId() != null) {
				applyEvent(build.id(), head.gtin(), entry.eventRowId());
			}
			else if (entry.responseId() != null && !applyResponse(build.id(), entry.responseId())) {
				// a large holding: the rest in the next transaction
				return true;
			}
			this.store.dequeue(entry.id());
		}
		return queued.size() == BATCH;
	}

	/** Moves the items and cases an event touched (itself or through its cases). */
	private void applyEvent(long progressId, String gtin, long rowId) {
		ItemSightings.EventFacts event = this.sightings.facts(List.of(rowId)).get(rowId);
		if (event == null) {
			return;
		}
		Map<String, @Nullable String> items = new LinkedHashMap<>();
		this.sightings.itemsOf(gtin, List.of(rowId)).getOrDefault(rowId, List.of()).forEach(s -> items.put(s, null));
		List<String> named = this.sightings.containersNamedBy(List.of(rowId)).getOrDefault(rowId, List.of());
		Set<String> cases = new LinkedHashSet<>();
		if (!named.isEmpty()) {
			RecallWatchContents contents = RecallWatchContents.load(this.sightings, named, event.timeMs());
			for (String sscc : named) {
				for (RecallWatchContents.Contained c : contents.itemsIn(sscc, event.timeMs(), gtin::equals)) {
					items.putIfAbsent(c.serial(), c.directCase());
					cases.add(c.directCase());
				}
			}
		}
		List<RecallProgressStore.State> itemRows = this.store.lockStates(RecallProgressStore.Kind.ITEM, progressId,
				items.keySet());
		// the cases that hold affected items now, and those named that held some before
		Set<String> held = new LinkedHashSet<>();
		for (RecallProgressStore.State item : itemRows) {
			String via = items.get(item.key());
			if (via != null) {
				held.add(via);
			}
		}
		Set<String> touchedCases = new LinkedHashSet<>(held);
		touchedCases.addAll(named);
		List<RecallProgressStore.State> caseRows = this.store.lockStates(RecallProgressStore.Kind.CASE, progressId,
				touchedCases);
		if (itemRows.isEmpty() && caseRows.isEmpty() && held.isEmpty()) {
			return; // a lot-level event, or one on items of the GTIN outside the recall
		}
		long holderRow = this.store.holderRow(progressId, event.reporterId(), RecallProgressBuilder.location(event));
		RecallProgressStore.Deltas deltas = new RecallProgressStore.Deltas();
		List<RecallProgressStore.State> changedItems = new ArrayList<>();
		for (RecallProgressStore.State item : itemRows) {
			RecallProgressStore.State moved = moved(item, event, items.get(item.key()), holderRow);
			if (moved != item) {
				changedItems.add(moved);
				deltas.add(item.holderRow(), -1, item.removed() ? -1 : 0, 0, 0, null);
				deltas.add(moved.holderRow(), 1, moved.removed() ? 1 : 0, 0, 0, moved.seenMs());
			}
		}
		List<RecallProgressStore.State> changedCases = new ArrayList<>();
		List<RecallProgressStore.State> newCases = new ArrayList<>();
		Set<String> known = new LinkedHashSet<>();
		for (RecallProgressStore.State c : caseRows) {
			known.add(c.key());
			RecallProgressStore.State moved = moved(c, event, null, holderRow);
			if (moved != c) {
				changedCases.add(moved);
				deltas.add(c.holderRow(), 0, 0, -1, c.removed() ? -1 : 0, null);
				deltas.add(moved.holderRow(), 0, 0, 1, moved.removed() ? 1 : 0, moved.seenMs());
			}
		}
		for (String sscc : held) {
			if (!known.contains(sscc)) {
				// a case packed with affected items after the build
				RecallProgressStore.State fresh = moved(
						new RecallProgressStore.State(sscc, null, holderRow, null, null, null, null, false, null, null),
						event, null, holderRow);
				newCases.add(fresh);
				deltas.add(fresh.holderRow(), 0, 0, 1, fresh.removed() ? 1 : 0, fresh.seenMs());
			}
		}
		this.store.update(RecallProgressStore.Kind.ITEM, progressId, changedItems);
		this.store.update(RecallProgressStore.Kind.CASE, progressId, changedCases);
		this.store.insert(RecallProgressStore.Kind.CASE, progressId, newCases);
		this.store.apply(deltas);
	}

	/**
	 * The state after the event: moved when the event is later than the last one seen
	 * (then it also decides removal, unless a confirmation is newer); the same object
	 * when nothing changes.
	 */
	private static RecallProgressStore.State moved(RecallProgressStore.State s, ItemSightings.EventFacts event,
			@Nullable String via, long holderRow) {
		RecallProgressStates.Seen seen = new RecallProgressStates.Seen(event.timeMs(), event.rowId(), via);
		RecallProgressStates.Seen last = s.seenMs() == null || s.seenRow() == null ? null
				: new RecallProgressStates.Seen(s.seenMs(), s.seenRow(), null);
		if (!seen.laterThan(last)) {
			return s;
		}
		boolean decides = s.stateMs() == null || event.timeMs() >= s.stateMs();
		boolean removal = RecallAlertWriter.isRemoval(event.bizStep(), event.disposition());
		boolean removed = decides ? removal : s.removed();
		return new RecallProgressStore.State(s.key(), s.lotNumber(), holderRow, event.timeMs(), event.rowId(), via,
				decides ? Long.valueOf(event.timeMs()) : s.stateMs(), removed,
				decides ? (removal ? Long.valueOf(event.reporterId()) : null) : s.removedBy(),
				decides ? (removal ? RecallProgressStore.BY_EVENT : null) : s.removedHow());
	}

	/**
	 * Removes what a partner's confirmation covers, up to a chunk of items and cases;
	 * true when it is fully applied.
	 */
	private boolean applyResponse(long progressId, long responseId) {
		RecallResponsesStore.Response response = this.responses.response(responseId);
		if (response == null || response.appliedMs() != null) {
			return true;
		}
		int chunk = this.properties.chunkSize();
		RecallProgressStore.Deltas deltas = new RecallProgressStore.Deltas();
		long removedItems = 0;
		boolean done = true;
		if (response.items() != null) {
			List<RecallProgressStore.State> rows = this.store.lockStates(RecallProgressStore.Kind.ITEM, progressId,
					response.items());
			removedItems = remove(RecallProgressStore.Kind.ITEM, progressId, rows, response, deltas);
		}
		else {
			List<Long> holderRows = this.store.holderRowsOf(progressId, response.organisationId());
			for (RecallProgressStore.Kind kind : RecallProgressStore.Kind.values()) {
				List<RecallProgressStore.State> rows = this.store.lockRemovable(kind, holderRows, response.atMs(),
						chunk);
				long removed = remove(kind, progressId, rows, response, deltas);
				if (kind == RecallProgressStore.Kind.ITEM) {
					removedItems = removed;
				}
				done &= rows.size() < chunk;
			}
		}
		this.store.apply(deltas);
		this.responses.applied(responseId, removedItems, done, this.clock.millis());
		if (done) {
			log.info("Removal confirmation {} of organisation {} applied to recall progress {}", responseId,
					response.organisationId(), progressId);
		}
		return done;
	}

	private long remove(RecallProgressStore.Kind kind, long progressId, List<RecallProgressStore.State> rows,
			RecallResponsesStore.Response response, RecallProgressStore.Deltas deltas) {
		List<RecallProgressStore.State> changed = new ArrayList<>();
		for (RecallProgressStore.State s : rows) {
			if (s.removed() || s.stateMs() != null && s.stateMs() > response.atMs()) {
				continue;
			}
			changed.add(new RecallProgressStore.State(s.key(), s.lotNumber(), s.holderRow(), s.seenMs(), s.seenRow(),
					s.sscc(), response.atMs(), true, response.organisationId(), RecallProgressStore.BY_PARTNER));
			if (kind == RecallProgressStore.Kind.ITEM) {
				deltas.add(s.holderRow(), 0, 1, 0, 0, null);
			}
			else {
				deltas.add(s.holderRow(), 0, 0, 0, 1, null);
			}
		}
		this.store.update(kind, progressId, changed);
		return changed.size();
	}

}
