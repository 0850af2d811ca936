package com.veritrace.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.codes.InvalidCodeException;
import com.veritrace.ingest.InvalidEventException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure a client can cause into RFC 9457 problem details with an
 * {@code errors} list of (field, reason). Anything unexpected is a 500 with no internals
 * in the body.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	/**
	 * The domain's refusals, each kind with its status; the body is the exception's type,
	 * title, detail, errors.
	 */
	@ExceptionHandler(DomainException.class)
	ResponseEntity<ProblemDetail> domain(DomainException ex) {
		HttpStatus status = status(ex);
		return respond(status, Problems.of(status, ex.type(), ex.title(), ex.detail(), ex.errors()));
	}

	static HttpStatus status(DomainException ex) {
		return DomainStatus.of(ex);
	}

	@ExceptionHandler(InvalidCodeException.class)
	ResponseEntity<ProblemDetail> invalidCode(InvalidCodeException ex) {
		return respond(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "invalid-code", "Invalid code",
				ex.getMessage(), List.of(new FieldProblem("code", ex.getMessage()))));
	}

	@ExceptionHandler(InvalidEventException.class)
	ResponseEntity<ProblemDetail> invalidEvent(InvalidEventException ex) {
		List<FieldProblem> errors = ex.violations()
			.stream()
			.map(v -> new FieldProblem(v.pointer().isEmpty() ? "/" : v.pointer(), v.reason()))
			.toList();
		String detail = errors.size() == 1 ? "The EPCIS document violates the standard: " + errors.get(0).reason()
				: "The EPCIS document violates the standard in " + errors.size() + " places";
		return respond(HttpStatus.BAD_REQUEST,
				Problems.of(HttpStatus.BAD_REQUEST, "invalid-epcis", "Invalid EPCIS document", detail, errors));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		String reason = "'" + ex.getValue() + "' is not a valid value"
				+ (ex.getRequiredType() != null ? " (expected " + ex.getRequiredType().getSimpleName() + ")" : "");
		return respond(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
				reason, List.of(new FieldProblem(ex.getName(), reason))));
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
		List<FieldProblem> errors = ex.getConstraintViolations()
			.stream()
			.map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return domain(InvalidException.of(errors));
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		// Services check uniqueness first; this is the race between two concurrent
		// requests.
		log.info("Integrity violation answered as 409: {}", ex.getMostSpecificCause().getMessage());
		return respond(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
				"The request conflicts with data stored meanwhile; retry", List.of()));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(e -> errors.add(new FieldProblem(e.getObjectName(), String.valueOf(e.getDefaultMessage()))));
		return body(InvalidException.of(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		ex.getParameterValidationResults()
			.forEach(
					r -> r.getResolvableErrors()
						.forEach(e -> errors.add(new FieldProblem(
								r.getMethodParameter().getParameterName() == null ? "parameter"
										: r.getMethodParameter().getParameterName(),
								String.valueOf(e.getDefaultMessage())))));
		return body(InvalidException.of(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String reason = "The request body is not valid JSON for this operation";
		Throwable cause = ex.getMostSpecificCause();
		if (cause != null && cause.getMessage() != null) {
			String message = cause.getMessage();
			int cut = message.indexOf('\n');
			reason = reason + ": " + (cut > 0 ? message.substring(0, cut) : message);
		}
		return body(new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", reason,
				List.of(new FieldProblem("body", reason))));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return body(InvalidException.of(ex.getParameterName(), "is required"));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return body(NotFoundException.of("Resource", "No such resource: /" + ex.getResourcePath()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ResponseEntity<Object> response = body(new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
				"Method not allowed", "Method " + ex.getMethod() + " is not supported here"));
		HttpHeaders allow = new HttpHeaders();
		allow.putAll(response.getHeaders());
		if (ex.getSupportedHttpMethods() != null) {
			allow.setAllow(ex.getSupportedHttpMethods());
		}
		return new ResponseEntity<>(response.getBody(), allow, response.getStatusCode());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return body(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
				"Unsupported media type",
				"Content type " + ex.getContentType() + " is not supported; use " + ex.getSupportedMediaTypes()));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Every other framework-detected client error: keep Spring's status and wording,
		// add our fields.
		ProblemDetail problem = body instanceof ProblemDetail pd ? pd
				: ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
		if (problem.getProperties() == null || !problem.getProperties().containsKey("errors")) {
			problem.setProperty("errors", List.of());
		}
		return ResponseEntity.status(statusCode).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return respond(HttpStatus.INTERNAL_SERVER_ERROR, Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
				"Internal error", "An unexpected error occurred; it has been logged", List.of()));
	}

	private static ResponseEntity<Object> body(ApiProblem problem) {
		return ResponseEntity.status(problem.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(problem.status(), problem.type(), problem.title(), problem.detail(), problem.errors()));
	}

	private static ResponseEntity<Object> body(DomainException problem) {
		HttpStatus status = status(problem);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, problem.type(), problem.title(), problem.detail(), problem.errors()));
	}

	private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, ProblemDetail problem) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return dot >= 0 ? path.substring(dot + 1) : path;
	}

}
