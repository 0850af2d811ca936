package com.veritrace.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceProperties;
import com.veritrace.shared.FieldProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of every request: {@code veritrace.api.max-body-size} unless a larger or
 * smaller cap is named for its path (capture documents and hash requests under
 * {@code veritrace.capture}; paths a feature declares a {@link BodyLimit} for, e.g.
 * report uploads or the scan page's place). Paths are judged in the decoded form Spring
 * MVC routes on ({@link RequestPaths}). A declared Content-Length over the cap is refused
 * with 413 before reading; a chunked body is cut off when it passes the cap.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long defaultMax;

	private final long captureMax;

	private final long hashMax;

	private final List<BodyLimit> featureLimits;

	private final JsonMapper json;

	RequestSizeLimitFilter(VeritraceProperties properties, List<BodyLimit> featureLimits, JsonMapper json) {
		this.defaultMax = properties.api().maxBodySize().toBytes();
		this.captureMax = properties.capture().maxDocumentSize().toBytes();
		this.hashMax = properties.capture().maxHashRequestSize().toBytes();
		this.featureLimits = List.copyOf(featureLimits);
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long max = limitFor(RequestPaths.routed(request));
		if (request.getContentLengthLong() > max) {
			tooLarge(request, response, max);
			return;
		}
		LimitedRequest limited = new LimitedRequest(request, max);
		try {
			chain.doFilter(limited, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (limited.exceeded && !response.isCommitted()) {
				response.reset();
				tooLarge(request, response, max);
				return;
			}
			throw ex;
		}
		if (limited.exceeded && !response.isCommitted()) {
			response.reset();
			tooLarge(request, response, max);
		}
	}

	private long limitFor(String path) {
		if (path.startsWith("/api/v1/epcis/capture")) {
			return this.captureMax;
		}
		if (path.startsWith("/api/v1/epcis/event-hashes")) {
			return this.hashMax;
		}
		for (BodyLimit limit : this.featureLimits) {
			if (path.startsWith(limit.pathPrefix())) {
				return limit.maxBytes();
			}
		}
		return this.defaultMax;
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response, long max) throws IOException {
		response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
		if (RequestPaths.routed(request).startsWith("/portal/")) {
			// a person's browser: a page that says what happened, not a problem document
			response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
			response.getWriter()
				.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too large / 文件过大</title>"
						+ "<link rel=\"stylesheet\" href=\"/portal/css/portal.css\"></head><body><main id=\"content\" "
						+ "class=\"narrow\"><h1>Too large / 文件过大</h1><p>The upload is larger than the limit of "
						+ (max / (1024 * 1024)) + " MB. / 上传内容超过 " + (max / (1024 * 1024))
						+ " MB 的上限。</p><p><a href=\"/portal/reports\">Back / 返回</a></p></main></body></html>");
			return;
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		String detail = "The request body exceeds the limit of " + max + " bytes";
		this.json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large",
				"Request too large", detail, List.of(new FieldProblem("body", detail))));
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long max;

		private boolean exceeded;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {

					private long count;

					@Override
					public int read() throws IOException {
						int b = in.read();
						if (b >= 0) {
							check(1);
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							check(n);
						}
						return n;
					}

					private void check(int n) throws IOException {
						this.count += n;
						if (this.count > LimitedRequest.this.max) {
							LimitedRequest.this.exceeded = true;
							throw new IOException("request body over the limit");
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}
				};
			}
			return this.stream;
		}

	}

}
