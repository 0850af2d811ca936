package com.veritrace.recall;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Partners' responses to a recall they were told of. */
@RestController
@RequestMapping("/api/v1/recalls")
@Tag(name = "Recalls")
@SecurityRequirement(name = "apiKey")
class RecallResponsesApiController {

	private final RecallResponses responses;

	RecallResponsesApiController(RecallResponses responses) {
		this.responses = responses;
	}

	@PostMapping("/{id}/acknowledgement")
	@Operation(summary = "A recipient acknowledges the recall (once; again answers the first); the first moves it "
			+ "from ISSUED to IN_PROGRESS")
	RecallResponses.Acknowledgement acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return this.responses.acknowledge(caller, id);
	}

	@PostMapping("/{id}/removals")
	@Operation(summary = "A recipient confirms it removed the affected items it holds, or the listed ones "
			+ "({note?, quantity?, items?: [serial or Digital Link]}); scope events:write")
	ResponseEntity<RecallResponses.RemovalConfirmation> confirm(@AuthenticationPrincipal Caller caller,
			@PathVariable String id, @RequestBody(required = false) RecallResponses.@Nullable RemovalRequest request) {
		RecallResponses.RemovalConfirmation confirmation = this.responses.confirmRemoval(caller, id,
				request == null ? new RecallResponses.RemovalRequest(null, null, null) : request);
		return ResponseEntity.created(URI.create("/api/v1/recalls/" + id + "/response")).body(confirmation);
	}

	@GetMapping("/{id}/response")
	@Operation(summary = "The caller's part in a recall it was told of: its acknowledgement, the affected items last "
			+ "seen with it, its removal confirmations")
	RecallResponses.PartnerView response(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return this.responses.partnerView(caller, id);
	}

}
