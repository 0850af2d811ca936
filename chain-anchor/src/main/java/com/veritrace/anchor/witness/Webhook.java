package com.veritrace.anchor.witness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts an alarm as JSON to the operator's webhook: http or https only (checked by
 * {@link WitnessOptions}), no redirects followed, 5 s to connect and 10 s for the answer,
 * the answer's body discarded. A failure is reported to the caller, never retried
 * forever: the alarm is in the log output and in {@code alarm.json} as well.
 */
final class Webhook {

	private final URI url;

	private final HttpClient client;

	Webhook(URI url) {
		this.url = url;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** Posts {@code json}; the HTTP status, or an exception's message. */
	String post(String json) {
		HttpRequest request = HttpRequest.newBuilder(this.url)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("User-Agent", "veritrace-witness")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status >= 200 && status < 300) ? "delivered (" + status + ")" : "answered HTTP " + status;
		}
		catch (IOException ex) {
			return "failed: " + ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	/** The URL without its query (which may hold a token), for logs. */
	String display() {
		return EvmAnchorCheck.withoutUserInfo(this.url);
	}

}
