package com.veritrace.tenancy;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import org.springframework.http.HttpStatus;
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
@RequestMapping("/api/v1/organisations")
@Tag(name = "Organisations and API keys")
@SecurityRequirement(name = "apiKey")
class OrganisationApiController {

	private final OrganisationService organisations;

	private final ApiKeyService keys;

	OrganisationApiController(OrganisationService organisations, ApiKeyService keys) {
		this.organisations = organisations;
		this.keys = keys;
	}

	record CreateOrganisation(@NotBlank @Size(max = 200) String name, @NotNull OrganisationKind kind) {
	}

	record OrganisationView(long id, String name, OrganisationKind kind, Instant createdAt) {
		static OrganisationView of(Organisation o) {
			return new OrganisationView(o.getId(), o.getName(), o.getKind(), o.getCreatedAt());
		}
	}

	record CallerView(OrganisationView organisation, long apiKeyId, List<String> scopes) {
	}

	/** {@code expiresAt}: optional; after it the key no longer authenticates. */
	record CreateKey(@NotBlank @Size(max = 100) String name, @NotEmpty List<@NotBlank String> scopes,
			@Nullable Instant expiresAt) {
	}

	record KeyView(long id, String name, String prefix, List<String> scopes, Instant createdAt,
			@Nullable Instant expiresAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt,
			@Nullable String key) {
		static KeyView of(ApiKey k, @Nullable String secret) {
			return new KeyView(k.getId(), k.getName(), k.getDisplayPrefix(),
					k.getScopes().stream().map(Scope::wire).toList(), k.getCreatedAt(), k.getExpiresAt(),
					k.getLastUsedAt(), k.getRevokedAt(), secret);
		}

		@Override
		public String toString() {
			// the key is shown once, in the response body, never in a log
			return "KeyView[" + this.id + " (" + this.prefix + "...), key=" + (this.key == null ? "(none)" : "(set)")
					+ "]";
		}
	}

	@PostMapping
	@Operation(summary = "Create an organisation (platform operator's admin key)")
	ResponseEntity<OrganisationView> create(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody CreateOrganisation request) {
		Organisation created = this.organisations.create(caller, request.name(), request.kind());
		return ResponseEntity.created(URI.create("/api/v1/organisations/" + created.getId()))
			.body(OrganisationView.of(created));
	}

	@GetMapping
	@Operation(summary = "List organisations (all for regulators and the platform; otherwise one's own)")
	List<OrganisationView> list(@AuthenticationPrincipal Caller caller) {
		return this.organisations.list(caller).stream().map(OrganisationView::of).toList();
	}

	@GetMapping("/me")
	@Operation(summary = "The organisation and scopes of the calling key")
	CallerView me(@AuthenticationPrincipal Caller caller) {
		return new CallerView(OrganisationView.of(this.organisations.get(caller, caller.organisationId())),
				caller.apiKeyId(), caller.scopes().stream().map(Scope::wire).sorted().toList());
	}

	@GetMapping("/{id}")
	OrganisationView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return OrganisationView.of(this.organisations.get(caller, id));
	}

	@PostMapping("/{id}/api-keys")
	@Operation(summary = "Create an API key; the response carries the key once, it cannot be read again")
	ResponseEntity<KeyView> createKey(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@Valid @RequestBody CreateKey request) {
		Set<Scope> scopes = EnumSet.noneOf(Scope.class);
		List<FieldProblem> errors = new java.util.ArrayList<>();
		for (int i = 0; i < request.scopes().size(); i++) {
			try {
				scopes.add(Scope.fromWire(request.scopes().get(i)));
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldProblem("scopes[" + i + "]", ex.getMessage()));
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		ApiKeyService.IssuedKey issued = this.keys.create(caller, id, request.name().strip(), scopes,
				request.expiresAt());
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/api/v1/organisations/" + id + "/api-keys/" + issued.key().getId()))
			.body(KeyView.of(issued.key(), issued.secret()));
	}

	@GetMapping("/{id}/api-keys")
	@Operation(summary = "List an organisation's API keys (needs 'keys:manage'): prefix, scopes, expiry, last use")
	List<KeyView> keys(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.keys.list(caller, id).stream().map(k -> KeyView.of(k, null)).toList();
	}

	@DeleteMapping("/{id}/api-keys/{keyId}")
	@Operation(summary = "Revoke an API key at once")
	KeyView revoke(@AuthenticationPrincipal Caller caller, @PathVariable long id, @PathVariable long keyId) {
		return KeyView.of(this.keys.revoke(caller, id, keyId), null);
	}

}
