package com.veritrace.anchoring;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.veritrace.shared.ForbiddenException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tamper-detection report, for the platform operator only. */
@RestController
@RequestMapping("/api/v1/admin/integrity")
@Tag(name = "Administration")
@SecurityRequirement(name = "apiKey")
class IntegrityApiController {

	private final IntegrityService integrity;

	IntegrityApiController(IntegrityService integrity) {
		this.integrity = integrity;
	}

	@GetMapping
	@Operation(summary = "The last integrity check's findings (runs one first if none ran yet)")
	IntegrityService.Report last(@AuthenticationPrincipal Caller caller) {
		requireAdmin(caller);
		return this.integrity.last().orElseGet(this.integrity::run);
	}

	@PostMapping
	@Operation(summary = "Runs the integrity check now and returns its findings")
	IntegrityService.Report runNow(@AuthenticationPrincipal Caller caller) {
		requireAdmin(caller);
		return this.integrity.run();
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.isPlatformAdmin()) {
			throw ForbiddenException.of("Only the platform operator's admin key may read the integrity report");
		}
	}

}
