package com.veritrace.events;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** EPCIS 2.0 named queries: {@code /queries} of the GS1 REST binding. docs/API.md */
@RestController
@RequestMapping("/api/v1/epcis/queries")
@Tag(name = "EPCIS named queries")
class EpcisQueriesApiController {

	private final EpcisNamedQueries named;

	private final EpcisQueryService queries;

	private final Clock clock;

	EpcisQueriesApiController(EpcisNamedQueries named, EpcisQueryService queries, Clock clock) {
		this.named = named;
		this.queries = queries;
		this.clock = clock;
	}

	@PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, EpcisResponses.JSON_LD })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Create a named query (scope events:write): {\"name\": ..., \"query\": {<EPCIS query "
			+ "parameters>}}; 201 with Location; 409 ResourceAlreadyExistsException for a name the organisation "
			+ "has; 400 QueryParameterException with every problem")
	ResponseEntity<ObjectNode> create(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body) {
		EpcisNamedQueries.NamedQuery query = this.named.create(caller, body);
		return ResponseEntity.created(URI.create("/api/v1/epcis/queries/" + query.name())).body(query.view());
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The organisation's named queries by name, perPage at a time (default 30), the next page "
			+ "in the Link header")
	ResponseEntity<List<ObjectNode>> list(@AuthenticationPrincipal Caller caller,
			@RequestParam MultiValueMap<String, String> params) {
		Map<String, List<String>> rest = new LinkedHashMap<>(params);
		List<FieldProblem> errors = new ArrayList<>();
		EpcisResponses.Paging paging = EpcisResponses.paging(rest, this.queries.properties(), errors);
		rest.keySet().forEach(p -> errors.add(new FieldProblem(p, "unknown parameter (perPage, nextPageToken)")));
		if (!errors.isEmpty()) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception", errors);
		}
		EpcisNamedQueries.Page page = this.named.list(caller, paging.perPage(), paging.token());
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.nextPageToken() != null) {
			response.header(HttpHeaders.LINK, "<" + EpcisResponses.nextPage(page.nextPageToken()) + ">; rel=\"next\"");
		}
		return response.body(page.queries().stream().map(EpcisNamedQueries.NamedQuery::view).toList());
	}

	@GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "A named query's definition; 404 NoSuchNameException for a name the organisation lacks")
	ObjectNode get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
		return this.named.get(caller, name).view();
	}

	@DeleteMapping("/{name}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Delete a named query and its subscriptions (scope events:write): 204")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
		this.named.delete(caller, name);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{name}/events")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The events of a named query, run for the caller: as GET /events (EPCISQueryDocument with "
			+ "queryName the query's name, JSON-LD, JSON or XML by Accept, perPage and nextPageToken, Link header)")
	ResponseEntity<?> events(@AuthenticationPrincipal Caller caller, @PathVariable String name,
			@RequestParam MultiValueMap<String, String> params,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		EpcisNamedQueries.NamedQuery query = this.named.get(caller, name);
		Map<String, List<String>> rest = new LinkedHashMap<>(params);
		List<FieldProblem> errors = new ArrayList<>();
		EpcisResponses.Paging paging = EpcisResponses.paging(rest, this.queries.properties(), errors);
		rest.keySet()
			.forEach(p -> errors.add(new FieldProblem(p, "a named query takes only perPage and nextPageToken; "
					+ "its parameters are those it was created with")));
		if (!errors.isEmpty()) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception", errors);
		}
		EpcisQueryService.Page page = this.queries.run(caller, query.query(), paging.perPage(), paging.token());
		return EpcisResponses.respond(page, query.name(), accept, this.clock);
	}

}
