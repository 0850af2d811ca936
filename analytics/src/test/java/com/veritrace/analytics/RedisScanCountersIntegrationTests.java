package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real Redis on 127.0.0.1:6379 (VERITRACE_IT_REDIS_URL overrides); fails if
 * it is not there.
 */
class RedisScanCountersIntegrationTests {

	static RedisClient client;

	static StatefulRedisConnection<String, String> connection;

	static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

	static final Duration WINDOW = Duration.ofMinutes(10);

	final String prefix = "vt-it:" + UUID.randomUUID() + ":";

	@BeforeAll
	static void connect() {
		String url = System.getenv().getOrDefault("VERITRACE_IT_REDIS_URL", "redis://127.0.0.1:6379");
		client = RedisClient.create(url);
		try {
			connection = client.connect();
		}
		catch (RedisConnectionException ex) {
			client.shutdown();
			throw new IllegalStateException(
					"Integration tests need the Redis server at " + url + " (VERITRACE_IT_REDIS_URL overrides): "
							+ ex.getMessage()
							+ ". Start it with deploy/local/services.sh check (README: 'Run the whole test suite').",
					ex);
		}
	}

	final List<RedisScanCounters> opened = new ArrayList<>();

	RedisScanCounters counters(Duration retention) {
		RedisScanCounters counters = new RedisScanCounters(connection, this.prefix, retention);
		this.opened.add(counters);
		return counters;
	}

	@AfterEach
	void closeCounters() {
		this.opened.forEach(RedisScanCounters::close);
	}

	@AfterAll
	static void close() {
		if (connection != null) {
			connection.close();
			client.shutdown();
		}
	}

	@Test
	void countsPlacesAndTheSlidingWindowLikeTheInMemoryCounters() {
		RedisScanCounters redis = counters(Duration.ofDays(1));
		InMemoryScanCounters memory = new InMemoryScanCounters(100);
		Instant t0 = T0;
		Duration window = WINDOW;
		Object[][] scans = { { "Hangzhou", 0 }, { "Hangzhou", 60 }, { null, 120 }, { "Shenzhen", 660 },
				{ "Beijing", 661 }, { "Chengdu", 662 } };
		for (Object[] scan : scans) {
			Instant at = t0.plusSeconds((Integer) scan[1]);
			assertThat(redis.record("code-a", (String) scan[0], at, window))
				.isEqualTo(memory.record("code-a", (String) scan[0], at, window));
		}
		assertThat(redis.peek("code-a", t0.plusSeconds(662), window)).isEqualTo(new ScanHistory(6, t0, 4, 4));
		assertThat(redis.peek("never-scanned", t0, window)).isNull();
		assertThat(connection.sync().pttl(this.prefix + "{code-a}:n")).isBetween(1L, Duration.ofDays(1).toMillis());
	}

	@Test
	void concurrentScansFromManyClientsAreEachCountedOnce() throws Exception {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<?>> futures = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < 400; i++) {
			int n = i;
			futures.add(pool.submit(() -> redis.record("code-b", "p" + (n % 5), now, Duration.ofMinutes(1))));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		pool.shutdown();
		ScanHistory h = redis.peek("code-b", now, Duration.ofMinutes(1));
		assertThat(h.scans()).isEqualTo(400);
		assertThat(h.distinctPlaces()).isEqualTo(5);
		assertThat(h.scansInWindow()).isEqualTo(400);
	}

