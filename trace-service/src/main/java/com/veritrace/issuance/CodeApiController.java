package com.veritrace.issuance;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Code lifecycle")
@SecurityRequirement(name = "apiKey")
class CodeApiController {

	private final CodeRegistry registry;

	private final AggregationService aggregations;

	CodeApiController(CodeRegistry registry, AggregationService aggregations) {
		this.registry = registry;
		this.aggregations = aggregations;
	}

	record CodeList(@NotNull List<String> codes) {
	}

	@GetMapping("/codes/{gtin}/{serial}")
	@Operation(summary = "A code's registry status (UNKNOWN_CODE, ISSUED, ACTIVE, VOIDED), lot and job")
	CodeRegistry.Entry code(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@PathVariable @Size(max = 20) String serial) {
		return this.registry.entry(caller, gtin, serial);
	}

	@PostMapping("/codes/activation")
	@Operation(summary = "Activate listed codes (Digital Links, EPC URNs or SGTIN-96 hex); all or nothing")
	CodeRegistry.Change activate(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CodeList list) {
		return this.registry.activate(caller, list.codes());
	}

	@PostMapping("/codes/voiding")
	@Operation(summary = "Void listed codes (damaged labels); all or nothing")
	CodeRegistry.Change voidCodes(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CodeList list) {
		return this.registry.voidCodes(caller, list.codes());
	}

	record AggregationRequest(@NotNull @Size(max = 100) String sscc, @NotNull List<String> children,
			@Nullable Instant eventTime, @Nullable @Size(max = 255) String readPoint) {
	}

	record DisaggregationRequest(@Nullable List<String> children, @Nullable Instant eventTime,
			@Nullable @Size(max = 255) String readPoint) {
	}

	@PostMapping("/aggregations")
	@Operation(summary = "Pack item codes (or cases) into a case or pallet SSCC: an EPCIS AggregationEvent ADD")
	AggregationService.Result aggregate(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody AggregationRequest r) {
		return this.aggregations.aggregate(caller, r.sscc(), r.children(), r.eventTime(), r.readPoint());
	}

	@PostMapping("/aggregations/{sscc}/disaggregation")
	@Operation(summary = "Take children (all, when none are listed) out of an SSCC: an EPCIS AggregationEvent DELETE")
	AggregationService.Result disaggregate(@AuthenticationPrincipal Caller caller, @PathVariable String sscc,
			@Valid @RequestBody DisaggregationRequest r) {
		return this.aggregations.disaggregate(caller, sscc, r.children() == null ? List.of() : r.children(),
				r.eventTime(), r.readPoint());
	}

	@GetMapping("/aggregations/{sscc}")
	@Operation(summary = "What is inside an SSCC now")
	List<String> contents(@AuthenticationPrincipal Caller caller, @PathVariable String sscc) {
		return this.aggregations.contents(caller, sscc);
	}

}
