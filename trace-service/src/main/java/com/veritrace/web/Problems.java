package com.veritrace.web;

import java.net.URI;
import java.util.List;

import com.veritrace.shared.FieldProblem;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Veritrace's RFC 9457 problem details: a {@code type} URI per kind and an
 * {@code errors} list.
 */
public final class Problems {

	/**
	 * Problem type URIs are relative to the service; each is described in docs/API.md. A
	 * type that is already an absolute URI (EPCIS's {@code epcisException:...}) is kept.
	 */
	public static final String TYPE_BASE = "/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail,
			List<FieldProblem> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(type.indexOf(':') > 0 ? type : TYPE_BASE + type));
		problem.setTitle(title);
		problem.setProperty("errors", errors);
		return problem;
	}

}
