package com.veritrace.portal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.veritrace.recall.RecallRecordsDownloads;
import com.veritrace.recall.RecallRecordsService;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A recall's records as downloads for a logged-in person who runs the recall (its brand,
 * its initiator, a regulator): the same files as {@code GET
 * /api/v1/recalls/{id}/records}; anyone else gets the portal's 404 page.
 */
@Controller
@RequestMapping("/portal/recalls/{id}")
class RecallRecordsPagesController {

	private final RecallRecordsService records;

	private final RecallRecordsDownloads downloads;

	RecallRecordsPagesController(RecallRecordsService records, RecallRecordsDownloads downloads) {
		this.records = records;
		this.downloads = downloads;
	}

	@GetMapping("/records.csv")
	void csv(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String sort, HttpServletResponse response) throws IOException {
		this.downloads.send(this.records.open(caller, id, sort), false, response);
	}

	@GetMapping("/records.xlsx")
	void xlsx(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestParam(required = false) @Nullable String sort, HttpServletResponse response) throws IOException {
		this.downloads.send(this.records.open(caller, id, sort), true, response);
	}

}
