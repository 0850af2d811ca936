package com.veritrace.web;

/** The Content-Security-Policy of every page (scan page, portal, consoles). */
public final class ContentSecurityPolicy {

	/**
	 * Pages load scripts and styles only from their own origin, never inline (none are
	 * used), and may not be framed or re-based.
	 */
	public static final String PAGES = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
			+ "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	private ContentSecurityPolicy() {
	}

}
