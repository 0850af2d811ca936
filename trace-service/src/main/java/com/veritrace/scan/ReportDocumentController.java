package com.veritrace.scan;

import java.util.Base64;

import io.swagger.v3.oas.annotations.Hidden;

import com.veritrace.reports.InspectionReportService;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inspection report documents linked from the scan page, for consumers (no key). The
 * bytes are checked against the recorded digest before they are sent, and the digest goes
 * with them ({@code Repr-Digest}, {@code X-Document-Hash}) so the reader can check again.
 */
@RestController
@Hidden
class ReportDocumentController {

	private final InspectionReportService reports;

	ReportDocumentController(InspectionReportService reports) {
		this.reports = reports;
	}

	@GetMapping("/h5/reports/{id}/document")
	ResponseEntity<byte[]> document(@PathVariable String id) {
		InspectionReportService.VerifiedDocument document = this.reports.publicDocument(id);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.parseMediaType(document.type().mediaType()));
		headers.setContentDisposition(ContentDisposition.inline()
			.filename(document.reportNumber().replace('/', '_') + "." + document.type().extension())
			.build());
		headers.set("X-Document-Hash", document.digest().ni());
		if (document.digest().algorithm().name().equals("SHA_256")) {
			headers.set("Repr-Digest",
					"sha-256=:" + Base64.getEncoder().encodeToString(document.digest().bytes()) + ":");
		}
		headers.setCacheControl("no-store");
		return ResponseEntity.ok().headers(headers).body(document.content());
	}

}
