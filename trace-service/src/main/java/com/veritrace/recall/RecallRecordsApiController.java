package com.veritrace.recall;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/recalls/{id}")
@Tag(name = "Recalls")
@SecurityRequirement(name = "apiKey")
class RecallRecordsApiController {

	static final String XLSX = RecallRecordsDownloads.XLSX;

	private final RecallRecordsService records;

	private final RecallRecordsDownloads downloads;

	RecallRecordsApiController(RecallRecordsService records, RecallRecordsDownloads downloads) {
		this.records = records;
		this.downloads = downloads;
	}

	@GetMapping("/records")
	@Operation(summary = "The recall's records: FSMA 204 key data elements of every event of the recalled lots and "
			+ "items, as CSV (default) or XLSX (?format=xlsx or Accept: " + XLSX
			+ "), sorted by eventTime, lot or type")
	void records(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(required = false) @Nullable String sort,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) @Nullable String accept,
			HttpServletResponse response) throws IOException {
		RecallRecordsService.Export export = this.records.open(caller, id, sort);
		boolean xlsx = xlsx(format, accept);
		this.downloads.send(export, xlsx, response);
	}

	@GetMapping("/trace")
	@Operation(summary = "Trace back and forward: the lots that went into the recalled ones and those that came "
			+ "from them, through transformation events, up to depth steps (1 to 10, default 5)")
	RecallRecordsService.Trace trace(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String depth) {
		int steps = RecallRecordsService.DEFAULT_DEPTH;
		if (depth != null && !depth.isBlank()) {
			try {
				steps = Integer.parseInt(depth.strip());
			}
			catch (NumberFormatException ex) {
				steps = -1; // refused as out of range, once the recall is known to be the
							// caller's
			}
		}
		return this.records.trace(caller, id, steps);
	}

	/**
	 * The format asked for: {@code ?format=csv|xlsx}, else the Accept header (XLSX when
	 * it names the spreadsheet type), else CSV.
	 */
	static boolean xlsx(@Nullable String format, @Nullable String accept) {
		if (format != null && !format.isBlank()) {
			return switch (format.strip().toLowerCase(Locale.ROOT)) {
				case "csv" -> false;
				case "xlsx" -> true;
				default -> throw InvalidException.of("format", "csv or xlsx");
			};
		}
		return accept != null && accept.contains(XLSX);
	}

}
