package com.veritrace.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.jspecify.annotations.Nullable;

/**
 * Scan counters in Redis (Lettuce), shared by all web nodes. A Lua script does the counting
 * atomically. Scans are counted in batches: while one batch is in Redis, the scans arriving meanwhile
 * wait for the next, which carries them all in one script call (under a flood, one round trip
 * counts dozens of scans; a lone scan goes at once). Each scan still gets the history including
 * itself, exactly as if counted alone. Batches span codes, so the counters need a standalone (or
 * Sentinel-managed) Redis, not a cluster. Keys share a hash tag per code:
 * {@code <prefix>{<code>}:n} (hash: count, first), {@code :p} (set of places), {@code :r}
 * (sorted set of recent scan times), {@code :placed:<scan>} (a scan that added its place, for a few minutes).
 * Keys expire after {@code retention} without scans.
 */
public final class RedisScanCounters implements ScanCounters {

	/**
	 * Counts a batch of scans in order: ARGV[1..3] retention, max recent, max places; then per scan
	 * {@code i} its time, place ('' for none) and burst window at ARGV[4+3i..6+3i] and its code's keys at
	 * KEYS[1+3i..3+3i]. Answers four numbers per scan: scans, first scan, distinct places, recent scans.
	 */
	static final String RECORD = """
			local out = {}
			for i = 0, #KEYS / 3 - 1 do
				local kn, kp, kr = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
				local at, place, window = ARGV[4 + 3 * i], ARGV[5 + 3 * i], tonumber(ARGV[6 + 3 * i])
				local n = redis.call('HINCRBY', kn, 'n', 1)
				if n == 1 then redis.call('HSET', kn, 'first', at) end
				local first = redis.call('HGET', kn, 'first')
				if place ~= '' and redis.call('SCARD', kp) < tonumber(ARGV[3]) then redis.call('SADD', kp, place) end
				redis.call('ZADD', kr, at, at .. ':' .. n)
				redis.call('ZREMRANGEBYSCORE', kr, '-inf', '(' .. (tonumber(at) - window))
				if redis.call('ZCARD', kr) > tonumber(ARGV[2]) then redis.call('ZREMRANGEBYRANK', kr, 0, 0) end
				local places = redis.call('SCARD', kp)
				local recent = redis.call('ZCARD', kr)
				redis.call('PEXPIRE', kn, ARGV[1])
				redis.call('PEXPIRE', kp, ARGV[1])
				redis.call('PEXPIRE', kr, ARGV[1])
				out[#out + 1] = n
				out[#out + 1] = tonumber(first)
				out[#out + 1] = places
				out[#out + 1] = recent
			end
			return out
			""";

	/** Most scans one script call counts: a bigger batch would hold Redis (single-threaded) for longer. */
	static final int MAX_BATCH = 128;

