package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Scan counters in this process: for the embedded default and tests; bounded in codes
 * kept.
 */
public final class InMemoryScanCounters implements ScanCounters {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final int maxCodes;

	public InMemoryScanCounters(int maxCodes) {
		this.maxCodes = maxCodes;
	}

	@Override
	public ScanHistory record(String code, @Nullable String place, Instant at, Duration window) {
		if (this.entries.size() >= this.maxCodes && !this.entries.containsKey(code)) {
			this.entries.clear();
		}
		Entry entry = this.entries.computeIfAbsent(code, k -> new Entry(at));
		synchronized (entry) {
			entry.scans++;
			if (place != null && entry.places.size() < MAX_PLACES) {
				entry.places.add(place);
			}
			entry.recent.addLast(at);
			if (entry.recent.size() > MAX_RECENT) {
				entry.recent.removeFirst();
			}
			return entry.history(at, window);
		}
	}

	@Override
	public @Nullable ScanHistory confirm(String code, String scan, String kind, Confirmation confirmation, Instant at,
			Duration window, Duration remember) {
		Entry entry = this.entries.get(code);
		if (entry == null) {
			return null;
		}
		synchronized (entry) {
			entry.placed.values().removeIf(until -> !until.isAfter(at));
			if (entry.placed.putIfAbsent(kind + ":" + scan, at.plus(remember)) != null) {
				return null;
			}
			entry.clients.remove(confirmation.client());
			entry.clients.put(confirmation.client(), at);
			trim(entry.clients);
			entry.networks.remove(confirmation.network());
			entry.networks.put(confirmation.network(), at);
			trim(entry.networks);
			String place = confirmation.place();
			if (place != null && entry.clientPlaces.size() < MAX_CLIENTS
					&& entry.clientPlaces.putIfAbsent(confirmation.client(), place) == null
					&& entry.evidencePlaces.size() < MAX_PLACES) {
				entry.evidencePlaces.add(place);
			}
			return entry.history(at, window);
		}
	}

	private static void trim(LinkedHashMap<String, Instant> latest) {
		while (latest.size() > MAX_CLIENTS) {
			latest.remove(latest.keySet().iterator().next());
		}
	}

	@Override
	public @Nullable ScanHistory peek(String code, Instant at, Duration window) {
		Entry entry = this.entries.get(code);
		if (entry == null) {
			return null;
		}
		synchronized (entry) {
			return entry.history(at, window);
		}
	}

	private static final class Entry {

		final Instant first;

		long scans;

		final Set<String> places = new HashSet<>();

		final Deque<Instant> recent = new ArrayDeque<>();

		/** Scans confirmed (by kind), until when they are remembered. */
		final Map<String, Instant> placed = new HashMap<>();

		/**
		 * Confirmed clients and networks, by their latest confirmation (oldest first).
		 */
		final LinkedHashMap<String, Instant> clients = new LinkedHashMap<>();

		final LinkedHashMap<String, Instant> networks = new LinkedHashMap<>();

		/** Each confirmed client's first place, and the distinct places among them. */
		final Map<String, String> clientPlaces = new HashMap<>();

		final Set<String> evidencePlaces = new HashSet<>();

		Entry(Instant first) {
			this.first = first;
		}

		ScanHistory history(Instant at, Duration window) {
			Instant from = at.minus(window);
			while (!this.recent.isEmpty() && this.recent.peekFirst().isBefore(from)) {
				this.recent.removeFirst();
			}
			int clientsInWindow = (int) this.clients.values().stream().filter(t -> !t.isBefore(from)).count();
			return new ScanHistory(this.scans, this.first, this.places.size(), this.recent.size(),
					new ScanHistory.Evidence(this.clients.size(), clientsInWindow, this.networks.size(),
							this.evidencePlaces.size()));
		}

	}

}
