package com.veritrace.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Alerts")
@SecurityRequirement(name = "apiKey")
class AlertApiController {

	private final AlertService alerts;

	AlertApiController(AlertService alerts) {
		this.alerts = alerts;
	}

	/** A page of alerts; {@code next} is the cursor of the next page, or null. */
	record AlertPage(List<AlertView> items, @Nullable String next) {
	}

	/** What was done about an alert. */
	record Resolution(@Nullable String note) {
	}

	@GetMapping
	@Operation(summary = "Alerts newest first, by kind, severity and state (keyset: before = the last page's next); "
			+ "a regulator's key reads every brand's")
	AlertPage list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String severity,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String before, @RequestParam(defaultValue = "50") int limit) {
		Filters filters = Filters.parse(kind, severity, state, before, limit);
		List<AlertView> items = this.alerts.list(caller, filters.kind(), filters.severity(), filters.state(),
				filters.before(), limit);
		return new AlertPage(items, items.size() == limit ? String.valueOf(items.get(items.size() - 1).id()) : null);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alert")
	AlertView one(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.alerts.find(caller, id);
	}

	@PostMapping("/{id}/acknowledge")
	@Operation(summary = "Acknowledge an open alert (alerts:write)")
	AlertView acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.alerts.acknowledge(caller, id);
	}

	@PostMapping("/{id}/resolve")
	@Operation(summary = "Resolve an open or acknowledged alert with a note saying what was done (alerts:write)")
	AlertView resolve(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestBody(required = false) @Nullable Resolution resolution) {
		return this.alerts.resolve(caller, id, resolution == null ? null : resolution.note());
	}

	/** The list's filters, parsed; every bad one is named in one problem. */
	record Filters(@Nullable AlertKind kind, @Nullable Severity severity, @Nullable AlertState state,
			@Nullable Long before) {

		static Filters parse(@Nullable String kind, @Nullable String severity, @Nullable String state,
				@Nullable String before, int limit) {
			List<FieldProblem> problems = new ArrayList<>();
			AlertKind k = parse(AlertKind.class, "kind", kind, problems);
			Severity s = parse(Severity.class, "severity", severity, problems);
			AlertState st = parse(AlertState.class, "state", state, problems);
			Long b = null;
			if (before != null && !before.isBlank()) {
				try {
					b = Long.parseLong(before.strip());
				}
				catch (NumberFormatException ex) {
					problems.add(new FieldProblem("before", "the cursor 'next' of the previous page"));
				}
			}
			if (limit < 1 || limit > 200) {
				problems.add(new FieldProblem("limit", "from 1 to 200"));
			}
			if (!problems.isEmpty()) {
				throw InvalidException.of(problems);
			}
			return new Filters(k, s, st, b);
		}

		static <E extends Enum<E>> @Nullable E parse(Class<E> type, String field, @Nullable String text,
				List<FieldProblem> problems) {
			if (text == null || text.isBlank()) {
				return null;
			}
			for (E value : type.getEnumConstants()) {
				if (value.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
					return value;
				}
			}
			problems.add(new FieldProblem(field, "one of " + Arrays.toString(type.getEnumConstants())));
			return null;
		}

	}

}
