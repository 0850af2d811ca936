package com.veritrace.notify;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Notifications")
@SecurityRequirement(name = "apiKey")
class WebhookApiController {

	private final WebhookService webhooks;

	WebhookApiController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	/** An endpoint to register. */
	record WebhookRequest(@Nullable String url, @Nullable String description) {
	}

	/** A registered endpoint, with its secret: shown in this answer only. */
	record Created(WebhookEndpoint endpoint, String secret) {
	}

	/** A page of an endpoint's log; {@code next} is the cursor of the next page. */
	record AttemptPage(List<WebhookAttempt> items, @Nullable String next) {
	}

	@PostMapping
	@Operation(summary = "Register an endpoint (https, public address, answers a signed ping with 2xx); "
			+ "the answer holds its signing secret, once")
	ResponseEntity<Created> register(@AuthenticationPrincipal Caller caller, @RequestBody WebhookRequest request) {
		WebhookService.Registered registered = this.webhooks.register(caller, request.url(), request.description());
		return ResponseEntity.created(URI.create("/api/v1/webhooks/" + registered.endpoint().id()))
			.header("Cache-Control", "no-store")
			.body(new Created(registered.endpoint(), registered.secret()));
	}

	@GetMapping
	@Operation(summary = "The organisation's endpoints with their delivery counts and last call")
	List<WebhookEndpoint> list(@AuthenticationPrincipal Caller caller) {
		return this.webhooks.list(caller);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One endpoint")
	WebhookEndpoint get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.webhooks.get(caller, id);
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Remove an endpoint; what was still to be delivered to it is cancelled")
	ResponseEntity<Void> remove(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		this.webhooks.remove(caller, id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	@Operation(summary = "Every call to the endpoint, newest first: status, duration, error (keyset: before)")
	AttemptPage deliveries(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(required = false) @Nullable String before, @RequestParam(defaultValue = "50") int limit) {
		Long beforeId = Paging.before(before, limit);
		List<WebhookAttempt> items = this.webhooks.attempts(caller, id, beforeId, limit);
		return new AttemptPage(items,
				Paging.next(items.size(), limit, items.isEmpty() ? 0 : items.get(items.size() - 1).id()));
	}

}
