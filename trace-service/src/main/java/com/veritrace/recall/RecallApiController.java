package com.veritrace.recall;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/recalls")
@Tag(name = "Recalls")
@SecurityRequirement(name = "apiKey")
class RecallApiController {

	private final RecallService recalls;

	RecallApiController(RecallService recalls) {
		this.recalls = recalls;
	}

	/** A status change: to IN_PROGRESS, or CLOSED with a closing note. */
	record TransitionRequest(@Nullable RecallStatus status, @Nullable String note) {
	}

	/** A page of recalls; {@code next} is the cursor of the next page, or null. */
	record RecallPage(List<RecallView.Summary> items, @Nullable String next) {
	}

	@PostMapping
	@Operation(summary = "Issue a recall (a brand for its own products, a regulator for any)")
	ResponseEntity<RecallView> issue(@AuthenticationPrincipal Caller caller, @RequestBody RecallRequest request) {
		RecallView recall = this.recalls.issue(caller, request);
		return ResponseEntity.created(URI.create("/api/v1/recalls/" + recall.id())).body(recall);
	}

	@PostMapping("/preview")
	@Operation(summary = "What a recall request would cover (items counted), changing nothing")
	RecallService.Preview preview(@AuthenticationPrincipal Caller caller, @RequestBody RecallRequest request) {
		return this.recalls.preview(caller, request);
	}

	@GetMapping
	@Operation(summary = "Recalls newest first: a regulator's all, an organisation's its own and those it was told of")
	RecallPage list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String gtin,
			@RequestParam(required = false) @Nullable String before, @RequestParam(defaultValue = "50") int limit) {
		RecallStatus wanted = null;
		if (status != null && !status.isBlank()) {
			try {
				wanted = RecallStatus.valueOf(status.strip());
			}
			catch (IllegalArgumentException ex) {
				throw InvalidException.of("status", "one of ISSUED, IN_PROGRESS, CLOSED");
			}
		}
		if (limit < 1 || limit > 200) {
			throw InvalidException.of("limit", "from 1 to 200");
		}
		Long beforeMs = null;
		String beforeId = null;
		if (before != null && !before.isBlank()) {
			int dot = before.indexOf('_');
			try {
				beforeMs = Long.parseLong(before.substring(0, dot));
				beforeId = before.substring(dot + 1);
			}
			catch (RuntimeException ex) {
				throw InvalidException.of("before", "the cursor 'next' of the previous page");
			}
		}
		List<RecallView.Summary> items = this.recalls.list(caller, wanted, gtin, beforeMs, beforeId, limit);
		RecallView.Summary last = items.size() == limit ? items.get(items.size() - 1) : null;
		return new RecallPage(items, last == null ? null : last.issuedAt().toEpochMilli() + "_" + last.id());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One recall: its current version, every version, its lifecycle")
	RecallView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return this.recalls.get(caller, id);
	}

	@PostMapping("/{id}/versions")
	@Operation(
			summary = "Amend a recall: a new version (omitted fields carry over; the scope only grows); note required")
	ResponseEntity<RecallView> amend(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody RecallRequest request) {
		RecallView recall = this.recalls.amend(caller, id, request);
		return ResponseEntity.created(URI.create("/api/v1/recalls/" + id)).body(recall);
	}

	@PostMapping("/{id}/transitions")
	@Operation(summary = "Move a recall on: IN_PROGRESS, or CLOSED with a closing note")
	RecallView transition(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody TransitionRequest request) {
		return this.recalls.transition(caller, id, request.status(), request.note());
	}

}
