package com.veritrace.scan;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.analytics.InMemoryScanCounters;
import com.veritrace.analytics.RedisScanCounters;
import com.veritrace.analytics.ScanCounters;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where scans are counted and pages cached: in memory (embedded default) or Redis (production,
 * shared by every web node), each by configuration alone; one Redis connection serves both.
 */
@Configuration(proxyBeanMethods = false)
class ScanConfiguration {

	@Bean
	ScanStores scanStores(ScanProperties properties, JsonMapper json) {
		boolean redisCounters = properties.counters() == ScanProperties.Store.REDIS;
		boolean redisPages = properties.pageCache() == ScanProperties.Store.REDIS;
		if (!redisCounters && !redisPages) {
			return new ScanStores(new InMemoryScanCounters(1_000_000), new PageCache.InMemory(100_000), () -> {
			});
		}
		RedisClient client = RedisClient.create(properties.redisUrl());
		// a Redis outage fails a command at once or within the timeout, instead of queueing it for a
		// reconnect (Lettuce's default, with a 60 s timeout): the scan page degrades, it does not hang
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
			.build());
		client.setDefaultTimeout(properties.redisTimeout());
		StatefulRedisConnection<String, String> connection = client.connect();
		return new ScanStores(
				redisCounters ? new RedisScanCounters(connection, "vt:scan:", properties.counterRetention())
						: new InMemoryScanCounters(1_000_000),
				redisPages ? new PageCache.Redis(connection, "vt:page:", json) : new PageCache.InMemory(100_000), () -> {
					connection.close();
					client.shutdown();
				});
	}

	/** The counters, the page cache and how to release their connection. */
	record ScanStores(ScanCounters counters, PageCache pages, Runnable close) implements DisposableBean {

		@Override
		public void destroy() {
			this.close.run();
		}

	}

}
