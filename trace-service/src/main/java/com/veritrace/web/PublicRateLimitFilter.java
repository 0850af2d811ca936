package com.veritrace.web;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A per-client budget for the public endpoints that need no API key (scan pages, event hashing,
 * proofs, code parsing; scans and the places phones add to them have their own budget): a token bucket per remote address, refilled continuously
 * ({@code veritrace.rate-limit.public-per-minute}). Over budget: 429 problem details with
 * {@code Retry-After}. In-process; a shared store takes over when several nodes serve the API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class PublicRateLimitFilter extends OncePerRequestFilter {

	private static final int MAX_CLIENTS = 100_000;

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final double perMilli;

	private final double capacity;

	private final double scanPerMilli;

	private final double scanCapacity;

	private final Clock clock;

	private final JsonMapper json;

	PublicRateLimitFilter(VeritraceProperties properties, Clock clock, JsonMapper json) {
		this.capacity = Math.max(1, properties.rateLimit().publicPerMinute());
		this.perMilli = this.capacity / 60_000.0;
		this.scanCapacity = Math.max(1, properties.rateLimit().scansPerMinute());
		this.scanPerMilli = this.scanCapacity / 60_000.0;
		this.clock = clock;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(isScan(path) || path.startsWith("/api/v1/epcis/event-hashes") || path.startsWith("/api/v1/proofs/")
				|| path.startsWith("/api/v1/digital-link") || path.startsWith("/api/v1/rfid/"));
	}

	/** Scans, and the places phones add to them (at most one per scan), share the scan budget. */
	private static boolean isScan(String path) {
		return path.startsWith("/01/") || path.startsWith("/h5/scans/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.buckets.size() > MAX_CLIENTS) {
			this.buckets.clear();
		}
		long now = this.clock.millis();
		boolean scan = isScan(request.getRequestURI());
		double capacity = scan ? this.scanCapacity : this.capacity;
		double perMilli = scan ? this.scanPerMilli : this.perMilli;
		Bucket bucket = this.buckets.computeIfAbsent((scan ? "scan:" : "api:") + request.getRemoteAddr(),
				k -> new Bucket(capacity, now));
		long waitMillis = bucket.take(now, perMilli, capacity);
		if (waitMillis > 0) {
			long seconds = Math.max(1, (waitMillis + 999) / 1000);
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json.writeValue(response.getOutputStream(),
					Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
							"This client sent more than " + (int) capacity
									+ " requests a minute to public endpoints; retry in " + seconds + " s",
							List.of()));
			return;
		}
		chain.doFilter(request, response);
	}

	private static final class Bucket {

		private double tokens;

		private long updated;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.updated = now;
		}

		/** Takes a token and answers 0, or answers how long until one is there. */
		synchronized long take(long now, double perMilli, double capacity) {
			this.tokens = Math.min(capacity, this.tokens + (now - this.updated) * perMilli);
			this.updated = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - this.tokens) / perMilli);
		}

	}

}
