package com.veritrace.web;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.IntegrityFailureException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.shared.UnsupportedTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of domain exception becomes the same problem details as before the domain
 * stopped naming statuses.
 */
class ProblemDetailsAdviceTests {

	private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

	@Test
	void invalidIsA400ValidationProblemWithEveryField() {
		assertProblem(InvalidException.of("cell", "is required"), 400, "validation", "Invalid request", "is required",
				List.of(new FieldProblem("cell", "is required")));
		assertProblem(
				InvalidException
					.of(List.of(new FieldProblem("quantity", "too many"), new FieldProblem("filter", "0..7"))),
				400, "validation", "Invalid request", "2 problems found in the request",
				List.of(new FieldProblem("quantity", "too many"), new FieldProblem("filter", "0..7")));
	}

	@Test
	void notFoundIsA404NamingWhat() {
		assertProblem(NotFoundException.of("Code job", "No code job 7"), 404, "not-found", "Code job not found",
				"No code job 7", List.of());
		assertProblem(new NotFoundException("not-found", "Lot not found", "No lot L1", List.of()), 404, "not-found",
				"Lot not found", "No lot L1", List.of());
	}

	@Test
	void forbiddenKindsAre403WithTheirOwnTypes() {
		assertProblem(ForbiddenException.of("Only brands issue codes"), 403, "forbidden", "Not allowed",
				"Only brands issue codes", List.of());
		assertProblem(new ForbiddenException("missing-scope", "Missing scope", "lacks codes:issue"), 403,
				"missing-scope", "Missing scope", "lacks codes:issue", List.of());
	}

	@Test
	void conflictsAre409() {
		assertProblem(ConflictException.of("Request id 'r' was already used", "requestId"), 409, "conflict", "Conflict",
				"Request id 'r' was already used",
				List.of(new FieldProblem("requestId", "Request id 'r' was already used")));
		assertProblem(
				new ConflictException("capacity", "Serials exhausted", "Only 3 left",
						List.of(new FieldProblem("quantity", "at most 3"))),
				409, "capacity", "Serials exhausted", "Only 3 left",
				List.of(new FieldProblem("quantity", "at most 3")));
	}

	@Test
	void documentsTooLargeOrOfAnotherTypeAre413And415() {
		assertProblem(
				new TooLargeException("too-large", "Document too large", "The report document is 9 bytes",
						List.of(new FieldProblem("document", "is 9 bytes"))),
				413, "too-large", "Document too large", "The report document is 9 bytes",
				List.of(new FieldProblem("document", "is 9 bytes")));
		assertProblem(
				new UnsupportedTypeException("unsupported-media-type", "Unsupported document type", "not a PDF",
						List.of(new FieldProblem("document", "not a PDF"))),
				415, "unsupported-media-type", "Unsupported document type", "not a PDF",
				List.of(new FieldProblem("document", "not a PDF")));
	}

	@Test
	void unavailableIsA503AndAnIntegrityFailureA500() {
		assertProblem(new UnavailableException("busy", "Ingest queue full", "retry later"), 503, "busy",
				"Ingest queue full", "retry later", List.of());
		assertProblem(
				new IntegrityFailureException("document-integrity", "Report failed its integrity check", "withheld"),
				500, "document-integrity", "Report failed its integrity check", "withheld", List.of());
	}

	private void assertProblem(DomainException ex, int status, String type, String title, String detail,
			List<FieldProblem> errors) {
		ResponseEntity<ProblemDetail> response = this.advice.domain(ex);
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemDetail problem = response.getBody();
		assertThat(problem).isNotNull();
		assertThat(problem.getStatus()).isEqualTo(status);
		assertThat(problem.getType()).isEqualTo(URI.create("/problems/" + type));
		assertThat(problem.getTitle()).isEqualTo(title);
		assertThat(problem.getDetail()).isEqualTo(detail);
		assertThat(problem.getProperties()).containsOnlyKeys("errors").containsEntry("errors", errors);
	}

}
