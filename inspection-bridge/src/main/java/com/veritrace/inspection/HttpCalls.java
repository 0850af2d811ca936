package com.veritrace.inspection;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guarded outbound HTTP client of every call to a lab system (pull and webhooks):
 * each attempt first checks where it goes ({@link OutboundAddresses}: public addresses
 * only unless the connection allows its private network), never follows redirects, has
 * the connection's timeouts, and is retried with backoff when it failed in a way that may
 * pass. Bodies are read through {@link CappedBody} by the callers; an answer over its cap
 * fails at once, without retries.
 */
final class HttpCalls {

	private static final Logger log = LoggerFactory.getLogger(HttpCalls.class);

	private final HttpClient http;

	private final LabConnection connection;

	private final RetryPolicy.Sleeper sleeper;

	HttpCalls(LabConnection connection, RetryPolicy.Sleeper sleeper) {
		this.connection = connection;
		this.sleeper = sleeper;
		this.http = HttpClient.newBuilder()
			.connectTimeout(connection.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Answers the first response that is not worth retrying (2xx, or 4xx other than
	 * 408/429); throws otherwise.
	 */
	<T> Answer<T> send(String what, Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> body) {
		RetryPolicy retry = this.connection.retry();
		String lastProblem = "";
		int lastStatus = 0;
		Exception lastCause = null;
		for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
			Duration wait = retry.backoff(attempt);
			HttpRequest built = request.get().timeout(this.connection.requestTimeout()).build();
			OutboundAddresses.check(built.uri(), this.connection.allowPrivateNetwork());
			try {
				HttpResponse<T> response = this.http.send(built, body);
				int status = response.statusCode();
				if (!retryable(status)) {
					return new Answer<>(status, response.body(), attempt,
							response.headers().firstValue("Content-Type").orElse(null));
				}
				lastStatus = status;
				lastCause = null;
				lastProblem = "HTTP " + status;
				wait = retryAfter(response, wait, retry.maxBackoff());
			}
			catch (HttpTimeoutException ex) {
				lastProblem = "timed out after " + this.connection.requestTimeout().toMillis() + " ms";
				lastCause = ex;
			}
			catch (IOException ex) {
				if (body instanceof CappedBody.Handler<?> capped && capped.exceeded()) {
					CappedBody.TooLargeException tooLarge = new CappedBody.TooLargeException(capped.max());
					tooLarge.initCause(ex);
					throw new LabConnectorException(what + ": " + tooLarge.getMessage(), false, 200, tooLarge);
				}
				lastProblem = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
				lastCause = ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LabConnectorException(what + " interrupted", true, lastStatus, ex);
			}
			if (attempt < retry.maxAttempts()) {
				log.debug("{} failed ({}), attempt {} of {}; retrying in {} ms", what, lastProblem, attempt,
						retry.maxAttempts(), wait.toMillis());
				try {
					this.sleeper.sleep(wait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new LabConnectorException(what + " interrupted", true, lastStatus, ex);
				}
			}
		}
		throw new LabConnectorException(what + " failed after " + retry.maxAttempts() + " attempts: " + lastProblem,
				true, lastStatus, lastCause);
	}

	static boolean retryable(int status) {
		return status >= 500 || status == 408 || status == 429;
	}

	private static Duration retryAfter(HttpResponse<?> response, Duration fallback, Duration max) {
		return response.headers().firstValue("Retry-After").map(value -> {
			try {
				Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
				return asked.compareTo(max) > 0 ? max : asked;
			}
			catch (NumberFormatException ex) {
				return fallback;
			}
		}).orElse(fallback);
	}

	record Answer<T>(int status, T body, int attempts, @org.jspecify.annotations.Nullable String contentType) {
	}

}
