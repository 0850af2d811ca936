package com.veritrace.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;

/**
 * Scan counters in Redis (Lettuce), shared by all web nodes. One Lua script per scan does the
 * counting atomically in one round trip. Keys share a hash tag so they live in one cluster slot:
 * {@code <prefix>{<code>}:n} (hash: count, first), {@code :p} (set of places), {@code :r}
 * (sorted set of recent scan times), {@code :placed:<scan>} (a scan that added its place, for a few minutes).
 * Keys expire after {@code retention} without scans.
 */
public final class RedisScanCounters implements ScanCounters {

	static final String RECORD = """
			local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
			if n == 1 then redis.call('HSET', KEYS[1], 'first', ARGV[1]) end
			local first = redis.call('HGET', KEYS[1], 'first')
			if ARGV[2] ~= '' and redis.call('SCARD', KEYS[2]) < tonumber(ARGV[6]) then redis.call('SADD', KEYS[2], ARGV[2]) end
			redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1] .. ':' .. n)
			redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[3])))
			if redis.call('ZCARD', KEYS[3]) > tonumber(ARGV[5]) then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, 0) end
			local places = redis.call('SCARD', KEYS[2])
			local recent = redis.call('ZCARD', KEYS[3])
			for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
			return {n, tonumber(first), places, recent}
			""";

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

	private final RedisCommands<String, String> redis;

	private final String prefix;

	private final Duration retention;

	private final String recordSha;

	private final String peekSha;

	private final String addPlaceSha;

	public RedisScanCounters(StatefulRedisConnection<String, String> connection, String prefix, Duration retention) {
		this.redis = connection.sync();
		this.prefix = prefix;
		this.retention = retention;
		this.recordSha = this.redis.scriptLoad(RECORD);
		this.peekSha = this.redis.scriptLoad(PEEK);
		this.addPlaceSha = this.redis.scriptLoad(ADD_PLACE);
	}

	@Override
	public ScanHistory record(String code, @Nullable String place, Instant at, Duration window) {
		List<Object> r = this.redis.evalsha(this.recordSha, ScriptOutputType.MULTI, keys(code),
				String.valueOf(at.toEpochMilli()), place == null ? "" : place, String.valueOf(window.toMillis()),
				String.valueOf(this.retention.toMillis()), String.valueOf(MAX_RECENT), String.valueOf(MAX_PLACES));
		return history(r);
	}

	@Override
	public @Nullable ScanHistory addPlace(String code, String scan, String place, Instant at, Duration window,
			Duration remember) {
		String[] keys = keys(code);
		List<Object> r = this.redis.evalsha(this.addPlaceSha, ScriptOutputType.MULTI,
				new String[] { keys[0], keys[1], keys[2], this.prefix + "{" + code + "}:placed:" + scan },
				String.valueOf(at.toEpochMilli()), place, String.valueOf(window.toMillis()),
				String.valueOf(Math.max(1, remember.toMillis())), String.valueOf(this.retention.toMillis()),
				String.valueOf(MAX_PLACES));
		return r.isEmpty() ? null : history(r);
	}

	@Override
	public @Nullable ScanHistory peek(String code, Instant at, Duration window) {
		List<Object> r = this.redis.evalsha(this.peekSha, ScriptOutputType.MULTI, keys(code),
				String.valueOf(at.toEpochMilli()), String.valueOf(window.toMillis()));
		return r.isEmpty() ? null : history(r);
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
