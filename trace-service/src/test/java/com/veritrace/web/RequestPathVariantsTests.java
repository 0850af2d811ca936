package com.veritrace.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits that a spelling of the path cannot dodge, over real HTTP on the embedded
 * default: every variant of a limited path (percent-encoded, double-encoded, dot
 * segments, matrix parameters, case) is either limited like the canonical path or refused
 * before it reaches a handler (400 bad-path, or 404/401 where the router does not take it
 * either). Requests are written by hand on a socket so that no client normalises the
 * path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.capture.max-hash-request-size=1KB", "veritrace.api.max-body-size=4KB",
				"veritrace.rate-limit.scans-per-minute=5", "veritrace.rate-limit.public-per-minute=1000" })
class RequestPathVariantsTests {

	static final String TOO_BIG = "{\"padding\":\"" + "x".repeat(2048) + "\"}";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void freshEmbeddedDatabase(DynamicPropertyRegistry registry) throws IOException {
		Path dir = Files.createTempDirectory("veritrace-paths");
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("veritrace")
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH");
		registry.add("veritrace.inspection.document-store.directory", () -> dir.resolve("documents").toString());
	}

	@Test
	void theCanonicalPathIsLimited() throws IOException {
		Answer answer = send("POST", "/api/v1/epcis/event-hashes", TOO_BIG);
		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.body()).contains("/problems/too-large").contains("1024 bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%61pi/v1/epcis/event-hashes", "/api/v1/epcis/%65vent-hashes",
			"/%61%70%69/v1/epcis/event-hashes", "/api/v1/epcis/event-hashes;x=1", "/api;x=1/v1/epcis/event-hashes",
			"/api/v1/./epcis/event-hashes", "/api/v1/x/../epcis/event-hashes", "/api/v1/%2e/epcis/event-hashes",
			"/api/v1/x/%2e%2e/epcis/event-hashes", "/%2561pi/v1/epcis/event-hashes", "/api//v1/epcis/event-hashes",
			"/api/v1/epcis%2Fevent-hashes", "/API/v1/epcis/event-hashes", "/api/V1/epcis/Event-Hashes" })
	void noVariantOfALimitedPathGetsABigBodyToItsParser(String variant) throws IOException {
		Answer answer = send("POST", variant, TOO_BIG);
		// limited like the canonical path, refused as a path, or not routed at all (404;
		// 401/403 from the security
		// chain of pages, which the API's spelling in another case falls into): never
		// parsed (200 or a parse 400)
		assertThat(answer.status()).as(variant + " answered " + answer.status() + " " + answer.body())
			.isIn(413, 400, 404, 401, 403);
		if (answer.status() == 400) {
			// refused by our path filter: not a parse error
			assertThat(answer.body().contains("/problems/bad-path") || !answer.body().contains("/problems/"))
				.as(variant + ": " + answer.body())
				.isTrue();
		}
		if (answer.status() == 413) {
			assertThat(answer.body()).contains("/problems/too-large");
		}
	}

	@Test
	void encodedSlashesAreLetThroughOnlyInAnEpcisIdentifier() throws IOException {
		// Tomcat passes them through and the path filter allows them in an EPCIS
		// resource's id: the request reaches the API's security (no key: 401)
		for (String path : List.of("/api/v1/epcis/epcs/https:%2F%2Fid.gs1.org%2F01%2F09506000134352%2F21%2FABC",
				"/api/v1/epcis/epcs/https:%2F%2Fid.gs1.org%2F01%2F09506000134352%2F21%2FABC/events",
				"/api/v1/epcis/bizLocations/https:%2F%2Fid.gs1.org%2F414%2F9506000134352")) {
			Answer answer = send("GET", path, null);
			assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(401);
		}
		// anywhere else they are refused as a path
		for (String path : List.of("/api/v1/epcis%2Fepcs", "/api/v1/epcis/epcs/a%2Fb/events/x", "/api/v1/products%2Fx",
				"/portal%2Fcodes", "/01%2F09506000134352/21/ABC")) {
			Answer answer = send("GET", path, null);
			assertThat(answer.status()).as(path).isEqualTo(400);
			assertThat(answer.body()).as(path).contains("/problems/bad-path");
		}
	}

	@Test
	void everyPathHasADefaultBodyCap() throws IOException {
		String body = "{\"padding\":\"" + "x".repeat(8192) + "\"}";
		for (String path : List.of("/nowhere", "/h5/unknown", "/actuator/health")) {
			Answer answer = send("POST", path, body);
			assertThat(answer.status()).as(path).isEqualTo(413);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%30%31/09506000134352/21/ABC", "/0%31/09506000134352/21/ABC",
			"/01;x=1/09506000134352/21/ABC" })
	void encodedScanPathsSpendTheScanBudget(String variant) throws IOException {
		// the budget (5 a minute) is per client, shared by all spellings: at most 5 of 12
		// get through
		int limited = 0;
		for (int i = 0; i < 12; i++) {
			Answer answer = send("GET", variant, null);
			// over budget, or refused as a path before it reaches a page (matrix
			// parameters)
			if (answer.status() == 429 || answer.body().contains("/problems/bad-path")) {
				limited++;
			}
		}
		assertThat(limited).as("of 12 scans written " + variant + " with a budget of 5 a minute")
			.isGreaterThanOrEqualTo(7);
	}

	record Answer(int status, String body) {
	}

	/** One HTTP/1.1 request with the path exactly as given. */
	Answer send(String method, String rawPath, String body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
			String head = method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
					+ "\r\nAccept: application/json\r\nConnection: close\r\n" + (body == null ? ""
							: "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
					+ "\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			try {
				out.write(content);
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before reading a body it refused
			}
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(response);
			assertThat(status.find()).as("an HTTP answer to " + rawPath + ": " + response).isTrue();
			int split = response.indexOf("\r\n\r\n");
			return new Answer(Integer.parseInt(status.group(1)), split < 0 ? "" : response.substring(split + 4));
		}
	}

}
