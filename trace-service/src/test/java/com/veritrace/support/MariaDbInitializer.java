package com.veritrace.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Points the datasource at this run's MariaDB database. A context that counts scans or
 * caches pages in Redis also needs the Redis server on 127.0.0.1:6379: without it the
 * context fails here, saying so, rather than deep in a bean's connection error.
 */
public class MariaDbInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String REDIS_HOST = "127.0.0.1";

	static final int REDIS_PORT = 6379;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		MariaDbTestDatabase.properties("").applyTo(context.getEnvironment());
		if (usesRedis(context.getEnvironment())) {
			requireRedis();
		}
	}

	private static boolean usesRedis(Environment environment) {
		return "redis".equalsIgnoreCase(environment.getProperty("veritrace.scan.counters"))
				|| "redis".equalsIgnoreCase(environment.getProperty("veritrace.scan.page-cache"));
	}

	private static void requireRedis() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Integration tests need the Redis server at " + REDIS_HOST + ":" + REDIS_PORT
							+ " (scan counters and page cache): " + ex.getMessage()
							+ ". Start it with deploy/local/services.sh check (README: 'Run the whole test suite').",
					ex);
		}
	}

}
