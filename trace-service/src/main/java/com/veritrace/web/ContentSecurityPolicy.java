package com.veritrace.web;

/** The Content-Security-Policy of every page (scan page, portal, consoles). */
public final class ContentSecurityPolicy {

	/**
	 * Pages load scripts and styles only from their own origin, never inline (none are
	 * used), and may not be framed or re-based.
	 */
	public static final String PAGES = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
			+ "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	/**
	 * The pages' policy with {@code media-src} adding the given hosts (https only): a
	 * scan page whose brand links a video file on a host it allow-lists (origin media).
	 * The hosts were checked as DNS names (MediaService), so they cannot add a directive.
	 */
	public static String withMediaHosts(java.util.List<String> hosts) {
		StringBuilder policy = new StringBuilder(PAGES).append("; media-src 'self'");
		for (String host : hosts) {
			if (!host.matches("[a-z0-9.-]+")) {
				throw new IllegalArgumentException("not a host name: " + host);
			}
			policy.append(" https://").append(host);
		}
		return policy.toString();
	}

	private ContentSecurityPolicy() {
	}

}
