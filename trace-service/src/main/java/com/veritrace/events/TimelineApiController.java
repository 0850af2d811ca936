package com.veritrace.events;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/timelines")
@Tag(name = "Timelines")
@SecurityRequirement(name = "apiKey")
class TimelineApiController {

	private final TimelineService timelines;

	TimelineApiController(TimelineService timelines) {
		this.timelines = timelines;
	}

	@GetMapping("/items/{gtin}/{serial}")
	@Operation(summary = "All events of one item (GTIN + serial) in time order; with ?lot= also its lot's events")
	TimelineService.Timeline item(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@PathVariable String serial, @RequestParam(required = false) @Nullable String lot,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
		return this.timelines.item(caller, gtin, serial, lot, cursor, limit);
	}

	@GetMapping("/lots/{gtin}/{lotNumber}")
	@Operation(summary = "All events of one lot in time order")
	TimelineService.Timeline lot(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@PathVariable String lotNumber, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
		return this.timelines.lot(caller, gtin, lotNumber, cursor, limit);
	}

}
