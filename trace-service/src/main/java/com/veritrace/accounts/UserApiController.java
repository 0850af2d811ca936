package com.veritrace.accounts;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's people through the API: the same {@link AccountService} and rules as
 * the portal's users page (a key with {@code keys:manage} of the organisation, or the
 * platform operator; owners only by owners, so a key never makes, changes or removes one;
 * another organisation answers 404).
 */
@RestController
@RequestMapping("/api/v1/organisations/{organisationId}/users")
@Tag(name = "Users")
@SecurityRequirement(name = "apiKey")
class UserApiController {

	static final int MAX_PAGE = 200;

	private final AccountService accounts;

	UserApiController(AccountService accounts) {
		this.accounts = accounts;
	}

	record UserView(long id, String email, String displayName, Role role, UserStatus status, boolean totpEnabled,
			Instant createdAt, @Nullable Instant lastLoginAt) {
		static UserView of(UserAccount u) {
			return new UserView(u.getId(), u.getEmail(), u.getDisplayName(), u.getRole(), u.getStatus(),
					u.isTotpEnabled(), u.getCreatedAt(), u.getLastLoginAt());
		}
	}

	record UserPage(List<UserView> users, @Nullable Long next) {
	}

	record InviteRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 100) String displayName,
			@NotNull Role role) {
	}

	/**
	 * What an invitation answers: the account (INVITED) and until when its link works.
	 */
	record InvitationView(UserView user, Instant invitationExpiresAt) {
	}

	record RoleChange(@NotNull Role role) {
	}

	@GetMapping
	@Operation(summary = "An organisation's users (not removed ones), keyset-paged by id; q filters name or e-mail")
	UserPage list(@AuthenticationPrincipal Caller caller, @PathVariable long organisationId,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") long after,
			@RequestParam(defaultValue = "50") int limit) {
		int size = Math.max(1, Math.min(limit, MAX_PAGE));
		List<UserAccount> users = this.accounts.list(caller, organisationId, q, after, size + 1);
		List<UserAccount> page = users.size() > size ? users.subList(0, size) : users;
		return new UserPage(page.stream().map(UserView::of).toList(),
				users.size() > size ? page.get(size - 1).getId() : null);
	}

	@PostMapping
	@Operation(summary = "Invite someone: an INVITED account and a mail with a single-use link that expires")
	ResponseEntity<InvitationView> invite(@AuthenticationPrincipal Caller caller, @PathVariable long organisationId,
			@Valid @RequestBody InviteRequest request) {
		AccountService.Invitation invitation = this.accounts.invite(caller, organisationId, request.email(),
				request.displayName(), request.role());
		return ResponseEntity
			.created(URI.create("/api/v1/organisations/" + organisationId + "/users/" + invitation.user().getId()))
			.body(new InvitationView(UserView.of(invitation.user()), invitation.expiresAt()));
	}

	@PatchMapping("/{userId}")
	@Operation(summary = "Change a user's role (owners only by an owner; the last owner stays)")
	UserView changeRole(@AuthenticationPrincipal Caller caller, @PathVariable long organisationId,
			@PathVariable long userId, @Valid @RequestBody RoleChange request) {
		return UserView.of(this.accounts.changeRole(caller, organisationId, userId, request.role()));
	}

	@DeleteMapping("/{userId}")
	@Operation(summary = "Remove a user: their sessions end at their next request, their links stop working")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Caller caller, @PathVariable long organisationId,
			@PathVariable long userId) {
		this.accounts.remove(caller, organisationId, userId);
		return ResponseEntity.noContent().build();
	}

}