	@Test
	void scansCountedInBatchesGetTheHistoryEachWouldGetAlone() throws Exception {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		ExecutorService pool = Executors.newFixedThreadPool(32);
		List<Future<ScanHistory>> futures = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			int n = i;
			futures.add(pool.submit(() -> redis.record("code-e" + (n % 7), "p" + (n % 3), T0.plusMillis(n), WINDOW)));
		}
		// every scan of a code got its own place in the order: counts 1..k, each exactly
		// once
		java.util.Map<Long, Long> perCount = new java.util.HashMap<>();
		for (Future<ScanHistory> f : futures) {
			ScanHistory h = f.get();
			assertThat(h.distinctPlaces()).isBetween(1, 3);
			assertThat(h.scansInWindow()).isEqualTo((int) Math.min(h.scans(), ScanCounters.MAX_RECENT));
			perCount.merge(h.scans(), 1L, Long::sum);
		}
		pool.shutdown();
		for (long k = 1; k <= 3000 / 7; k++) {
			assertThat(perCount.get(k)).as("scans answered with count %d", k).isEqualTo(7);
		}
		for (int c = 0; c < 7; c++) {
			assertThat(redis.peek("code-e" + c, T0.plusSeconds(3), WINDOW).scans())
				.isEqualTo(3000 / 7 + (c < 3000 % 7 ? 1 : 0));
		}
	}

	@Test
	void aHotCodesNextScanIsAnsweredWithoutWaitingAndCountedAfter() {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		assertThat(redis.record("code-g", "Hangzhou", T0, WINDOW)).isEqualTo(new ScanHistory(1, T0, 1, 1));
		connection.sync().clientPause(400); // Redis answers nobody for 400 ms
		long start = System.nanoTime();
		// the same code from a place Redis counted: answered from this node's counts at
		// once
		assertThat(redis.record("code-g", "Hangzhou", T0.plusMillis(10), WINDOW))
			.isEqualTo(new ScanHistory(2, T0, 1, 2));
		assertThat(redis.record("code-g", null, T0.plusMillis(20), WINDOW)).isEqualTo(new ScanHistory(3, T0, 1, 3));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(150));
		// a new place, or a code not counted lately, waits for Redis
		assertThat(redis.record("code-g", "Shenzhen", T0.plusMillis(30), WINDOW))
			.isEqualTo(new ScanHistory(4, T0, 2, 4));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(100));
		assertThat(redis.peek("code-g", T0.plusMillis(30), WINDOW)).isEqualTo(new ScanHistory(4, T0, 2, 4));
		// a scan more than a second after the last answer waits too (the window may have
		// slid)
		assertThat(redis.record("code-g", null, T0.plusSeconds(700), WINDOW)).isEqualTo(new ScanHistory(5, T0, 2, 1));
		assertThat(redis.uncountedScans()).isZero();
	}

	@Test
	void whenRedisFallsBehindHotScansWaitSoThatTheQueueStaysBounded() {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		redis.record("code-h", null, T0, WINDOW);
		connection.sync().clientPause(1500); // long enough for the loop below on a slow
												// machine
		int answeredAtOnce = 0;
		for (int i = 1; i <= RedisScanCounters.MAX_QUEUED + RedisScanCounters.MAX_BATCH + 1; i++) {
			long start = System.nanoTime();
			ScanHistory history = redis.record("code-h", null, T0.plusMillis(i % 500), WINDOW);
			assertThat(history.scans()).isEqualTo(i + 1);
			if (System.nanoTime() - start > Duration.ofMillis(200).toNanos()) {
				break; // this one waited for Redis
			}
			answeredAtOnce++;
		}
		// one batch is in (paused) Redis, the queue behind it holds at most MAX_QUEUED
		assertThat(answeredAtOnce).isBetween(RedisScanCounters.MAX_QUEUED - 1,
				RedisScanCounters.MAX_QUEUED + RedisScanCounters.MAX_BATCH);
		assertThat(redis.peek("code-h", T0.plusMillis(600), WINDOW).scans()).isEqualTo(answeredAtOnce + 2);
	}

	@Test
	void countingGoesOnAfterRedisForgotItsScripts() {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		assertThat(redis.record("code-f", null, T0, WINDOW).scans()).isEqualTo(1);
		connection.sync().scriptFlush(); // what a Redis restart does
		assertThat(redis.record("code-f", null, T0.plusSeconds(1), WINDOW).scans()).isEqualTo(2);
		connection.sync().scriptFlush();
		assertThat(redis.peek("code-f", T0.plusSeconds(1), WINDOW).scans()).isEqualTo(2);
	}

	@Test
	void aFloodOfScansOfOneCodeKeepsItsRecentRecordBounded() {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		InMemoryScanCounters memory = new InMemoryScanCounters(10);
		Instant t0 = Instant.parse("2026-11-01T08:00:00Z");
		int flood = ScanCounters.MAX_RECENT + 100;
		ScanHistory fromRedis = null;
		ScanHistory fromMemory = null;
		for (int i = 0; i < flood; i++) {
			Instant at = t0.plusMillis(i);
			fromRedis = redis.record("code-c", "Hangzhou", at, Duration.ofMinutes(10));
			fromMemory = memory.record("code-c", "Hangzhou", at, Duration.ofMinutes(10));
		}
		assertThat(fromRedis).isEqualTo(fromMemory).isEqualTo(new ScanHistory(flood, t0, 1, ScanCounters.MAX_RECENT));
		redis.flush(); // hot scans are answered before they are in Redis
		assertThat(connection.sync().zcard(this.prefix + "{code-c}:r")).isEqualTo(ScanCounters.MAX_RECENT);
	}

	@Test
	void confirmationsCountEachClientAndOnePlacePerClientLikeTheInMemoryCounters() {
		RedisScanCounters redis = counters(Duration.ofHours(1));
		InMemoryScanCounters memory = new InMemoryScanCounters(10);
		Duration remember = Duration.ofMinutes(5);
		java.util.List<ScanHistory> answers = new java.util.ArrayList<>();
		for (ScanCounters counters : new ScanCounters[] { redis, memory }) {
			assertThat(counters.confirm("code-d", "s0", "seen",
					new ScanCounters.Confirmation("client-a", "net-1", "Hangzhou"), T0, WINDOW, remember))
				.as("never scanned")
				.isNull();
			counters.record("code-d", "Hangzhou", T0, WINDOW);
			counters.record("code-d", null, T0.plusSeconds(1), WINDOW);
			ScanHistory a = counters.confirm("code-d", "s1", "seen",
					new ScanCounters.Confirmation("client-a", "net-1", "Hangzhou"), T0.plusSeconds(10), WINDOW,
					remember);
			assertThat(a).isEqualTo(new ScanHistory(2, T0, 1, 2, new ScanHistory.Evidence(1, 1, 1, 1)));
			assertThat(counters.confirm("code-d", "s1", "seen",
					new ScanCounters.Confirmation("client-b", "net-2", "Shanghai"), T0.plusSeconds(20), WINDOW,
					remember))
				.as("the same scan again")
				.isNull();
			// the same client again, elsewhere: still one client, one place
			ScanHistory again = counters.confirm("code-d", "s1", "place",
					new ScanCounters.Confirmation("client-a", "net-1", "31.2,121.5"), T0.plusSeconds(20), WINDOW,
					remember);
			assertThat(again.evidence()).isEqualTo(new ScanHistory.Evidence(1, 1, 1, 1));
			ScanHistory later = counters.confirm("code-d", "s2", "seen",
					new ScanCounters.Confirmation("client-b", "net-2", "Shanghai"), T0.plusSeconds(700), WINDOW,
					remember);
			assertThat(later.evidence()).isEqualTo(new ScanHistory.Evidence(2, 1, 2, 2));
			// the page's next scan carries the evidence
			answers.add(counters.record("code-d", null, T0.plusSeconds(701), WINDOW));
			for (int i = 0; i < ScanCounters.MAX_PLACES + 5; i++) {
				counters.confirm("code-d", "c" + i, "seen", new ScanCounters.Confirmation("x" + i, "n", "1." + i),
						T0.plusSeconds(702), WINDOW, remember);
			}
			assertThat(counters.peek("code-d", T0.plusSeconds(702), WINDOW).evidence().places())
				.isEqualTo(ScanCounters.MAX_PLACES);
		}
		assertThat(answers.get(0)).isEqualTo(answers.get(1));
		assertThat(answers.get(0).evidence()).isEqualTo(new ScanHistory.Evidence(2, 1, 2, 2));
		assertThat(connection.sync().pttl(this.prefix + "{code-d}:seen:s1")).isBetween(1L, remember.toMillis());
	}

}
