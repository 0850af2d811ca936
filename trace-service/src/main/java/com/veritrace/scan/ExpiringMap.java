package com.veritrace.scan;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A map of values that expire, bounded in entries (emptied when full: a flood of distinct
 * keys costs a rebuild, never memory). In this process only; for the scan page's
 * short-lived caches.
 */
final class ExpiringMap<V> {

	private record Entry<V>(V value, long expiresAtNanos) {
	}

	private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

	private final int maxEntries;

	ExpiringMap(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	@Nullable V get(String key) {
		Entry<V> entry = this.entries.get(key);
		return entry == null || entry.expiresAtNanos() - System.nanoTime() < 0 ? null : entry.value();
	}

	void put(String key, V value, Duration ttl) {
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry<>(value, System.nanoTime() + ttl.toNanos()));
	}

}
