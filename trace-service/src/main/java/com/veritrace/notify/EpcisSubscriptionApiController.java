package com.veritrace.notify;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** EPCIS query subscriptions: {@code /queries/{name}/subscriptions}. docs/API.md */
@RestController
@RequestMapping("/api/v1/epcis/queries/{name}/subscriptions")
@Tag(name = "EPCIS subscriptions")
class EpcisSubscriptionApiController {

	private final EpcisSubscriptions subscriptions;

	EpcisSubscriptionApiController(EpcisSubscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	/** A delivery attempt as the log shows it. */
	record Delivery(long id, Instant at, long durationMs, @Nullable Integer status, int events, boolean delivered,
			@Nullable String error) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Subscribe a webhook to a named query (scope events:write): {dest, signatureToken?, "
			+ "stream: true | schedule {second, minute, hour, dayOfMonth, month, dayOfWeek}, reportIfEmpty?, "
			+ "initialRecordTime?}; 201 with Location, never the token; 400 SubscriptionControlsException listing "
			+ "every problem (dest not https or not public included)")
	ResponseEntity<ObjectNode> subscribe(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@RequestBody JsonNode body) {
		ObjectNode created = this.subscriptions.subscribe(caller, name, body);
		return ResponseEntity
			.created(URI
				.create("/api/v1/epcis/queries/" + name + "/subscriptions/" + created.get("subscriptionID").asString()))
			.body(created);
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The query's subscriptions, oldest first, perPage at a time (default 30, at most 1000), "
			+ "the next page in the Link header")
	ResponseEntity<List<ObjectNode>> list(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@RequestParam(defaultValue = "30") int perPage,
			@RequestParam(required = false) @Nullable String nextPageToken) {
		if (perPage < 1 || perPage > 1000) {
			throw InvalidException.of(EpcisSubscriptions.CONTROLS_PROBLEM, "Subscription controls exception",
					List.of(new com.veritrace.shared.FieldProblem("perPage", "must be 1..1000")));
		}
		EpcisSubscriptions.Page page = this.subscriptions.list(caller, name, perPage, nextPageToken);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.nextPageToken() != null) {
			response.header(HttpHeaders.LINK,
					"<" + ServletUriComponentsBuilder.fromCurrentRequest()
						.replaceQueryParam("nextPageToken", page.nextPageToken())
						.build(true)
						.toUriString() + ">; rel=\"next\"");
		}
		return response.body(page.subscriptions());
	}

	@GetMapping(path = "/{subscriptionId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "A subscription, with lastNotifiedAt (the last acknowledged delivery)")
	ObjectNode get(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@PathVariable String subscriptionId) {
		return this.subscriptions.get(caller, name, subscriptionId);
	}

	@DeleteMapping("/{subscriptionId}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Unsubscribe (scope events:write): 204")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@PathVariable String subscriptionId) {
		this.subscriptions.delete(caller, name, subscriptionId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/{subscriptionId}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Veritrace's extension: the subscription's delivery attempts, newest first (limit, at most "
			+ "500; before: an attempt id, for the next page)")
	List<Delivery> deliveries(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@PathVariable String subscriptionId, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) @Nullable Long before) {
		if (limit < 1 || limit > 500) {
			throw InvalidException.of("limit", "must be 1..500");
		}
		return this.subscriptions
			.deliveries(caller, name, subscriptionId, before == null ? Long.MAX_VALUE : before, limit)
			.stream()
			.map(a -> new Delivery(a.id(), Instant.ofEpochMilli(a.atMs()), a.durationMs(), a.statusCode(), a.events(),
					a.delivered(), a.error()))
			.toList();
	}

}
