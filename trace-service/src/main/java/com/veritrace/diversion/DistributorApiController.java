package com.veritrace.diversion;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A brand's distributors and their authorised regions; diversion counts per distributor.
 */
@RestController
@RequestMapping("/api/v1/distributors")
@Tag(name = "Distributors and channel diversion")
@SecurityRequirement(name = "apiKey")
class DistributorApiController {

	private final DistributorService distributors;

	private final DiversionStats stats;

	DistributorApiController(DistributorService distributors, DiversionStats stats) {
		this.distributors = distributors;
		this.stats = stats;
	}

	record DistributorRequest(@Nullable String name, @Nullable Long partnerOrganisationId,
			@Nullable List<String> regions, @Nullable List<String> locations) {

		DistributorService.Draft draft() {
			return new DistributorService.Draft(this.name, this.partnerOrganisationId, this.regions, this.locations);
		}

	}

	record DistributorView(long id, String name, @Nullable Long partnerOrganisationId, @Nullable String partnerName,
			List<String> regions, List<String> locations, Instant updatedAt) {

		static DistributorView of(Distributor d) {
			return new DistributorView(d.id(), d.name(), d.partnerId(), d.partnerName(), d.regions(), d.locations(),
					Instant.ofEpochMilli(d.updatedMs()));
		}

	}

	@GetMapping
	@Operation(summary = "The caller's brand's distributors")
	List<DistributorView> list(@AuthenticationPrincipal Caller caller) {
		return this.distributors.list(caller).stream().map(DistributorView::of).toList();
	}

	@PostMapping
	@Operation(summary = "Define a distributor: a partner organisation and/or its locations, and its authorised "
			+ "regions (ISO 3166-1 countries such as CN, or ISO 3166-2 subdivisions such as CN-31)")
	ResponseEntity<DistributorView> create(@AuthenticationPrincipal Caller caller,
			@RequestBody DistributorRequest request) {
		Distributor d = this.distributors.create(caller, request.draft());
		return ResponseEntity.created(URI.create("/api/v1/distributors/" + d.id())).body(DistributorView.of(d));
	}

	@GetMapping("/{id}")
	@Operation(summary = "One distributor")
	DistributorView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return DistributorView.of(this.distributors.get(caller, id));
	}

	@PutMapping("/{id}")
	@Operation(summary = "Replace a distributor's name, partner, regions and locations")
	DistributorView update(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestBody DistributorRequest request) {
		return DistributorView.of(this.distributors.update(caller, id, request.draft()));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove a distributor (its diversion history goes with it)")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		this.distributors.delete(caller, id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/diversions")
	@Operation(summary = "Diversions per distributor with a scan in [from, to) (ISO instants)")
	List<DiversionStats.Count> diversions(@AuthenticationPrincipal Caller caller, @RequestParam String from,
			@RequestParam String to) {
		Instant start = instant("from", from);
		Instant end = instant("to", to);
		if (!end.isAfter(start)) {
			throw InvalidException.of("to", "must be after from");
		}
		return this.stats.byDistributor(caller, start, end);
	}

	private static Instant instant(String field, String text) {
		try {
			return Instant.parse(text);
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw InvalidException.of(field, "must be an ISO 8601 instant such as 2026-12-01T00:00:00Z");
		}
	}

}
