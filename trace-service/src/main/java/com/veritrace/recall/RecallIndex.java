package com.veritrace.recall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.shared.EveryNode;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every recall's scope and what a consumer is told, in memory on every node, for the scan
 * page (a scan reads no recall table). Each node polls {@code recall_change} every
 * {@code veritrace.recall.poll-interval} (500 ms) and reloads when it grew; the node that
 * commits a change reloads at once. A page cached under another {@link #fingerprint} of
 * its GTIN's recalls is stale: the scan page builds it again instead of serving it, so a
 * recall shows on every node within about a second, not after the page cache's TTL. The
 * fingerprint is computed from the recalls themselves, so it is the same on every node
 * (pages are shared through Redis) whatever order changes were seen in.
 */
@Component
public class RecallIndex {

	private static final Logger log = LoggerFactory.getLogger(RecallIndex.class);

	/** What a consumer scanning a recalled item is told. */
	public record Notice(String recallId, RecallStatus status, RecallClass recallClass, RecallReason reasonCode,
			Instant issuedAt, boolean mandatory, Map<String, String> consumerInstructions) {
	}

	private record Entry(RecallScope scope, Notice notice, long sinceMs) {
	}

	/**
	 * A recall covering an item or lot, and since when (its version that added the
	 * covering scope).
	 */
	public record Covering(Notice notice, long sinceMs) {
	}

	private final RecallStore store;

	private volatile Map<String, List<Entry>> byGtin = Map.of();

	private volatile Map<String, Long> fingerprints = Map.of();

	private volatile boolean anyOpen;

	/** {@code recall_change} as last seen: how many rows, the highest number. */
	private volatile long seenCount = -1;

	private volatile long seenMax = -1;

	RecallIndex(RecallStore store) {
		this.store = store;
	}

	/**
	 * The recall covering the item (or, with no serial, the lot), newest first, or null.
	 */
	public @Nullable Notice recallOf(String gtin, @Nullable String serial, @Nullable String lot) {
		ensureLoaded();
		List<Entry> entries = this.byGtin.get(gtin);
		if (entries == null) {
			return null;
		}
		for (Entry entry : entries) {
			if (entry.scope().covers(gtin, serial, lot)) {
				return entry.notice();
			}
		}
		return null;
	}

	/**
	 * Every recall not CLOSED covering the item (or, with no serial, the lot), once each,
	 * with the earliest time any of its scope rows covered it.
	 */
	public List<Covering> openRecallsOf(String gtin, @Nullable String serial, @Nullable String lot) {
		ensureLoaded();
		List<Entry> entries = this.byGtin.get(gtin);
		if (entries == null) {
			return List.of();
		}
		Map<String, Covering> found = new java.util.LinkedHashMap<>();
		for (Entry entry : entries) {
			if (entry.notice().status() != RecallStatus.CLOSED && entry.scope().covers(gtin, serial, lot)) {
				found.merge(entry.notice().recallId(), new Covering(entry.notice(), entry.sinceMs()),
						(a, b) -> a.sinceMs() <= b.sinceMs() ? a : b);
			}
		}
		return List.copyOf(found.values());
	}

	/** Whether any recall is not CLOSED (a cheap test before any other). */
	public boolean hasOpenRecalls() {
		ensureLoaded();
		return this.anyOpen;
	}

	/** Whether any recall names this GTIN (a cheap test before finer ones). */
	public boolean hasRecalls(String gtin) {
		ensureLoaded();
		return this.byGtin.containsKey(gtin);
	}

	/**
	 * What the GTIN's recalls are now, as a number (0: none): a page built under another
	 * is stale.
	 */
	public long fingerprint(String gtin) {
		ensureLoaded();
		return this.fingerprints.getOrDefault(gtin, 0L);
	}

	private void ensureLoaded() {
		if (this.seenCount < 0) {
			refresh();
		}
	}

	@EveryNode
	@Scheduled(fixedDelayString = "${veritrace.recall.poll-interval:PT0.5S}", initialDelay = 500)
	void poll() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			log.warn("Recall index not refreshed ({}); trying again at the next poll", ex.toString());
		}
	}

	/** Reloads when a change was committed since the last load. */
	public synchronized void refresh() {
		long[] state = this.store.changeState();
		if (state[0] == this.seenCount && state[1] == this.seenMax) {
			return;
		}
		Map<String, List<Entry>> loaded = new HashMap<>();
		Map<String, Long> prints = new HashMap<>();
		for (RecallStore.Indexed row : this.store.indexed()) {
			Notice notice = new Notice(row.recallId(), row.status(), row.recallClass(), row.reasonCode(),
					Instant.ofEpochMilli(row.issuedMs()), "REGULATOR".equals(row.initiatorKind()),
					this.store.texts(row.consumerInstructions()));
			String gtin = row.scope().gtin();
			loaded.computeIfAbsent(gtin, g -> new ArrayList<>())
				.add(new Entry(row.scope(), notice, row.scopeSinceMs()));
			long print = (row.recallId() + "/" + row.version() + "/" + row.status() + "/" + row.scope()).hashCode();
			// order-independent: the same recalls give the same number on every node
			prints.merge(gtin, print * 0x9E3779B97F4A7C15L + 1, Long::sum);
		}
		// newest recall first: its instructions are the ones a consumer needs now
		loaded.values().forEach(list -> list.sort((a, b) -> b.notice().issuedAt().compareTo(a.notice().issuedAt())));
		this.byGtin = loaded;
		this.fingerprints = prints;
		this.anyOpen = loaded.values()
			.stream()
			.flatMap(List::stream)
			.anyMatch(e -> e.notice().status() != RecallStatus.CLOSED);
		this.seenCount = state[0];
		this.seenMax = state[1];
	}

}
