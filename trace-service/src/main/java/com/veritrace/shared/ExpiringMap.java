package com.veritrace.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A map of values that expire, bounded in entries (emptied when full: a flood of distinct
 * keys costs a rebuild, never memory). In this process only; for short-lived caches (the
 * scan page's, the portal dashboard's numbers).
 */
public final class ExpiringMap<V> {

	private record Entry<V>(V value, long expiresAtNanos) {
	}

	private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

	private final int maxEntries;

	public ExpiringMap(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	public @Nullable V get(String key) {
		Entry<V> entry = this.entries.get(key);
		return entry == null || entry.expiresAtNanos() - System.nanoTime() < 0 ? null : entry.value();
	}

	public void put(String key, V value, Duration ttl) {
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry<>(value, System.nanoTime() + ttl.toNanos()));
	}

	/** Forgets one key (the next {@link #get} misses). */
	public void remove(String key) {
		this.entries.remove(key);
	}

}
