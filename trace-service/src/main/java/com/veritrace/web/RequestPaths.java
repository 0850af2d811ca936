package com.veritrace.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UrlPathHelper;

/**
 * The one request path every filter, limit and matcher judges: the path within the
 * application as Spring MVC routes on it, percent-decoded and without matrix parameters
 * ({@code ;…}), so that {@code /%61pi/v1/…} is {@code /api/v1/…} to a limit as it is to
 * the router. Paths that are not in canonical form (dot segments, encoded slashes or
 * percent signs, {@code //}, semicolons) never get this far: {@link RequestPathFilter}
 * refuses them first. Computed once per request.
 */
public final class RequestPaths {

	private static final String ATTRIBUTE = RequestPaths.class.getName() + ".routed";

	private static final UrlPathHelper DECODING = new UrlPathHelper();

	static {
		DECODING.setUrlDecode(true);
		DECODING.setRemoveSemicolonContent(true);
	}

	private RequestPaths() {
	}

	/** The decoded path within the application ({@code /api/v1/…}, {@code /01/…}). */
	public static String routed(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof String cached) {
			return cached;
		}
		String path = DECODING.getPathWithinApplication(request);
		request.setAttribute(ATTRIBUTE, path);
		return path;
	}

}
