package com.veritrace.media;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;

/**
 * Checks a brand's video link and its allowed hosts (plain Java). The service never
 * fetches a link: the consumer's browser does, and only from a host the brand listed, so
 * the checks are about what a page may point a phone at: https only, a host name (no
 * address literal, no {@code localhost}, no user info, the default port), on the list by
 * exact name. A link whose path ends in {@code .mp4} or {@code .webm} is played in the
 * page; any other is shown as a link to the brand's stream page.
 */
final class VideoLinks {

	static final int MAX_URL = 2000;

	static final String HOST_NOT_ALLOWED = "media-host-not-allowed";

	private static final Pattern HOST = Pattern
		.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

	private VideoLinks() {
	}

	/** A host a brand may allow: a lower-case DNS name with a dot, not an address. */
	static String host(String text) {
		String host = text.strip().toLowerCase(Locale.ROOT);
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (!HOST.matcher(host).matches() || host.endsWith(".localhost") || host.endsWith(".local")
				|| host.endsWith(".internal")) {
			throw InvalidException.of("host",
					"must be a public host name such as video.example.com (no scheme, " + "port, path or address)");
		}
		return host;
	}

	/**
	 * The link as it will be shown, after the checks.
	 * @throws InvalidException field {@code url}: not https, not a host name, or a host
	 * the brand did not allow
	 */
	static URI check(String text, Collection<String> allowedHosts) {
		String trimmed = text.strip();
		if (trimmed.isEmpty() || trimmed.length() > MAX_URL) {
			throw invalid("must be an https URL of at most " + MAX_URL + " characters");
		}
		URI uri;
		try {
			uri = new URI(trimmed);
		}
		catch (URISyntaxException ex) {
			throw invalid("is not a valid URL");
		}
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw invalid("must start with https://");
		}
		String host = uri.getHost();
		if (host == null || uri.getRawUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)) {
			throw invalid("must name a host, without user information or another port");
		}
		host = host.toLowerCase(Locale.ROOT);
		if (!HOST.matcher(host).matches()) {
			throw invalid("must name a host by its name, not an address");
		}
		if (!allowedHosts.contains(host)) {
			throw InvalidException.of(HOST_NOT_ALLOWED, "Host not allowed", List.of(new FieldProblem("url",
					"the host " + host + " is not on your list of allowed video hosts; add it there first")));
		}
		return uri;
	}

	/** Whether the page plays the link itself (a video file) or only links to it. */
	static boolean playable(URI uri) {
		String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
		return path.endsWith(".mp4") || path.endsWith(".webm");
	}

	/**
	 * {@code video/mp4} (ISO BMFF: MP4, MOV), {@code video/webm} or null, from the first
	 * bytes.
	 */
	static @Nullable String sniffVideo(byte[] head) {
		if (head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
			return "video/mp4";
		}
		if (head.length >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf
				&& (head[3] & 0xff) == 0xa3) {
			return "video/webm";
		}
		return null;
	}

	private static InvalidException invalid(String reason) {
		return InvalidException.of("url", reason);
	}

}
