package com.veritrace.inspection;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How to reach one lab system: its base URI, the bearer token it gave us (for the pull
 * API) or the secret we share with it (to sign webhooks), timeouts and retries.
 * {@code requestTimeout} bounds each call from sending to the last byte of the answer.
 * {@code allowPrivateNetwork}: the operator allows this lab's host to be a loopback,
 * private or link-local address (a lab system inside the company network); off, such
 * hosts are refused.
 */
public record LabConnection(URI baseUri, @Nullable String secret, Duration connectTimeout, Duration requestTimeout,
		RetryPolicy retry, boolean allowPrivateNetwork) {

	public LabConnection {
		if (!"https".equals(baseUri.getScheme()) && !"http".equals(baseUri.getScheme())) {
			throw new IllegalArgumentException("a lab's base URI is http(s), was " + baseUri);
		}
		if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
				|| requestTimeout.isZero()) {
			throw new IllegalArgumentException("timeouts must be positive");
		}
	}

	public static LabConnection of(URI baseUri, @Nullable String secret) {
		return new LabConnection(baseUri, secret, Duration.ofSeconds(5), Duration.ofSeconds(30), RetryPolicy.defaults(),
				false);
	}

	@Override
	public String toString() {
		// never print the secret
		return "LabConnection[" + this.baseUri + "]";
	}

}
