package com.veritrace.anchoring;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public inclusion proofs: a proof reveals nothing but hashes (rate-limited per client,
 * no key).
 */
@RestController
@RequestMapping("/api/v1/proofs")
@Tag(name = "Proofs")
class ProofApiController {

	private final ProofService proofs;

	ProofApiController(ProofService proofs) {
		this.proofs = proofs;
	}

	@GetMapping("/{eventHash}")
	@Operation(summary = "Inclusion proof of an event by its hex digest (or PENDING with the expected time)")
	ProofService.Proof byPath(@PathVariable String eventHash) {
		return this.proofs.proof(ProofService.digestOf(eventHash));
	}

	@GetMapping
	@Operation(summary = "Inclusion proof of an event by its full ni:/// event hash ID (?eventHash=)")
	ProofService.Proof byQuery(@RequestParam(required = false) @Nullable String eventHash) {
		if (eventHash == null || eventHash.isBlank()) {
			throw InvalidException.of("eventHash", "is required");
		}
		return this.proofs.proof(ProofService.digestOf(eventHash));
	}

}
