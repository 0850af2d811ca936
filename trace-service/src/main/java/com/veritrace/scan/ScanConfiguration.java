package com.veritrace.scan;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import com.veritrace.analytics.InMemoryScanCounters;
import com.veritrace.analytics.RedisScanCounters;
import com.veritrace.analytics.ScanCounters;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Scan counters: in memory (embedded default) or Redis (production), by configuration alone. */
@Configuration(proxyBeanMethods = false)
class ScanConfiguration {

	@Bean
	CountersHolder scanCounters(ScanProperties properties) {
		if (properties.counters() == ScanProperties.Counters.REDIS) {
			RedisClient client = RedisClient.create(properties.redisUrl());
			StatefulRedisConnection<String, String> connection = client.connect();
			return new CountersHolder(new RedisScanCounters(connection, "vt:scan:", properties.counterRetention()),
					() -> {
						connection.close();
						client.shutdown();
					});
		}
		return new CountersHolder(new InMemoryScanCounters(1_000_000), () -> {
		});
	}

	/** The counters and how to release their connection. */
	record CountersHolder(ScanCounters counters, Runnable close) implements DisposableBean {

		@Override
		public void destroy() {
			this.close.run();
		}

	}

}
