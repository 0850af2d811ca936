package com.veritrace.events;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The EPCIS 2.0 capture and query interface, and the public event-hash calculator. */
@RestController
@Validated
@RequestMapping("/api/v1/epcis")
@Tag(name = "EPCIS events")
class EpcisApiController {

	static final String JSON_LD = EpcisResponses.JSON_LD;

	private final CaptureService capture;

	private final EventQueryService events;

	private final EpcisQueryService queries;

	private final Clock clock;

	EpcisApiController(CaptureService capture, EventQueryService events, EpcisQueryService queries, Clock clock) {
		this.capture = capture;
		this.events = events;
		this.queries = queries;
		this.clock = clock;
	}

	record EventPage(List<StoredEvent> events, @Nullable String next) {
	}

	/**
	 * The hash tool's answer: one hash ID per event, in document order, and every
	 * violation of the standard found (each a warning: the hash is computed all the
	 * same).
	 */
	record HashIds(List<String> eventHashes, List<HashWarning> warnings) {
	}

	record HashWarning(String pointer, String reason) {
	}

	@PostMapping(path = "/capture", consumes = { "application/json", JSON_LD })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Capture an EPCISDocument or a single event (scope events:write): 202 with a capture job; "
			+ "an invalid document is refused whole with every violation. Header GS1-Capture-Error-Behaviour: "
			+ "rollback (default: all or nothing) or proceed (store what may be stored)")
	ResponseEntity<CaptureJob> capture(@AuthenticationPrincipal Caller caller, @RequestBody String document,
			@RequestHeader(name = "GS1-Capture-Error-Behaviour", required = false) @Nullable String behaviour) {
		CaptureJob job = this.capture.capture(caller, document, behaviour(behaviour));
		return ResponseEntity.accepted().location(URI.create("/api/v1/epcis/capture/" + job.captureId())).body(job);
	}

	@PostMapping(path = "/capture", consumes = { MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Capture an EPCIS 2.0 or 1.2 XML document (scope events:write): as the JSON-LD capture, "
			+ "mapped to JSON-LD first; the stored events and their hashes are those of the JSON-LD twin")
	ResponseEntity<CaptureJob> captureXml(@AuthenticationPrincipal Caller caller, @RequestBody byte[] document,
			@RequestHeader(name = "GS1-Capture-Error-Behaviour", required = false) @Nullable String behaviour) {
		CaptureJob job = this.capture.captureXml(caller, document, behaviour(behaviour));
		return ResponseEntity.accepted().location(URI.create("/api/v1/epcis/capture/" + job.captureId())).body(job);
	}

	@GetMapping("/capture/{captureId}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "A capture job: PENDING, RUNNING, SUCCESS or FAILED with the per-event errors")
	CaptureJob job(@AuthenticationPrincipal Caller caller, @PathVariable String captureId) {
		return this.capture.job(caller, captureId);
	}

	@GetMapping("/events/{eventHashOrEventId}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "A stored event by the hex digest of its hash ID, or by its eventID "
			+ "(the full ni:/// hash ID goes in ?eventHash= of the query)")
	StoredEvent event(@AuthenticationPrincipal Caller caller, @PathVariable String eventHashOrEventId) {
		return this.events.event(caller, eventHashOrEventId);
	}

	/** Today's (pre-EPCIS-query) parameters of {@code GET /events}: docs/API.md. */
	static final Set<String> LEGACY = Set.of("eventHash", "gtin", "serial", "lot", "bizStep", "from", "to", "reporter",
			"cursor", "limit");

	@GetMapping("/events")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The EPCIS 2.0 query (SimpleEventQuery) with the standard query parameters (eventType, "
			+ "GE_eventTime, MATCH_epc, EQ_bizStep, ...): an EPCISQueryDocument, perPage events a page (default 30, "
			+ "at most 1000), the next page in the Link header (rel=\"next\", with nextPageToken). With Veritrace's "
			+ "own parameters instead (gtin, serial, lot, bizStep, from, to, reporter, cursor, limit, eventHash): "
			+ "the stored events in event-time order, paged by cursor, as before. docs/API.md")
	ResponseEntity<?> query(@AuthenticationPrincipal Caller caller, @RequestParam MultiValueMap<String, String> params,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		if (params.keySet().stream().anyMatch(LEGACY::contains)) {
			return ResponseEntity.ok(legacy(caller, params));
		}
		EpcisResponses.StandardQuery standard = EpcisResponses.parse(params, this.queries.properties());
		EpcisQueryService.Page page = this.queries.run(caller, standard.query(), standard.perPage(), standard.token());
		return EpcisResponses.respond(page, accept, this.clock);
	}

	/** Today's parameters, today's answer ({@link EventPage}). */
	private EventPage legacy(Caller caller, MultiValueMap<String, String> params) {
		for (String name : params.keySet()) {
			if (!LEGACY.contains(name)) {
				throw InvalidException.of(name, "Veritrace's own parameters ("
						+ String.join(", ", new TreeSet<>(LEGACY)) + ") do not mix with EPCIS query parameters");
			}
		}
		String eventHash = params.getFirst("eventHash");
		if (eventHash != null) {
			return new EventPage(List.of(this.events.event(caller, eventHash)), null);
		}
		int limit = 100;
		if (params.getFirst("limit") != null) {
			try {
				limit = Integer.parseInt(params.getFirst("limit").strip());
			}
			catch (NumberFormatException ex) {
				throw InvalidException.of("limit",
						"'" + params.getFirst("limit") + "' is not a valid value (expected int)");
			}
			if (limit < 1 || limit > 1000) {
				throw InvalidException.of("limit", "must be between 1 and 1000");
			}
		}
		Long reporter = null;
		if (params.getFirst("reporter") != null) {
			try {
				reporter = Long.parseLong(params.getFirst("reporter").strip());
			}
			catch (NumberFormatException ex) {
				throw InvalidException.of("reporter",
						"'" + params.getFirst("reporter") + "' is not a valid value (expected Long)");
			}
		}
		List<StoredEvent> page = this.events.query(caller, params.getFirst("gtin"), params.getFirst("serial"),
				params.getFirst("lot"), params.getFirst("bizStep"), params.getFirst("from"), params.getFirst("to"),
				reporter, params.getFirst("cursor"), limit + 1);
		if (page.size() > limit) {
			List<StoredEvent> shown = page.subList(0, limit);
			return new EventPage(List.copyOf(shown), StoredEventReader.Cursor.after(shown.get(limit - 1)).toString());
		}
		return new EventPage(page, null);
	}

	@PostMapping(path = "/event-hashes",
			consumes = { "application/json", JSON_LD, MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE })
	@Operation(summary = "The CBV 2.0 hash IDs of a document's events (JSON-LD or XML), in document order, with "
			+ "every violation of the standard as a warning (hashed all the same, as the reference generator does); "
			+ "nothing is stored, no key needed (size-capped and rate-limited)")
	HashIds hashes(@RequestBody byte[] document,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable MediaType contentType) {
		boolean xml = contentType != null && contentType.getSubtype().endsWith("xml");
		CaptureService.Hashes hashes = this.capture.hashes(document, xml);
		return new HashIds(hashes.eventHashes(),
				hashes.warnings()
					.stream()
					.map(w -> new HashWarning(w.pointer().isEmpty() ? "/" : w.pointer(), w.reason()))
					.toList());
	}

	private static CaptureJob.ErrorBehaviour behaviour(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return CaptureJob.ErrorBehaviour.ROLLBACK;
		}
		try {
			return CaptureJob.ErrorBehaviour.valueOf(header.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw InvalidException.of("GS1-Capture-Error-Behaviour", "must be 'rollback' or 'proceed'");
		}
	}

}
