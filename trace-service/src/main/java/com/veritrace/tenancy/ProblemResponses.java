package com.veritrace.tenancy;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;
import com.veritrace.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/** Writes problem details from filters, where no controller advice runs. */
@Component
class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	void unauthorized(HttpServletResponse response, String detail) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"veritrace\"");
		write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required", detail);
	}

	void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(),
				Problems.of(status, type, title, detail, List.<FieldProblem>of()));
	}

}
