package com.veritrace.scan;

import java.time.Clock;
import java.util.Base64;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.analytics.InMemoryScanCounters;
import com.veritrace.analytics.RedisScanCounters;
import com.veritrace.analytics.ScanCounters;
import com.veritrace.issuance.SerialKeys;
import com.veritrace.web.BodyLimit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Where scans are counted and pages cached: in memory (embedded default) or Redis
 * (production, shared by every web node), each by configuration alone; one Redis
 * connection serves both.
 */
@Configuration(proxyBeanMethods = false)
class ScanConfiguration {

	@Bean
	ScanStores scanStores(ScanProperties properties, JsonMapper json, MeterRegistry meters) {
		boolean redisCounters = properties.counters() == ScanProperties.Store.REDIS;
		boolean redisPages = properties.pageCache() == ScanProperties.Store.REDIS;
		if (!redisCounters && !redisPages) {
			return new ScanStores(new InMemoryScanCounters(1_000_000), new PageCache.InMemory(100_000), () -> {
			});
		}
		RedisClient client = RedisClient.create(properties.redisUrl());
		// a Redis outage fails a command at once or within the timeout, instead of
		// queueing it for a
		// reconnect (Lettuce's default, with a 60 s timeout): the scan page degrades, it
		// does not hang
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
			.build());
		client.setDefaultTimeout(properties.redisTimeout());
		StatefulRedisConnection<String, String> connection = client.connect();
		RedisScanCounters redis = redisCounters
				? new RedisScanCounters(connection, "vt:scan:", properties.counterRetention()) : null;
		if (redis != null) {
			FunctionCounter.builder("veritrace.scan.counters.uncounted", redis, RedisScanCounters::uncountedScans)
				.description("Scans of hot codes answered at once whose counting in Redis then failed")
				.register(meters);
		}
		return new ScanStores(redis != null ? redis : new InMemoryScanCounters(1_000_000),
				redisPages ? new PageCache.Redis(connection, "vt:page:", json) : new PageCache.InMemory(100_000),
				() -> {
					if (redis != null) {
						redis.close(); // counts the scans answered but not yet counted
					}
					connection.close();
					client.shutdown();
				});
	}

	/**
	 * The scan page's own handler mapping, asked before the application's: Spring's looks
	 * up a path pattern such as {@code /01/**} by trying every mapping of the application
	 * in turn, which cost the busiest page more than all of its own work but the
	 * counting. This one holds only the resolver.
	 */
	@Bean
	RequestMappingHandlerMapping scanPageHandlerMapping(
			@Qualifier("mvcContentNegotiationManager") ContentNegotiationManager contentNegotiation) {
		RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping() {

			@Override
			protected boolean isHandler(Class<?> beanType) {
				return beanType == ScanPageController.class;
			}

		};
		mapping.setOrder(Ordered.HIGHEST_PRECEDENCE);
		mapping.setContentNegotiationManager(contentNegotiation);
		return mapping;
	}

	/**
	 * Where the page posts the phone's approximate area ({@link ScanPlaceController}).
	 */
	static final String PLACE_PATH = "/h5/scans/place";

	static final String PLACE_TOKEN_KEY_PURPOSE = "place-token-key";

	/** Where the page's script confirms its scan ({@link ScanPlaceController#seen}). */
	static final String SEEN_PATH = "/h5/scans/seen";

	static final String CLIENT_KEY_PURPOSE = "client-key";

	/**
	 * Client keys from a secret derived from the serial master key, which every node
	 * shares: the same client gets the same key on every node.
	 */
	@Bean
	ClientKeys clientKeys(SerialKeys serialKeys, Clock clock) {
		return new ClientKeys(serialKeys.purposeKey(CLIENT_KEY_PURPOSE), clock);
	}

	/** The confirmation's body is a token. */
	@Bean
	BodyLimit scanSeenBodyLimit() {
		return new BodyLimit(SEEN_PATH, 1024);
	}

	/**
	 * Signs with {@code veritrace.scan.place-token-key} when set, else with a key derived
	 * from the serial master key, which every node shares already: a token issued by one
	 * node is accepted by the others.
	 */
	@Bean
	PlaceToken placeToken(ScanProperties properties, SerialKeys serialKeys, Clock clock) {
		return new PlaceToken(placeTokenKey(properties, serialKeys), properties.placeTokenTtl(), clock);
	}

	static byte[] placeTokenKey(ScanProperties properties, SerialKeys serialKeys) {
		if (properties.placeTokenKey() == null) {
			return serialKeys.purposeKey(PLACE_TOKEN_KEY_PURPOSE);
		}
		try {
			return Base64.getDecoder().decode(properties.placeTokenKey());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("veritrace.scan.place-token-key is not base64");
		}
	}

	/** The place endpoint's body is a token and a cell: a few hundred bytes. */
	@Bean
	BodyLimit scanPlaceBodyLimit() {
		return new BodyLimit(PLACE_PATH, 1024);
	}

	/** The counters, the page cache and how to release their connection. */
	record ScanStores(ScanCounters counters, PageCache pages, Runnable close) implements DisposableBean {

		@Override
		public void destroy() {
			this.close.run();
		}

	}

}
