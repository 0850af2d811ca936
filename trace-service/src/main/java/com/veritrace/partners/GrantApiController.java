package com.veritrace.partners;

import java.net.URI;
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
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/grants")
@Tag(name = "Partner grants")
@SecurityRequirement(name = "apiKey")
class GrantApiController {

	private final GrantService grants;

	GrantApiController(GrantService grants) {
		this.grants = grants;
	}

	record GrantRequest(@NotNull Long granteeOrganisationId, @NotNull GrantRight right,
			@Nullable @Size(max = 20) String gtin, @Nullable @Size(max = 20) String lotNumber) {
	}

	record GrantView(long id, long brandId, long granteeOrganisationId, GrantRight right, @Nullable Long productId,
			@Nullable Long lotId, Instant createdAt, @Nullable Instant revokedAt) {
		static GrantView of(PartnerGrant g) {
			return new GrantView(g.getId(), g.getBrandId(), g.getGranteeId(), g.getRight(), g.getProductId(),
					g.getLotId(), g.getCreatedAt(), g.getRevokedAt());
		}
	}

	@PostMapping
	@Operation(
			summary = "Grant a partner the right to report events (or a lab, reports) for all products, a product or a lot")
	ResponseEntity<GrantView> grant(@AuthenticationPrincipal Caller caller, @Valid @RequestBody GrantRequest request) {
		PartnerGrant grant = this.grants.grant(caller, request.granteeOrganisationId(), request.right(), request.gtin(),
				request.lotNumber());
		return ResponseEntity.created(URI.create("/api/v1/grants/" + grant.getId())).body(GrantView.of(grant));
	}

	@GetMapping
	@Operation(summary = "Grants given by or to the caller's organisation")
	List<GrantView> list(@AuthenticationPrincipal Caller caller) {
		return this.grants.list(caller).stream().map(GrantView::of).toList();
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke a grant")
	GrantView revoke(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return GrantView.of(this.grants.revoke(caller, id));
	}

}
