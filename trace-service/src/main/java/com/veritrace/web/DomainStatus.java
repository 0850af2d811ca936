package com.veritrace.web;

import org.springframework.http.HttpStatus;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.IntegrityFailureException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotAcceptableException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.shared.UnsupportedTypeException;

/**
 * The one place that decides which HTTP status each kind of domain exception answers, for
 * the API's problem details and the pages' error pages alike.
 */
public final class DomainStatus {

	private DomainStatus() {
	}

	public static HttpStatus of(DomainException ex) {
		if (ex instanceof InvalidException) {
			return HttpStatus.BAD_REQUEST;
		}
		if (ex instanceof ForbiddenException) {
			return HttpStatus.FORBIDDEN;
		}
		if (ex instanceof NotFoundException) {
			return HttpStatus.NOT_FOUND;
		}
		if (ex instanceof ConflictException) {
			return HttpStatus.CONFLICT;
		}
		if (ex instanceof TooLargeException) {
			return HttpStatus.CONTENT_TOO_LARGE;
		}
		if (ex instanceof UnsupportedTypeException) {
			return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
		}
		if (ex instanceof UnavailableException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (ex instanceof NotAcceptableException) {
			return HttpStatus.NOT_ACCEPTABLE;
		}
		if (ex instanceof IntegrityFailureException) {
			return HttpStatus.INTERNAL_SERVER_ERROR;
		}
		throw new IllegalStateException("no status for " + ex.getClass().getName());
	}

}
