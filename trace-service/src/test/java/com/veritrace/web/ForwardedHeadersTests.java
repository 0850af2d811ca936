package com.veritrace.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a proxy the operator names (here: 127.0.0.1), forwarded headers count: HTTPS at
 * the proxy gets HSTS, and the rate limit charges the client the proxy names, not the
 * proxy. (Without a named proxy the headers are ignored: EmbeddedDefaultTests.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native",
				"server.tomcat.remoteip.internal-proxies=127\\\\.0\\\\.0\\\\.1",
				"veritrace.rate-limit.public-per-minute=3" })
class ForwardedHeadersTests {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("veritrace-forwarded");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	HttpResponse<String> get(String path, String client, String proto) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Forwarded-For", client)
			.header("X-Forwarded-Proto", proto)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void httpsAtTheNamedProxyGetsHsts() throws Exception {
		assertThat(get("/actuator/health", "198.51.100.7", "https").headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying(v -> assertThat(v).contains("max-age="));
		assertThat(get("/actuator/health", "198.51.100.7", "http").headers().firstValue("Strict-Transport-Security"))
			.isEmpty();
	}

	@Test
	void theRateLimitChargesTheForwardedClient() throws Exception {
		String path = "/api/v1/rfid/sgtin-96/3074257BF7194E4000001A85";
		for (int i = 0; i < 3; i++) {
			assertThat(get(path, "198.51.100.20", "https").statusCode()).isEqualTo(200);
		}
		assertThat(get(path, "198.51.100.20", "https").statusCode()).isEqualTo(429);
		// another client behind the same proxy has its own budget
		assertThat(get(path, "198.51.100.21", "https").statusCode()).isEqualTo(200);
	}

}
