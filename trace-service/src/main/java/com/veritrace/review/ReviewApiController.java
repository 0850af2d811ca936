package com.veritrace.review;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "Flagged codes")
@SecurityRequirement(name = "apiKey")
class ReviewApiController {

	private final CodeReviewService reviews;

	private final VerdictThresholdsService thresholds;

	ReviewApiController(CodeReviewService reviews, VerdictThresholdsService thresholds) {
		this.reviews = reviews;
		this.thresholds = thresholds;
	}

	@GetMapping("/flagged-codes")
	@Operation(summary = "The brand's codes flagged as copied by scan evidence, latest first; "
			+ "state FLAGGED, CLEARED, CONFIRMED or VOIDED (all when absent)")
	List<CodeReviewService.FlaggedCode> list(@AuthenticationPrincipal Caller caller,
			@RequestParam(required = false) @Nullable String state, @RequestParam(defaultValue = "100") int limit) {
		return this.reviews.list(caller, state, limit);
	}

	@GetMapping("/flagged-codes/{gtin}/{serial}")
	@Operation(summary = "A flagged code with its scans: per region, and the latest 500")
	CodeReviewService.CodeScans code(@AuthenticationPrincipal Caller caller, @PathVariable @Size(max = 14) String gtin,
			@PathVariable @Size(max = 20) String serial) {
		return this.reviews.code(caller, gtin, serial);
	}

	@PostMapping("/flagged-codes/{gtin}/{serial}/clearing")
	@Operation(summary = "Clear the code: its page shows GENUINE_REPEAT for the evidence so far; "
			+ "more evidence flags it again")
	CodeReviewService.FlaggedCode clear(@AuthenticationPrincipal Caller caller,
			@PathVariable @Size(max = 14) String gtin, @PathVariable @Size(max = 20) String serial) {
		return this.reviews.clear(caller, gtin, serial);
	}

	@PostMapping("/flagged-codes/{gtin}/{serial}/confirmation")
	@Operation(summary = "Confirm the code a copy: its page stays SUSPICIOUS (\"confirmed copy\")")
	CodeReviewService.FlaggedCode confirm(@AuthenticationPrincipal Caller caller,
			@PathVariable @Size(max = 14) String gtin, @PathVariable @Size(max = 20) String serial) {
		return this.reviews.confirm(caller, gtin, serial);
	}

	@PostMapping("/flagged-codes/{gtin}/{serial}/voiding")
	@Operation(summary = "Void a confirmed copy in the code registry")
	CodeReviewService.FlaggedCode voidCopy(@AuthenticationPrincipal Caller caller,
			@PathVariable @Size(max = 14) String gtin, @PathVariable @Size(max = 20) String serial) {
		return this.reviews.voidCopy(caller, gtin, serial);
	}

	@GetMapping("/verdict-thresholds")
	@Operation(summary = "The brand's own verdict thresholds per product category ('' for all of them)")
	List<VerdictThresholdsService.BrandThresholds> thresholds(@AuthenticationPrincipal Caller caller) {
		return this.thresholds.list(caller);
	}

	@PutMapping("/verdict-thresholds")
	@Operation(summary = "Set the brand's verdict thresholds for a product category ('' or absent for all)")
	VerdictThresholdsService.BrandThresholds setThresholds(@AuthenticationPrincipal Caller caller,
			@RequestBody VerdictThresholdsService.BrandThresholds body) {
		return this.thresholds.set(caller, body);
	}

	@DeleteMapping("/verdict-thresholds")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove the brand's thresholds for a category: the configured ones apply again")
	void removeThresholds(@AuthenticationPrincipal Caller caller,
			@RequestParam(defaultValue = "") @Size(max = 64) String category) {
		this.thresholds.remove(caller, category);
	}

}
