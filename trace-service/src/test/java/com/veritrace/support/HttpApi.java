package com.veritrace.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API over real HTTP on loopback, as a client program calls it (tests of the embedded
 * default on a random port).
 */
public final class HttpApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	public HttpApi(int port) {
		this.port = port;
	}

	/** The answer's JSON, after checking its status. */
	public JsonNode call(String method, String path, String key, @Nullable String body, int expected) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
		return JSON.readTree(response.body());
	}

	/** The capture job once it ended (30 s at most). */
	public JsonNode awaitJob(String key, String id) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode job = call("GET", "/api/v1/epcis/capture/" + id, key, null, 200);
			if (!job.get("status").asString().equals("PENDING") && !job.get("status").asString().equals("RUNNING")) {
				return job;
			}
			assertThat(System.nanoTime()).as("capture " + id + " did not finish").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
