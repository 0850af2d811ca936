package com.veritrace.ingest;

import java.util.regex.Pattern;

/** Small URI syntax checks (RFC 3986 scheme + no whitespace); nothing is ever fetched. */
final class Uris {

	private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+");

	private Uris() {
	}

	static boolean isAbsolute(String value) {
		return ABSOLUTE.matcher(value).matches();
	}

}
