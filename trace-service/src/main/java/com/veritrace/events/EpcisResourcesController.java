package com.veritrace.events;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import com.veritrace.VeritraceProperties;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The GS1 EPCIS 2.0 REST binding's discovery and top-level resources: {@code GET /} (the
 * top-level resources), {@code /eventTypes}, {@code /epcs}, {@code /bizSteps},
 * {@code /bizLocations}, {@code /readPoints}, {@code /dispositions} (each a paged list,
 * {@code /{id}} its sub-resources, {@code /{id}/events} the standard query with that
 * value), and {@code OPTIONS} on every EPCIS endpoint (the named queries' and
 * subscriptions' too, without checking that the name exists). The version headers of
 * every answer are {@link EpcisHeaders}'.
 */
@RestController
@RequestMapping("/api/v1/epcis")
@Tag(name = "EPCIS events")
class EpcisResourcesController {

	static final String RESOURCE = "/{resource:" + EpcisResources.Resource.PATHS + "}";

	/** The top-level resources, as the REST binding names them. */
	static final List<String> TOP_LEVEL = List.of("events", "eventTypes", "epcs", "bizSteps", "bizLocations",
			"readPoints", "dispositions", "capture", "queries");

	private final EpcisResources resources;

	private final EpcisQueryService queries;

	private final VeritraceProperties properties;

	private final Clock clock;

	EpcisResourcesController(EpcisResources resources, EpcisQueryService queries, VeritraceProperties properties,
			Clock clock) {
		this.resources = resources;
		this.queries = queries;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping({ "", "/" })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The top-level resources of the EPCIS 2.0 REST binding (a JSON-LD Collection)")
	ResponseEntity<Map<String, Object>> root(@AuthenticationPrincipal Caller caller) {
		caller.require(Scope.READ);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(collection(TOP_LEVEL));
	}

	@GetMapping(RESOURCE)
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The values present in the events the caller may see (eventTypes: the five EPCIS event "
			+ "types), as a Collection of perPage members (default 30), the next page in the Link header "
			+ "(rel=\"next\", with nextPageToken). docs/API.md")
	ResponseEntity<Map<String, Object>> list(@AuthenticationPrincipal Caller caller, @PathVariable String resource,
			@RequestParam MultiValueMap<String, String> params) {
		int perPage = this.queries.properties().defaultPerPage();
		for (Map.Entry<String, List<String>> p : params.entrySet()) {
			String value = p.getValue().size() == 1 ? p.getValue().get(0).strip() : "";
			switch (p.getKey()) {
				case "perPage" -> {
					try {
						perPage = Integer.parseInt(value);
					}
					catch (NumberFormatException ex) {
						throw EpcisResources.parameterProblem("perPage",
								"must be one integer 1.." + this.queries.properties().maxPerPage());
					}
				}
				case "nextPageToken" -> {
					// below
				}
				default -> throw EpcisResources.parameterProblem(p.getKey(),
						"unknown parameter (a list takes perPage and nextPageToken)");
			}
		}
		EpcisResources.ValuePage page = this.resources.list(caller, EpcisResources.Resource.of(resource), perPage,
				params.getFirst("nextPageToken"));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
		if (page.nextPageToken() != null) {
			response.header(HttpHeaders.LINK, "<" + EpcisResponses.nextPage(page.nextPageToken()) + ">; rel=\"next\"");
		}
		return response.body(collection(page.members()));
	}

	@GetMapping(RESOURCE + "/{id}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The sub-resources of a value (\"events\"); 404 when the caller sees no event with it. "
			+ "A URI goes in its URN form (urn:epc:id:sgtin:…, urn:epcglobal:cbv:bizstep:…) or as a CBV bare name")
	ResponseEntity<Map<String, Object>> item(@AuthenticationPrincipal Caller caller, @PathVariable String resource,
			@PathVariable String id) {
		found(caller, EpcisResources.Resource.of(resource), id);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(collection(List.of("events")));
	}

	@GetMapping(RESOURCE + "/{id}/events")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The events with this value: GET /events with eventType=, MATCH_anyEPC=, EQ_bizStep=, "
			+ "EQ_bizLocation=, EQ_readPoint= or EQ_disposition= set to it, and any further standard query "
			+ "parameters; 404 when the caller sees no event with it")
	ResponseEntity<?> events(@AuthenticationPrincipal Caller caller, @PathVariable String resource,
			@PathVariable String id, @RequestParam MultiValueMap<String, String> params,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		EpcisResources.Resource r = EpcisResources.Resource.of(resource);
		if (params.containsKey(r.parameter)) {
			throw EpcisResources.parameterProblem(r.parameter, "is given by the path (/" + r.path + "/{id}/events)");
		}
		found(caller, r, id);
		Map<String, List<String>> query = new LinkedHashMap<>(params);
		query.put(r.parameter, List.of(id));
		EpcisResponses.StandardQuery standard = EpcisResponses.parse(query, this.queries.properties());
		return EpcisResponses.respond(this.queries.run(caller, standard.query(), standard.perPage(), standard.token()),
				accept, this.clock);
	}

	@RequestMapping(method = RequestMethod.OPTIONS,
			path = { "", "/", "/capture", "/capture/{captureId}", "/events", "/events/{eventId}", RESOURCE,
					RESOURCE + "/{id}", RESOURCE + "/{id}/events", "/queries", "/queries/{name}",
					"/queries/{name}/events", "/queries/{name}/subscriptions",
					"/queries/{name}/subscriptions/{subscriptionId}" })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Discovery (204): the methods allowed (Allow), the EPCIS and CBV versions supported, the "
			+ "identifier formats answered; on /capture the capture limits")
	ResponseEntity<Void> options(HttpServletRequest request) {
		String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
		boolean capture = pattern.endsWith("/capture");
		ResponseEntity.HeadersBuilder<?> response = ResponseEntity.noContent()
			.header(HttpHeaders.ALLOW, capture ? "OPTIONS, POST" : allowed(pattern))
			.header("GS1-EPCIS-Min", EpcisHeaders.VERSION)
			.header("GS1-EPCIS-Max", EpcisHeaders.VERSION)
			.header("GS1-CBV-Min", EpcisHeaders.VERSION)
			.header("GS1-CBV-Max", EpcisHeaders.VERSION)
			.header("GS1-Vendor-Version", EpcisHeaders.vendorVersion());
		if (capture) {
			response.header("GS1-EPCIS-Capture-Limit", String.valueOf(this.properties.capture().maxEvents()))
				.header("GS1-EPCIS-Capture-File-Size-Limit",
						String.valueOf(this.properties.capture().maxDocumentSize().toBytes()))
				.header("GS1-Capture-Error-Behaviour", "all");
		}
		return response.build();
	}

	/** The methods of a GET resource, of the named queries and of their subscriptions. */
	private static String allowed(String pattern) {
		if (pattern.endsWith("/queries") || pattern.endsWith("/subscriptions")) {
			return "OPTIONS, GET, POST";
		}
		if (pattern.endsWith("/queries/{name}") || pattern.endsWith("/{subscriptionId}")) {
			return "OPTIONS, GET, DELETE";
		}
		return "OPTIONS, GET";
	}

	private void found(Caller caller, EpcisResources.Resource resource, String id) {
		if (!this.resources.exists(caller, resource, id)) {
			throw NotFoundException.of("Resource", "No event you may see has " + resource.path + " '" + id + "'");
		}
	}

	private static Map<String, Object> collection(List<String> members) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@context", EpcisQueryDocuments.EPCIS_CONTEXT);
		body.put("type", "Collection");
		body.put("member", members);
		return body;
	}

}
