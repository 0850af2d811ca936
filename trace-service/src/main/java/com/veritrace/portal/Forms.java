package com.veritrace.portal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import org.springframework.validation.BindingResult;

/** Puts a service's refusal next to the fields of the form that caused it. */
final class Forms {

	private Forms() {
	}

	/**
	 * Each problem on its field when the form has that field, else on the form as a
	 * whole.
	 */
	static void reject(BindingResult form, InvalidException ex) {
		if (ex.errors().isEmpty()) {
			form.reject("invalid", ex.detail());
			return;
		}
		for (FieldProblem problem : ex.errors()) {
			if (form.getTarget() != null && org.springframework.beans.BeanUtils
				.getPropertyDescriptor(form.getTarget().getClass(), problem.field()) != null) {
				form.rejectValue(problem.field(), "invalid", problem.reason());
			}
			else {
				form.reject("invalid", problem.field() + ": " + problem.reason());
			}
		}
	}

	/**
	 * A date as a date input sends it (yyyy-MM-dd), or null when blank; one that is not
	 * rejected on its field with the message {@code code}.
	 */
	static @Nullable LocalDate date(String text, String field, String code, BindingResult result) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			result.rejectValue(field, code);
			return null;
		}
	}

	/** A conflict or refusal about one field (e.g. "already exists"). */
	static void reject(BindingResult form, String field, String reason) {
		if (form.getTarget() != null && org.springframework.beans.BeanUtils
			.getPropertyDescriptor(form.getTarget().getClass(), field) != null) {
			form.rejectValue(field, "invalid", reason);
		}
		else {
			form.reject("invalid", reason);
		}
	}

}
