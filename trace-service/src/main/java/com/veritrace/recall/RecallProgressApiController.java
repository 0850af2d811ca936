package com.veritrace.recall;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A recall's progress, items and alerts, for those who run it. */
@RestController
@RequestMapping("/api/v1/recalls")
@Tag(name = "Recalls")
@SecurityRequirement(name = "apiKey")
class RecallProgressApiController {

	private final RecallProgressService progress;

	private final RecallAlerts alerts;

	RecallProgressApiController(RecallProgressService progress, RecallAlerts alerts) {
		this.progress = progress;
		this.alerts = alerts;
	}

	/** A page of alerts; {@code next}: the {@code before} of the next page, or null. */
	record AlertPage(List<RecallAlert> items, @Nullable Long next) {
	}

	@GetMapping("/{id}/progress")
	@Operation(summary = "A recall's progress: affected items and cases, where last seen (by partner and location), "
			+ "confirmed removed, in circulation, consumer scans since, alerts, partners' acknowledgements and "
			+ "confirmations (its brand, initiator and regulators)")
	RecallProgress progress(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return this.progress.progress(caller, id);
	}

	@GetMapping("/{id}/progress/items")
	@Operation(summary = "The recall's affected items in serial order: where each was last seen, its case, whether "
			+ "removed; filter by holder (an organisation id; 0: in no event yet) and removed (true/false); "
			+ "page with after=<next>")
	RecallProgress.ItemPage items(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable Long holder,
			@RequestParam(required = false) @Nullable Boolean removed,
			@RequestParam(required = false) @Nullable String after, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw InvalidException.of("limit", "from 1 to 1000");
		}
		return this.progress.items(caller, id, holder, removed, after, limit);
	}

	@GetMapping("/{id}/alerts")
	@Operation(summary = "The recall's alerts (events on affected items after the recall), newest first; page with "
			+ "before=<next>")
	AlertPage alerts(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable Long before, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw InvalidException.of("limit", "from 1 to 500");
		}
		List<RecallAlert> items = this.alerts.list(caller, id, before, limit);
		return new AlertPage(items, items.size() == limit ? items.get(items.size() - 1).id() : null);
	}

}
