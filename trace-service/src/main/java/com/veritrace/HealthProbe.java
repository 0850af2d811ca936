package com.veritrace;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check (compose {@code healthcheck}): the image has no shell and
 * no HTTP client, so the check is this class on the image's own Java runtime. Exits 0
 * when the URL (by default this node's readiness probe) answers 200 within 2 s, else 1.
 */
public final class HealthProbe {

	static final String READINESS = "http://127.0.0.1:8080/actuator/health/readiness";

	private HealthProbe() {
	}

	public static void main(String[] args) {
		System.exit(check(args.length > 0 ? args[0] : READINESS));
	}

	/** 0 when {@code url} answers 200 within 2 s, else 1. */
	static int check(String url) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(2000);
			try {
				return connection.getResponseCode() == 200 ? 0 : 1;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			return 1;
		}
	}

}
