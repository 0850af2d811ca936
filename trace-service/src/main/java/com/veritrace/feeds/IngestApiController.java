package com.veritrace.feeds;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import com.veritrace.ingest.connect.IngestStream;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partner records over REST, on the in-process queue: the same streams and formats as the
 * Kafka topics.
 */
@RestController
@RequestMapping("/api/v1/ingest")
@Tag(name = "Partner ingestion")
class IngestApiController {

	private final InProcessIngestQueue queue;

	private final DeadLetterStore deadLetters;

	IngestApiController(InProcessIngestQueue queue, DeadLetterStore deadLetters) {
		this.deadLetters = deadLetters;
		this.queue = queue;
	}

	record Queued(long sequence, String stream) {
	}

	@PostMapping(path = "/{stream}",
			consumes = { "application/json", "application/ld+json", "application/xml", "text/xml" })
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "Queue one partner record (scope events:write): stream epcis (EPCISDocument or event), "
			+ "wms-outbound or carrier-delivery (docs/INGEST.md); the epcis stream takes EPCIS XML too. 202 with its sequence number; refused records "
			+ "appear under /api/v1/ingest/dead-letters; 503 when the queue is full")
	ResponseEntity<Queued> ingest(@AuthenticationPrincipal Caller caller, @PathVariable String stream,
			@RequestBody byte[] record) {
		caller.require(Scope.EVENTS_WRITE);
		IngestStream parsed = IngestStream.fromName(stream)
			.orElseThrow(() -> NotFoundException.of("Stream",
					"No ingest stream '" + stream + "'; streams are epcis, wms-outbound, carrier-delivery"));
		long sequence = this.queue.offer(caller.organisationId(), parsed, record);
		if (sequence < 0) {
			throw new UnavailableException("busy", "Ingest queue full", "The ingest queue is full; retry shortly");
		}
		return ResponseEntity.accepted().body(new Queued(sequence, parsed.streamName()));
	}

	@GetMapping("/dead-letters")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The caller's refused records, newest first (reason, detail, original text), from every"
			+ " transport and node; page with before=<id of the last one>")
	List<DeadLetterStore.DeadLetter> deadLetters(@AuthenticationPrincipal Caller caller,
			@RequestParam(required = false) @Nullable Long before, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw InvalidException.of("limit", "must be between 1 and 1000");
		}
		return this.deadLetters.page(caller, before, limit);
	}

}