	/** KEYS[4] marks the scan as placed: SET NX, so a second call for the same scan changes nothing. */
	static final String ADD_PLACE = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
			if not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[4]) then return {} end
			if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[6]) then redis.call('SADD', KEYS[2], ARGV[2]) end
			for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
			local recent = redis.call('ZCOUNT', KEYS[3], tonumber(ARGV[1]) - tonumber(ARGV[3]), '+inf')
			return {tonumber(redis.call('HGET', KEYS[1], 'n')), tonumber(redis.call('HGET', KEYS[1], 'first')),
				redis.call('SCARD', KEYS[2]), recent}
			""";

	static final String PEEK = """
			local n = redis.call('HGET', KEYS[1], 'n')
			if not n then return {} end
			local first = redis.call('HGET', KEYS[1], 'first')
			local recent = redis.call('ZCOUNT', KEYS[3], tonumber(ARGV[1]) - tonumber(ARGV[2]), '+inf')
			return {tonumber(n), tonumber(first), redis.call('SCARD', KEYS[2]), recent}
			""";

	private final RedisAsyncCommands<String, String> redis;

	private final Duration timeout;

	private final String prefix;

	private final Duration retention;

	private final Script record = new Script(RECORD);

	private final Script peek = new Script(PEEK);

	private final Script addPlace = new Script(ADD_PLACE);

	/** Scans waiting for the next batch. */
	private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

	/** True while a batch is in Redis: scans arriving meanwhile wait for the next one. */
	private final AtomicBoolean inFlight = new AtomicBoolean();

	public RedisScanCounters(StatefulRedisConnection<String, String> connection, String prefix, Duration retention) {
		this.redis = connection.async();
		this.timeout = connection.getTimeout();
		this.prefix = prefix;
		this.retention = retention;
	}

	/** A Lua script, called by its SHA; sent whole when Redis does not know it (first use, or after a restart). */
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

	private record Pending(String[] keys, String at, String place, String window, CompletableFuture<ScanHistory> history) {
	}

	@Override
	public ScanHistory record(String code, @Nullable String place, Instant at, Duration window) {
		Pending scan = new Pending(keys(code), String.valueOf(at.toEpochMilli()), place == null ? "" : place,
				String.valueOf(window.toMillis()), new CompletableFuture<>());
		this.waiting.add(scan);
		sendBatch();
		return await(scan.history());
	}

	/**
	 * Sends the waiting scans as one batch unless one is in Redis already; the batch's completion sends the
	 * next. Clearing the flag before looking at the queue again means no scan is left waiting.
	 */
	private void sendBatch() {
		while (!this.waiting.isEmpty() && this.inFlight.compareAndSet(false, true)) {
			List<Pending> batch = new ArrayList<>();
			for (Pending p; batch.size() < MAX_BATCH && (p = this.waiting.poll()) != null;) {
				batch.add(p);
			}
			if (batch.isEmpty()) {
				this.inFlight.set(false);
				continue;
			}
			String[] keys = new String[batch.size() * 3];
			String[] args = new String[3 + batch.size() * 3];
			args[0] = String.valueOf(this.retention.toMillis());
			args[1] = String.valueOf(MAX_RECENT);
			args[2] = String.valueOf(MAX_PLACES);
			for (int i = 0; i < batch.size(); i++) {
				Pending p = batch.get(i);
				System.arraycopy(p.keys(), 0, keys, 3 * i, 3);
				args[3 + 3 * i] = p.at();
				args[4 + 3 * i] = p.place();
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
					if (failure != null) {
						batch.get(i).history().completeExceptionally(failure);
					}
					else {
						batch.get(i).history().complete(history(r.subList(4 * i, 4 * i + 4)));
					}
				}
				this.inFlight.set(false);
				sendBatch();
			});
		}
	}

	@Override
	public @Nullable ScanHistory addPlace(String code, String scan, String place, Instant at, Duration window,
			Duration remember) {
		String[] keys = keys(code);
		List<Object> r = await(eval(this.addPlace,
				new String[] { keys[0], keys[1], keys[2], this.prefix + "{" + code + "}:placed:" + scan },
				String.valueOf(at.toEpochMilli()), place, String.valueOf(window.toMillis()),
				String.valueOf(Math.max(1, remember.toMillis())), String.valueOf(this.retention.toMillis()),
				String.valueOf(MAX_PLACES)));
		return r.isEmpty() ? null : history(r);
	}

	@Override
	public @Nullable ScanHistory peek(String code, Instant at, Duration window) {
		List<Object> r = await(eval(this.peek, keys(code), String.valueOf(at.toEpochMilli()),
				String.valueOf(window.toMillis())));
		return r.isEmpty() ? null : history(r);
	}

	private CompletionStage<List<Object>> eval(Script script, String[] keys, String... args) {
		CompletionStage<List<Object>> bySha = this.redis.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
		return bySha.handle((r, failure) -> failure == null ? CompletableFuture.completedFuture(r)
				: unwrap(failure) instanceof RedisNoScriptException
						? this.redis.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args)
						: CompletableFuture.<List<Object>>failedFuture(failure))
			.thenCompose(Function.identity());
	}

	/** The result, waiting at most the connection's timeout (and a little): Redis failures as RedisException. */
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
		return new String[] { base + ":n", base + ":p", base + ":r" };
	}

	private static ScanHistory history(List<Object> r) {
		return new ScanHistory((Long) r.get(0), Instant.ofEpochMilli((Long) r.get(1)), ((Long) r.get(2)).intValue(),
				((Long) r.get(3)).intValue());
	}

}
