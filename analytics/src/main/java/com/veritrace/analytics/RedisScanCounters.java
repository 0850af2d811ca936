package com.veritrace.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scan counters in Redis (Lettuce), shared by all web nodes. A Lua script does the
 * counting atomically. Scans are counted in batches: while one batch is in Redis, the
 * scans arriving meanwhile go in the next, which carries them all in one script call
 * (under a flood, one round trip counts dozens of scans; a lone scan goes at once).
 * Batches span codes, so the counters need a standalone (or Sentinel-managed) Redis, not
 * a cluster.
 * <p>
 * A scan waits for Redis unless its code is hot on this node: Redis answered for the code
 * less than {@link #HOT} ago (for a scan less than {@code HOT} earlier) and the scan
 * brings no place Redis has not counted for it from here. A hot code's scan is answered
 * from that answer plus this node's scans of the code still on their way, and counted in
 * the next batch without waiting. On one node that is exactly the history Redis will
 * hold; scans on other nodes show up to one round trip late, and a sliding window may
 * count scans that left it within the last {@code HOT} (only ever more, never fewer). If
 * a batch fails, its hot codes wait for Redis again. Keys share a hash tag per code:
 * {@code <prefix>{<code>}:n} (hash: count, first), {@code :p} (set of places), {@code :r}
 * (sorted set of recent scan times); confirmed clients ({@link #confirm}): {@code :c} and
 * {@code :w} (sorted sets of client and network keys by their latest confirmation),
 * {@code :cp} (hash: each client's first place), {@code :q} (set of those places),
 * {@code :seen:<scan>} and {@code :place:<scan>} (a scan confirmed, for a few minutes).
 * Keys expire after {@code retention} without scans.
 */
public final class RedisScanCounters implements ScanCounters, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisScanCounters.class);

	/**
	 * Counts a batch of scans in order: ARGV[1..3] retention, max recent, max places;
	 * then per scan {@code i} its time, place ('' for none) and burst window at
	 * ARGV[4+3i..6+3i] and its code's keys at KEYS[1+6i..6+6i] (count, places, recent,
	 * confirmed clients, their networks, their places). Answers eight numbers per scan:
	 * scans, first scan, distinct places, recent scans; confirmed clients, of them within
	 * the window, networks, clients' places (read once per code and batch: scans do not
	 * change them).
	 */
	static final String RECORD = """
			local out, state, codes = {}, {}, {}
			local maxRecent, maxPlaces = tonumber(ARGV[2]), tonumber(ARGV[3])
			for i = 0, #KEYS / 6 - 1 do
				local kn, kp, kr = KEYS[6 * i + 1], KEYS[6 * i + 2], KEYS[6 * i + 3]
				local at, place, window = ARGV[4 + 3 * i], ARGV[5 + 3 * i], tonumber(ARGV[6 + 3 * i])
				local n = redis.call('HINCRBY', kn, 'n', 1)
				local s = state[kn]
				if not s then -- a code's first scan in the batch reads its state; the others keep it up to date
					if n == 1 then -- its first scan ever: nothing to read (its keys expire with it)
						redis.call('HSET', kn, 'first', at)
						s = { first = tonumber(at), places = 0, recent = 0, kp = kp, kr = kr, clients = 0, clientsIn = 0,
							networks = 0, cplaces = 0 }
					else
						s = { first = tonumber(redis.call('HGET', kn, 'first')), places = redis.call('SCARD', kp),
							recent = redis.call('ZCARD', kr), kp = kp, kr = kr,
							clients = redis.call('ZCARD', KEYS[6 * i + 4]),
							clientsIn = redis.call('ZCOUNT', KEYS[6 * i + 4], tonumber(at) - window, '+inf'),
							networks = redis.call('ZCARD', KEYS[6 * i + 5]), cplaces = redis.call('SCARD', KEYS[6 * i + 6]) }
					end
					state[kn] = s
					codes[#codes + 1] = kn
				end
				if place ~= '' and s.places < maxPlaces then s.places = s.places + redis.call('SADD', kp, place) end
				s.recent = s.recent + redis.call('ZADD', kr, at, at .. ':' .. n)
				s.recent = s.recent - redis.call('ZREMRANGEBYSCORE', kr, '-inf', '(' .. (tonumber(at) - window))
				if s.recent > maxRecent then
					s.recent = s.recent - redis.call('ZREMRANGEBYRANK', kr, 0, s.recent - maxRecent - 1)
				end
				out[#out + 1] = n
				out[#out + 1] = s.first
				out[#out + 1] = s.places
				out[#out + 1] = s.recent
				out[#out + 1] = s.clients
				out[#out + 1] = s.clientsIn
				out[#out + 1] = s.networks
				out[#out + 1] = s.cplaces
			end
			for _, kn in ipairs(codes) do
				local s = state[kn]
				redis.call('PEXPIRE', kn, ARGV[1])
				redis.call('PEXPIRE', s.kp, ARGV[1])
				redis.call('PEXPIRE', s.kr, ARGV[1])
			end
			return out
			""";

	/**
	 * {@link #RECORD} of one scan (KEYS[1..6]) unless its late count KEYS[7] was made
	 * already (SET NX, kept for the retention ARGV[1]): then nothing, and an empty
	 * answer. With seven keys RECORD's loop ({@code 0 .. #KEYS / 6 - 1}) counts the one
	 * scan.
	 */
	static final String RECORD_ONCE = "if not redis.call('SET', KEYS[7], '1', 'NX', 'PX', ARGV[1]) then return {} end\n"
			+ RECORD;

	/**
	 * Most scans one script call counts: a bigger batch would hold Redis
	 * (single-threaded) for longer.
	 */
	static final int MAX_BATCH = 128;

	/**
	 * Counts a confirmation: KEYS[1..7] the code's keys (as {@link #RECORD}'s, with the
	 * clients' places hash at KEYS[6] and their distinct places at KEYS[7]); KEYS[8]
	 * marks the scan as confirmed (SET NX, so a second call for the same scan and kind
	 * changes nothing). ARGV: time, client, network, place ('' for none), window,
	 * remember, retention, max clients, max places.
	 */
	static final String CONFIRM = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
			if not redis.call('SET', KEYS[8], '1', 'NX', 'PX', ARGV[6]) then return {} end
			local at, maxClients = tonumber(ARGV[1]), tonumber(ARGV[8])
			for k = 4, 5 do
				redis.call('ZADD', KEYS[k], at, ARGV[k - 2])
				local extra = redis.call('ZCARD', KEYS[k]) - maxClients
				if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[k], 0, extra - 1) end
			end
			if ARGV[4] ~= '' and redis.call('HLEN', KEYS[6]) < maxClients
					and redis.call('HSETNX', KEYS[6], ARGV[2], ARGV[4]) == 1
					and redis.call('SCARD', KEYS[7]) < tonumber(ARGV[9]) then
				redis.call('SADD', KEYS[7], ARGV[4])
			end
			for i = 1, 7 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
			local from = at - tonumber(ARGV[5])
			return {tonumber(redis.call('HGET', KEYS[1], 'n')), tonumber(redis.call('HGET', KEYS[1], 'first')),
				redis.call('SCARD', KEYS[2]), redis.call('ZCOUNT', KEYS[3], from, '+inf'), redis.call('ZCARD', KEYS[4]),
				redis.call('ZCOUNT', KEYS[4], from, '+inf'), redis.call('ZCARD', KEYS[5]), redis.call('SCARD', KEYS[7])}
			""";

	static final String PEEK = """
			local n = redis.call('HGET', KEYS[1], 'n')
			if not n then return {} end
			local first = redis.call('HGET', KEYS[1], 'first')
			local from = tonumber(ARGV[1]) - tonumber(ARGV[2])
			return {tonumber(n), tonumber(first), redis.call('SCARD', KEYS[2]), redis.call('ZCOUNT', KEYS[3], from, '+inf'),
				redis.call('ZCARD', KEYS[4]), redis.call('ZCOUNT', KEYS[4], from, '+inf'), redis.call('ZCARD', KEYS[5]),
				redis.call('SCARD', KEYS[6])}
			""";

	private final RedisAsyncCommands<String, String> redis;

	private final Duration timeout;

	private final String prefix;

	private final Duration retention;

	private final Script record = new Script(RECORD);

	private final Script peek = new Script(PEEK);

	private final Script confirm = new Script(CONFIRM);

	private final Script recordOnce = new Script(RECORD_ONCE);

	/** Scans waiting for the next batch. */
	private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

	/** True while a batch is in Redis: scans arriving meanwhile wait for the next one. */
	private final AtomicBoolean inFlight = new AtomicBoolean();

	/**
	 * How long an answer from Redis lets this node answer a code's next scans without
	 * waiting.
	 */
	static final Duration HOT = Duration.ofSeconds(1);

	/**
	 * Codes recently counted from this node; emptied when full (a flood of distinct codes
	 * waits for Redis).
	 */
	private final Map<String, Hot> hot = new ConcurrentHashMap<>();

	static final int MAX_HOT = 10_000;

	/**
	 * Scans enqueued and answered by Redis (or failed) so far: {@link #flush} waits for
	 * them to meet.
	 */
	private final AtomicLong enqueued = new AtomicLong();

	private volatile long answered;

	private final AtomicLong unconfirmedFailures = new AtomicLong();

	/**
	 * Scans in the queue; a hot code's scan waits for Redis, too, while there are
	 * {@link #MAX_QUEUED}.
	 */
	private final AtomicInteger queued = new AtomicInteger();

	static final int MAX_QUEUED = 1024;

	/**
	 * Scans in the queue whose request waits for the answer: while there are any, batches
	 * go at once.
	 */
	private final AtomicInteger waiters = new AtomicInteger();

	/** How long scans nobody waits for may gather before they are sent. */
	static final Duration GATHER = Duration.ofMillis(1);

	private final AtomicBoolean gatherScheduled = new AtomicBoolean();

	private final ScheduledExecutorService gatherer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "scan-counters-gather");
		thread.setDaemon(true);
		return thread;
	});

	public RedisScanCounters(StatefulRedisConnection<String, String> connection, String prefix, Duration retention) {
		this.redis = connection.async();
		this.timeout = connection.getTimeout();
		this.prefix = prefix;
		this.retention = retention;
	}

	/**
	 * A Lua script, called by its SHA; sent whole when Redis does not know it (first use,
	 * or after a restart).
	 */
	private record Script(String source, String sha) {

		Script(String source) {
			this(source, sha1(source));
		}

		private static String sha1(String source) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * A scan on its way to Redis; {@code answered}: whether the page got its history
	 * already (hot code).
	 */
	private record Pending(Hot code, String[] keys, long atMs, @Nullable String place, String window, long seq,
			boolean answered, CompletableFuture<ScanHistory> history) {
	}

	/**
	 * What this node knows of one code: Redis's latest answer for it (null: none usable,
	 * wait for Redis), when and for a scan at what time; this node's scans of it sent and
	 * not answered yet; the places Redis counted.
	 */
	private static final class Hot {

		@Nullable ScanHistory confirmed;

		long confirmedNanos;

		long confirmedAtMs;

		int unconfirmed;

		final Set<String> places = new HashSet<>();

		/**
		 * Counts a scan on its way; its history when it can be answered without Redis,
		 * else null.
		 */
		synchronized @Nullable ScanHistory send(@Nullable String place, long atMs) {
			this.unconfirmed++;
			ScanHistory c = this.confirmed;
			if (c == null || System.nanoTime() - this.confirmedNanos > HOT.toNanos()
					|| Math.abs(atMs - this.confirmedAtMs) >= HOT.toMillis()
					|| place != null && !this.places.contains(place)) {
				return null;
			}
			return new ScanHistory(c.scans() + this.unconfirmed, c.firstScanAt(), c.distinctPlaces(),
					(int) Math.min(MAX_RECENT, c.scansInWindow() + (long) this.unconfirmed), c.evidence());
		}

		synchronized void answered(@Nullable ScanHistory history, @Nullable String place, long atMs) {
			this.unconfirmed--;
			if (history == null) {
				this.confirmed = null; // failed: wait for Redis until it answers again
				return;
			}
			// answers come in the order the scans were sent: the latest holds all of this
			// node's scans so far
			if (this.confirmed == null || history.scans() >= this.confirmed.scans()) {
				this.confirmed = history;
				this.confirmedNanos = System.nanoTime();
				this.confirmedAtMs = atMs;
			}
			if (place != null && this.places.size() < MAX_PLACES) {
				this.places.add(place);
			}
		}

		synchronized void forget() {
			this.confirmed = null;
		}

	}

	@Override
	public ScanHistory record(String code, @Nullable String place, Instant at, Duration window) {
		if (this.hot.size() >= MAX_HOT) {
			this.hot.clear(); // the scans on their way still update their (now unlisted)
								// entries: harmless
		}
		Hot entry = this.hot.computeIfAbsent(code, c -> new Hot());
		long atMs = at.toEpochMilli();
		String[] keys = keys(code);
		ScanHistory known;
		Pending scan;
		// scans join the queue in the order their histories were predicted: Redis then
		// counts them in that order
		synchronized (this.waiting) {
			known = entry.send(place, atMs);
			if (this.queued.get() >= MAX_QUEUED) {
				known = null; // Redis is falling behind: this scan waits for it (so the
								// queue stays bounded)
			}
			scan = new Pending(entry, keys, atMs, place, String.valueOf(window.toMillis()),
					this.enqueued.incrementAndGet(), known != null, new CompletableFuture<>());
			if (known == null) {
				this.waiters.incrementAndGet();
			}
			this.waiting.add(scan);
			this.queued.incrementAndGet();
		}
		if (known == null) {
			sendBatch();
			return await(scan.history());
		}
		gather();
		return known;
	}

	/**
	 * Sends the waiting scans in {@link #GATHER} unless a send is due already: when no
	 * scan in the queue waits for its answer, a moment's delay costs nobody anything and
	 * lets one call count many scans.
	 */
	private void gather() {
		if (this.gatherScheduled.compareAndSet(false, true)) {
			this.gatherer.schedule(() -> {
				this.gatherScheduled.set(false);
				sendBatch();
			}, GATHER.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** Counts what is still on its way, and stops the gathering thread. */
	@Override
	public void close() {
		flush();
		this.gatherer.shutdownNow();
	}

	/**
	 * Waits until the scans counted so far are in Redis (or failed): before reading
	 * counts, and at shutdown.
	 */
	public void flush() {
		long target = this.enqueued.get();
		long deadline = System.nanoTime() + this.timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
		while (this.answered < target && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
		}
	}

	/**
	 * Scans answered without waiting whose counting then failed (Redis down): not in the
	 * counters.
	 */
	public long uncountedScans() {
		return this.unconfirmedFailures.get();
	}

	/**
	 * A scan answered without waiting whose counting then failed: {@code code} as given
	 * to {@link #record}, its place or null, its time.
	 */
	public record Uncounted(String code, @Nullable String place, long atMs) {
	}

	private volatile Consumer<Uncounted> uncounted = u -> {
	};

	/**
	 * Who hears of each {@link Uncounted} scan (the scan log notes it, to count it late
	 * with {@link #recordLate}); called on Lettuce's thread, so it must not block.
	 */
	public void onUncounted(Consumer<Uncounted> listener) {
		this.uncounted = listener;
	}

	private void tellUncounted(Pending p) {
		String code = p.keys()[0].substring(this.prefix.length() + 1, p.keys()[0].length() - "}:n".length());
		try {
			this.uncounted.accept(new Uncounted(code, p.place(), p.atMs()));
		}
		catch (RuntimeException ex) {
			log.warn("Could not note an uncounted scan of {}: {}", code, ex.toString());
		}
	}

	/**
	 * Sends the waiting scans as one batch unless one is in Redis already; the batch's
	 * completion sends the next. Clearing the flag before looking at the queue again
	 * means no scan is left waiting.
	 */
	private void sendBatch() {
		while (!this.waiting.isEmpty() && this.inFlight.compareAndSet(false, true)) {
			List<Pending> batch = new ArrayList<>();
			for (Pending p; batch.size() < MAX_BATCH && (p = this.waiting.poll()) != null;) {
				this.queued.decrementAndGet();
				batch.add(p);
				if (!p.answered()) {
					this.waiters.decrementAndGet();
				}
			}
			if (batch.isEmpty()) {
				this.inFlight.set(false);
				continue;
			}
			String[] keys = new String[batch.size() * 6];
			String[] args = new String[3 + batch.size() * 3];
			args[0] = String.valueOf(this.retention.toMillis());
			args[1] = String.valueOf(MAX_RECENT);
			args[2] = String.valueOf(MAX_PLACES);
			for (int i = 0; i < batch.size(); i++) {
				Pending p = batch.get(i);
				System.arraycopy(p.keys(), 0, keys, 6 * i, 6);
				args[3 + 3 * i] = String.valueOf(p.atMs());
				args[4 + 3 * i] = p.place() == null ? "" : p.place();
				args[5 + 3 * i] = p.window();
			}
			CompletionStage<List<Object>> result;
			try {
				result = eval(this.record, keys, args);
			}
			catch (RuntimeException ex) { // rejected at once (e.g. disconnected)
				result = CompletableFuture.failedFuture(ex);
			}
			result.whenComplete((r, failure) -> {
				for (int i = 0; i < batch.size(); i++) {
					Pending p = batch.get(i);
					ScanHistory history = failure == null ? history(r.subList(8 * i, 8 * i + 8)) : null;
					p.code().answered(history, p.place(), p.atMs());
					if (history != null) {
						p.history().complete(history);
					}
					else {
						p.history().completeExceptionally(failure);
						if (p.answered()) {
							this.unconfirmedFailures.incrementAndGet();
							tellUncounted(p);
						}
					}
				}
				if (failure != null && batch.stream().anyMatch(Pending::answered)) {
					log.warn(
							"Scan counters unavailable ({}): {} scans answered from this node's counts were not counted",
							failure.toString(), batch.stream().filter(Pending::answered).count());
				}
				this.answered = batch.get(batch.size() - 1).seq();
				this.inFlight.set(false);
				if (this.waiters.get() > 0) {
					sendBatch();
				}
				else if (!this.waiting.isEmpty()) {
					gather();
				}
			});
		}
	}

	@Override
	public @Nullable ScanHistory confirm(String code, String scan, String kind, Confirmation confirmation, Instant at,
			Duration window, Duration remember) {
		flush();
		Hot entry = this.hot.get(code);
		if (entry != null) {
			entry.forget(); // the code's evidence changed: its next scan waits for Redis
		}
		String[] k = keys(code);
		String base = this.prefix + "{" + code + "}";
		List<Object> r = await(eval(this.confirm,
				new String[] { k[0], k[1], k[2], k[3], k[4], base + ":cp", k[5], base + ":" + kind + ":" + scan },
				String.valueOf(at.toEpochMilli()), confirmation.client(), confirmation.network(),
				confirmation.place() == null ? "" : confirmation.place(), String.valueOf(window.toMillis()),
				String.valueOf(Math.max(1, remember.toMillis())), String.valueOf(this.retention.toMillis()),
				String.valueOf(MAX_CLIENTS), String.valueOf(MAX_PLACES)));
		return r.isEmpty() ? null : history(r);
	}

	/**
	 * Counts the scan at once (not in a batch), unless {@code <prefix>{code}:late:<once>}
	 * says it was counted late already; Redis failures as RedisException.
	 */
	@Override
	public boolean recordLate(String code, @Nullable String place, Instant at, Duration window, String once) {
		String[] k = keys(code);
		String[] keys = Arrays.copyOf(k, 7);
		keys[6] = this.prefix + "{" + code + "}:late:" + once;
		List<Object> r = await(eval(this.recordOnce, keys, String.valueOf(this.retention.toMillis()),
				String.valueOf(MAX_RECENT), String.valueOf(MAX_PLACES), String.valueOf(at.toEpochMilli()),
				place == null ? "" : place, String.valueOf(window.toMillis())));
		Hot entry = this.hot.get(code);
		if (entry != null) {
			entry.forget(); // its count changed behind this node's back: the next scan
							// waits for Redis
		}
		return !r.isEmpty();
	}

	@Override
	public @Nullable ScanHistory peek(String code, Instant at, Duration window) {
		flush();
		List<Object> r = await(
				eval(this.peek, keys(code), String.valueOf(at.toEpochMilli()), String.valueOf(window.toMillis())));
		return r.isEmpty() ? null : history(r);
	}

	private CompletionStage<List<Object>> eval(Script script, String[] keys, String... args) {
		CompletionStage<List<Object>> bySha = this.redis.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
		return bySha
			.handle((r, failure) -> failure == null ? CompletableFuture.completedFuture(r)
					: unwrap(failure) instanceof RedisNoScriptException
							? this.redis.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
							: CompletableFuture.<List<Object>>failedFuture(failure))
			.thenCompose(Function.identity());
	}

	/**
	 * The result, waiting at most the connection's timeout (and a little): Redis failures
	 * as RedisException.
	 */
	private <T> T await(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().get(this.timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = unwrap(ex);
			throw cause instanceof RuntimeException runtime ? runtime : new RedisException(cause);
		}
		catch (TimeoutException ex) {
			throw new RedisCommandTimeoutException("Scan counters did not answer within " + this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisException("Interrupted while waiting for the scan counters");
		}
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable t = failure;
		while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
			t = t.getCause();
		}
		return t;
	}

	private String[] keys(String code) {
		String base = this.prefix + "{" + code + "}";
		return new String[] { base + ":n", base + ":p", base + ":r", base + ":c", base + ":w", base + ":q" };
	}

	private static ScanHistory history(List<Object> r) {
		return new ScanHistory((Long) r.get(0), Instant.ofEpochMilli((Long) r.get(1)), ((Long) r.get(2)).intValue(),
				((Long) r.get(3)).intValue(), new ScanHistory.Evidence(((Long) r.get(4)).intValue(),
						((Long) r.get(5)).intValue(), ((Long) r.get(6)).intValue(), ((Long) r.get(7)).intValue()));
	}

}
