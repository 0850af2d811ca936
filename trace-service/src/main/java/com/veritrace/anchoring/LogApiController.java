package com.veritrace.anchoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transparency log's public API (no key, rate-limited per client, cacheable): signed
 * tree heads, consistency proofs, and the log's keys at a well-known URL. A tree head of
 * a size and a consistency proof between two sizes never change: cached for a year; the
 * newest head for a few seconds.
 */
@RestController
@Tag(name = "Transparency log")
class LogApiController {

	/** The log's keys and algorithms. */
	static final String WELL_KNOWN = "/.well-known/veritrace-log";

	private static final CacheControl FOREVER = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	private final LogService log;

	private final Cosignatures cosignatures;

	LogApiController(LogService log, Cosignatures cosignatures) {
		this.log = log;
		this.cosignatures = cosignatures;
	}

	@GetMapping("/api/v1/log/tree-heads/latest")
	@Operation(summary = "The newest signed tree head (SEALED, or ANCHORED with its ledger receipt)")
	ResponseEntity<LogService.TreeHeadDocument> latest() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic())
			.body(this.log.latest());
	}

	@GetMapping("/api/v1/log/tree-heads/{treeSize}")
	@Operation(summary = "The signed tree head of a size")
	ResponseEntity<LogService.TreeHeadDocument> bySize(@PathVariable String treeSize) {
		long size;
		try {
			size = Long.parseLong(treeSize);
		}
		catch (NumberFormatException ex) {
			throw InvalidException.of("treeSize", "is not a whole number");
		}
		LogService.TreeHeadDocument head = this.log.bySize(size);
		// a SEALED head gains its receipt when anchored, and a head its witnesses'
		// cosignatures: cached briefly until it has both
		return ResponseEntity.ok()
			.cacheControl("ANCHORED".equals(head.status()) && this.cosignatures.complete(head.cosignatures()) ? FOREVER
					: CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic())
			.body(head);
	}

	@GetMapping("/api/v1/log/tree-heads")
	@Operation(summary = "Signed tree heads larger than ?after= (default 0), smallest first, at most ?limit= "
			+ "(1 to 1000, default 100): how witnesses catch up")
	ResponseEntity<List<LogService.TreeHeadDocument>> after(@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String limit) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic())
			.body(this.log.after(after, limit));
	}

	@PostMapping("/api/v1/log/tree-heads/{treeSize}/cosignatures")
	@Operation(summary = "A witness's cosignature on a tree head (docs/TRANSPARENCY.md, \"Witnesses\"): 201 stored, "
			+ "200 this witness had cosigned it already; only configured witnesses' keys, only verified signatures")
	ResponseEntity<Map<String, Object>> cosign(@PathVariable String treeSize,
			@RequestBody(required = false) Cosignatures.@Nullable CosignatureRequest request) {
		long size;
		try {
			size = Long.parseLong(treeSize);
		}
		catch (NumberFormatException ex) {
			throw InvalidException.of("treeSize", "is not a whole number");
		}
		boolean stored = this.cosignatures.accept(size, request);
		return ResponseEntity.status(stored ? HttpStatus.CREATED : HttpStatus.OK)
			.body(Map.of("treeSize", size, "stored", stored));
	}

	@GetMapping("/api/v1/log/consistency")
	@Operation(summary = "RFC 9162 consistency proof between two tree sizes (?first=&second=)")
	ResponseEntity<LogService.ConsistencyDocument> consistency(@RequestParam(required = false) @Nullable String first,
			@RequestParam(required = false) @Nullable String second) {
		return ResponseEntity.ok().cacheControl(FOREVER).body(this.log.consistency(first, second));
	}

	@GetMapping(WELL_KNOWN)
	@Operation(summary = "The log's hash algorithm, tree-head encoding and signing keys (current and past)")
	ResponseEntity<LogService.LogDescription> describe() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.body(this.log.describe());
	}

}
