package com.veritrace;

import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The image's health check against a real HTTP server on loopback. */
class HealthProbeTests {

	@Test
	void readyIsZeroAndNotReadyOrNothingListeningIsOne() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/ready", exchange -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/down", exchange -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
		String base = "http://127.0.0.1:" + server.getAddress().getPort();
		try {
			assertThat(HealthProbe.check(base + "/ready")).isZero();
			assertThat(HealthProbe.check(base + "/down")).isOne();
		}
		finally {
			server.stop(0);
		}
		assertThat(HealthProbe.check(base + "/ready")).as("nothing listening").isOne();
	}

}
