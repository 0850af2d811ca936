package com.veritrace.scan;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.ExpiringMap;

/**
 * The short-lived cache of what a code's page shows apart from its verdict
 * ({@link CodePage}): in this process for the embedded default, in Redis in production so
 * that every web node shares it. A cache that fails is a miss: the page is then built
 * from the database.
 */
interface PageCache {

	@Nullable CodePage get(String key);

	void put(String key, CodePage page, Duration ttl);

	/** In this process, bounded: emptied when it holds {@code maxEntries}. */
	final class InMemory implements PageCache {

		private final ExpiringMap<CodePage> entries;

		InMemory(int maxEntries) {
			this.entries = new ExpiringMap<>(maxEntries);
		}

		@Override
		public @Nullable CodePage get(String key) {
			return this.entries.get(key);
		}

		@Override
		public void put(String key, CodePage page, Duration ttl) {
			this.entries.put(key, page, ttl);
		}

	}

	/**
	 * In Redis as JSON under {@code <prefix><key>}, expiring after the TTL, with a near
	 * cache in this process for {@link #NEAR_TTL}: a code scanned many times a second
	 * costs one Redis read a second.
	 */
	final class Redis implements PageCache {

		static final Duration NEAR_TTL = Duration.ofSeconds(1);

		private static final Logger log = LoggerFactory.getLogger(PageCache.class);

		private final Near near = new Near(10_000);

		private final RedisCommands<String, String> redis;

		private final String prefix;

		private final JsonMapper json;

		Redis(StatefulRedisConnection<String, String> connection, String prefix, JsonMapper json) {
			this.redis = connection.sync();
			this.prefix = prefix;
			this.json = json;
		}

		@Override
		public @Nullable CodePage get(String key) {
			Near.Entry entry = this.near.get(key);
			if (entry != null && entry.fresh()) {
				return entry.page();
			}
			boolean claimed = this.near.claim(key);
			if (!claimed && entry != null && entry.recent()) {
				// another thread is reading it from Redis: the scans meanwhile get the
				// page
				// they had a moment ago, not a read each
				return entry.page();
			}
			try {
				String value = this.redis.get(this.prefix + key);
				if (value == null) {
					return null;
				}
				CodePage page = this.json.readValue(value, CodePage.class);
				this.near.put(key, page, NEAR_TTL);
				return page;
			}
			catch (RuntimeException ex) {
				log.warn("Scan page cache read failed ({}); building the page from the database", ex.toString());
				return null;
			}
			finally {
				if (claimed) {
					this.near.release(key);
				}
			}
		}

		@Override
		public void put(String key, CodePage page, Duration ttl) {
			this.near.put(key, page, ttl.compareTo(NEAR_TTL) < 0 ? ttl : NEAR_TTL);
			try {
				this.redis.set(this.prefix + key, this.json.writeValueAsString(page),
						SetArgs.Builder.px(ttl.toMillis()));
			}
			catch (JacksonException | io.lettuce.core.RedisException ex) {
				log.warn("Scan page cache write failed ({})", ex.toString());
			}
		}

	}

	/**
	 * The Redis cache's copy in this process: an entry past its TTL is still handed out
	 * while one thread ({@link #claim}) reads the page from Redis again. Without it every
	 * scan arriving during that read missed too and read and parsed the page itself: at
	 * thousands of scans a second, tens of reads a second of one page
	 * (docs/BENCHMARKS.md, the scan page after issue 15). Bounded: emptied when full.
	 */
	final class Near {

		record Entry(CodePage page, long freshUntilNanos) {

			boolean fresh() {
				return this.freshUntilNanos - System.nanoTime() > 0;
			}

			/** Expired less than a TTL ago. */
			boolean recent() {
				return this.freshUntilNanos + Redis.NEAR_TTL.toNanos() - System.nanoTime() > 0;
			}

		}

		private final Map<String, Entry> entries = new ConcurrentHashMap<>();

		private final Set<String> reading = ConcurrentHashMap.newKeySet();

		private final int maxEntries;

		Near(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		@Nullable Entry get(String key) {
			return this.entries.get(key);
		}

		void put(String key, CodePage page, Duration ttl) {
			if (this.entries.size() >= this.maxEntries) {
				this.entries.clear();
			}
			this.entries.put(key, new Entry(page, System.nanoTime() + ttl.toNanos()));
		}

		/**
		 * True for the one caller that should read the key again, until it releases it.
		 */
		boolean claim(String key) {
			return this.reading.add(key);
		}

		void release(String key) {
			this.reading.remove(key);
		}

	}

}
