package com.veritrace.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import com.veritrace.inspection.OutboundAddresses;

/**
 * The one guarded outbound HTTP client of notifications (webhook calls). Before a call
 * and again when it connects, it allows only:
 * <ul>
 * <li>{@code https} URLs without user information (plain {@code http} only to this
 * machine, and only when {@code allowLoopback} is set for development and tests);</li>
 * <li>hosts whose every address is public ({@link OutboundAddresses#isPublic}: not
 * private, loopback, link-local such as cloud metadata, shared, multicast or reserved);
 * loopback too under {@code allowLoopback}. The client's DNS resolver applies the same
 * rule to the addresses it connects to, so a name that resolves differently between the
 * check and the connection (DNS rebinding) is still refused.</li>
 * </ul>
 * It follows no redirect (a 3xx is a failed call naming where it pointed), uses no proxy,
 * cookies or automatic retries, and reads at most {@code maxResponseBytes} of an answer
 * within the request timeout, then drops the connection.
 */
final class OutboundHttp implements AutoCloseable {

	/** The answer to a call: status (0 when none came), time taken, what went wrong. */
	record Answer(int status, long durationMs, @Nullable String error) {

		boolean ok() {
			return this.error == null;
		}

	}

	/** The URL may not be called: why, in words for the one who gave it. */
	static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message);
		}

	}

	private final CloseableHttpClient client;

	private final boolean allowLoopback;

	private final long maxResponseBytes;

	private final long requestTimeoutMs;

	OutboundHttp(NotifyProperties.Http settings) {
		this.allowLoopback = settings.allowLoopback();
		this.maxResponseBytes = settings.maxResponseSize().toBytes();
		this.requestTimeoutMs = settings.requestTimeout().toMillis();
		DnsResolver resolver = new GuardedResolver(this.allowLoopback);
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(resolver)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(settings.connectTimeout()))
					.setSocketTimeout(Timeout.of(settings.requestTimeout()))
					.build())
				.setMaxConnTotal(50)
				.setMaxConnPerRoute(5)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(Timeout.of(settings.requestTimeout()))
				.setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setUserAgent("Veritrace-Webhooks/1")
			.build();
	}

	/**
	 * Checks that the URL may be called now.
	 * @throws Refused saying why not
	 */
	void check(URI uri) {
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		boolean plain = scheme.equals("http");
		if (!scheme.equals("https") && !(plain && this.allowLoopback)) {
			throw new Refused("only https URLs are called");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new Refused("the URL names no host");
		}
		if (uri.getRawUserInfo() != null) {
			throw new Refused("the URL may not carry a user name or password");
		}
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			// plain http is for this machine only: an unknown name is not this machine
			throw new Refused(plain ? "only https URLs are called" : "the host " + host + " is not known (DNS)");
		}
		for (InetAddress address : addresses) {
			if (!allowed(address, this.allowLoopback)) {
				throw new Refused(host + " resolves to " + address.getHostAddress()
						+ ", which is not a public address: only public endpoints are called");
			}
			if (plain && !address.isLoopbackAddress()) {
				throw new Refused("only https URLs are called");
			}
		}
	}

	static boolean allowed(InetAddress address, boolean allowLoopback) {
		return OutboundAddresses.isPublic(address) || (allowLoopback && address.isLoopbackAddress());
	}

	/**
	 * POSTs {@code body} as JSON. Never throws for what the URL or the far end does: a
	 * refusal, a timeout, a redirect, a 4xx/5xx or an oversized answer come back as an
	 * {@link Answer} with an error.
	 */
	Answer post(URI uri, Map<String, String> headers, byte[] body) {
		long start = System.nanoTime();
		try {
			check(uri);
		}
		catch (Refused refused) {
			return new Answer(0, elapsed(start), "refused: " + refused.getMessage());
		}
		HttpPost post = new HttpPost(uri);
		headers.forEach(post::setHeader);
		post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		try (ClassicHttpResponse response = this.client.executeOpen(null, post, null)) {
			int status = response.getCode();
			String tooLarge = drain(response.getEntity(), start, post);
			String error;
			if (status >= 300 && status < 400) {
				Header location = response.getFirstHeader("Location");
				error = "HTTP " + status + ": redirect" + (location == null ? "" : " to " + clip(location.getValue()))
						+ " not followed";
			}
			else if (status < 200 || status >= 300) {
				error = "HTTP " + status;
			}
			else {
				error = tooLarge;
			}
			return new Answer(status, elapsed(start), error);
		}
		catch (ConnectTimeoutException ex) {
			return new Answer(0, elapsed(start), "connection timed out");
		}
		catch (SocketTimeoutException ex) {
			return new Answer(0, elapsed(start), "no answer within " + this.requestTimeoutMs + " ms");
		}
		catch (UnknownHostException ex) {
			return new Answer(0, elapsed(start), "refused: " + ex.getMessage());
		}
		catch (IOException ex) {
			return new Answer(0, elapsed(start),
					ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + clip(ex.getMessage())));
		}
	}

	/**
	 * Reads and drops at most the cap of the answer within the request timeout; an error
	 * when it is longer or slower (then the connection is dropped, not reused).
	 */
	private @Nullable String drain(@Nullable HttpEntity entity, long start, HttpPost post) throws IOException {
		if (entity == null) {
			return null;
		}
		long read = 0;
		byte[] buffer = new byte[8192];
		try (InputStream in = entity.getContent()) {
			int n;
			while ((n = in.read(buffer)) != -1) {
				read += n;
				if (read > this.maxResponseBytes) {
					post.cancel();
					return "the answer is larger than " + this.maxResponseBytes + " bytes";
				}
				if (elapsed(start) > this.requestTimeoutMs) {
					post.cancel();
					return "the answer took longer than " + this.requestTimeoutMs + " ms";
				}
			}
		}
		return null;
	}

	private static long elapsed(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static String clip(String text) {
		return text.length() > 200 ? text.substring(0, 200) + "…" : text;
	}

	@Override
	public void close() throws IOException {
		this.client.close();
	}

	/**
	 * The client's resolver: the system's answer, refused whole when any address in it is
	 * not allowed, so the connection goes only where the check allowed.
	 */
	private record GuardedResolver(boolean allowLoopback) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
			for (InetAddress address : addresses) {
				if (!allowed(address, this.allowLoopback)) {
					throw new UnknownHostException(
							host + " resolves to " + address.getHostAddress() + ", which is not a public address");
				}
			}
			return addresses;
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
		}

	}

}
