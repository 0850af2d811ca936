package com.veritrace.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * A per-client budget for the public endpoints that need no API key (scan pages, event
 * hashing, proofs, code parsing; scans and the places phones add to them have their own
 * budget): a token bucket per remote address, refilled continuously
 * ({@code veritrace.rate-limit.public-per-minute}). Over budget: 429 problem details with
 * {@code Retry-After}. In-process; a shared store takes over when several nodes serve the
 * API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class PublicRateLimitFilter extends OncePerRequestFilter {

	private static final int MAX_CLIENTS = 100_000;

	private static final int STRIPES = 16;

	/**
	 * Buckets by client, in stripes (one lock each, so scans do not queue on one lock),
	 * each a map in access order that evicts its least recently used client when full: a
	 * flood of new addresses pushes out idle clients, never the budgets of active ones.
	 */
	@SuppressWarnings("unchecked")
	private final LinkedHashMap<String, Bucket>[] buckets = new LinkedHashMap[STRIPES];

	/** A budget: its key prefix, how many requests at once, refilled per millisecond. */
	private record Budget(String prefix, double capacity, double perMilli) {

		static Budget perMinute(String prefix, int requests) {
			double capacity = Math.max(1, requests);
			return new Budget(prefix, capacity, capacity / 60_000.0);
		}

	}

	private final Budget api;

	private final Budget scans;

	private final Budget logins;

	private final Budget log;

	private final Clock clock;

	private final JsonMapper json;

	PublicRateLimitFilter(VeritraceProperties properties, Clock clock, JsonMapper json) {
		this.api = Budget.perMinute("api:", properties.rateLimit().publicPerMinute());
		this.scans = Budget.perMinute("scan:", properties.rateLimit().scansPerMinute());
		this.logins = Budget.perMinute("login:", properties.rateLimit().loginsPerMinute());
		this.log = Budget.perMinute("log:", properties.rateLimit().logPerMinute());
		this.clock = clock;
		this.json = json;
		for (int i = 0; i < STRIPES; i++) {
			this.buckets[i] = new LinkedHashMap<>(1024, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
					return size() > MAX_CLIENTS / STRIPES;
				}
			};
		}
	}

	/**
	 * Whose budget a request spends: its IPv4 address, or the /64 network of its IPv6
	 * address (one subscriber's prefix: rotating through its addresses buys no new
	 * budget).
	 */
	static String client(String remoteAddress) {
		if (remoteAddress.indexOf(':') < 0) {
			return remoteAddress;
		}
		try {
			byte[] address = InetAddress.getByName(remoteAddress).getAddress(); // a
																				// literal:
																				// no
																				// lookup
			if (address.length == 16) {
				return HexFormat.of().formatHex(address, 0, 8) + "::/64";
			}
			return InetAddress.getByAddress(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			return remoteAddress;
		}
	}

	private Bucket bucket(String key, double capacity, long now) {
		LinkedHashMap<String, Bucket> stripe = this.buckets[(key.hashCode() & 0x7fffffff) % STRIPES];
		synchronized (stripe) {
			return stripe.computeIfAbsent(key, k -> new Bucket(capacity, now));
		}
	}

	/** The clients being tracked (for tests). */
	int trackedClients() {
		int n = 0;
		for (LinkedHashMap<String, Bucket> stripe : this.buckets) {
			synchronized (stripe) {
				n += stripe.size();
			}
		}
		return n;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RequestPaths.routed(request);
		return !(isScan(path) || isLogin(request, path) || isLog(path) || path.startsWith("/api/v1/epcis/event-hashes")
				|| path.startsWith("/api/v1/proofs/") || path.startsWith("/api/v1/digital-link")
				|| path.startsWith("/api/v1/rfid/"));
	}

	/** The transparency log's API: tree heads, consistency proofs, cosignatures, keys. */
	private static boolean isLog(String path) {
		return path.startsWith("/api/v1/log/") || path.startsWith("/.well-known/veritrace-log");
	}

	/**
	 * Scans, and the places phones add to them (at most one per scan), share the scan
	 * budget.
	 */
	private static boolean isScan(String path) {
		return path.startsWith("/01/") || path.startsWith("/h5/scans/") || path.startsWith("/nfc/");
	}

	/**
	 * Password guesses and reset mails: the portal's login and reset forms when posted.
	 */
	private static boolean isLogin(HttpServletRequest request, String path) {
		return "POST".equals(request.getMethod())
				&& (path.equals("/portal/login") || path.startsWith("/portal/password-reset"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long now = this.clock.millis();
		String path = RequestPaths.routed(request);
		boolean login = isLogin(request, path);
		Budget budget = isScan(path) ? this.scans : login ? this.logins : isLog(path) ? this.log : this.api;
		Bucket bucket = bucket(budget.prefix() + client(request.getRemoteAddr()), budget.capacity(), now);
		long waitMillis = bucket.take(now, budget.perMilli(), budget.capacity());
		if (waitMillis > 0) {
			long seconds = Math.max(1, (waitMillis + 999) / 1000);
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
			if (login) {
				// a person at a form: a page, in both languages, not problem details
				response.setContentType("text/html;charset=UTF-8");
				response.getWriter()
					.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts"
							+ "</title></head><body><main><h1>Too many attempts</h1><p>Too many login or reset "
							+ "attempts from this address. Wait " + seconds + " s and try again.</p>"
							+ "<p lang=\"zh-CN\">尝试次数过多。请等待 " + seconds + " 秒后重试。</p>"
							+ "<p><a href=\"/portal/login\">Log in / 登录</a></p></main></body></html>");
				return;
			}
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			this.json
				.writeValue(response.getOutputStream(),
						Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
								"This client sent more than " + (int) budget.capacity()
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
