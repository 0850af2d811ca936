package com.veritrace.reports;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.tenancy.Caller;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Inspection reports over REST: labs upload (multipart: {@code metadata} JSON +
 * {@code document}), the lab, the lot's brand, regulators and the platform read. There is
 * no PUT, PATCH or DELETE: a report is corrected only by its lab, with a new report that
 * supersedes it.
 */
@RestController
@RequestMapping(InspectionConfiguration.UPLOAD_PATH)
@Tag(name = "Inspection reports")
class InspectionReportApiController {

	private final InspectionReportService reports;

	InspectionReportApiController(InspectionReportService reports) {
		this.reports = reports;
	}

	record ReportList(List<InspectionReportView> reports) {
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@SecurityRequirement(name = "apiKey")
	@Operation(
			summary = "Upload an inspection report (labs, scope reports:write): multipart with a 'metadata' JSON part "
					+ "and a 'document' file part (PDF, PNG or JPEG, recognised by content). 201 with the report; every "
					+ "metadata problem listed at once. A correction names the report it corrects in metadata.supersedes")
	ResponseEntity<InspectionReportView> upload(@AuthenticationPrincipal Caller caller,
			MultipartHttpServletRequest request) throws IOException {
		byte[] metadata = null;
		MultipartFile metadataFile = request.getFile("metadata");
		if (metadataFile != null) {
			metadata = metadataFile.getBytes();
		}
		else if (request.getParameter("metadata") != null) {
			metadata = request.getParameter("metadata").getBytes(StandardCharsets.UTF_8);
		}
		MultipartFile file = request.getFile("document");
		InspectionReportService.IncomingDocument document = file == null ? null
				: new InspectionReportService.IncomingDocument(file.getContentType(), file.getSize(), file);
		InspectionReportView report = this.reports.upload(caller, metadata, document);
		return ResponseEntity.created(URI.create(InspectionConfiguration.UPLOAD_PATH + "/" + report.id())).body(report);
	}

	@GetMapping("/{id}")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "One report (its lab, its brand, regulators): the document is checked against its digest on "
			+ "every read; a mismatch is a 500 document-integrity problem, never a silent answer")
	InspectionReportView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return this.reports.get(caller, id);
	}

	@GetMapping("/{id}/document")
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "A report's document, checked against its digest before it is sent (Repr-Digest header)")
	ResponseEntity<byte[]> document(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		InspectionReportService.VerifiedDocument document = this.reports.document(caller, id);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.parseMediaType(document.type().mediaType()));
		headers.setContentDisposition(ContentDisposition.inline()
			.filename(document.reportNumber().replace('/', '_') + "." + document.type().extension(),
					StandardCharsets.UTF_8)
			.build());
		headers.set("X-Document-Hash", document.digest().ni());
		if (document.digest().algorithm() == DocumentHashAlgorithm.SHA_256) {
			// RFC 9530: the digest of the representation sent
			headers.set("Repr-Digest",
					"sha-256=:" + Base64.getEncoder().encodeToString(document.digest().bytes()) + ":");
		}
		headers.setCacheControl("private, no-store");
		return ResponseEntity.ok().headers(headers).body(document.content());
	}

	@GetMapping
	@SecurityRequirement(name = "apiKey")
	@Operation(summary = "The reports of a lot, newest first, each with the result of a fresh integrity check "
			+ "(document.check); superseded reports stay listed with supersededBy")
	ReportList list(@AuthenticationPrincipal Caller caller, @RequestParam String gtin,
			@RequestParam("lot") String lotNumber) {
		return new ReportList(this.reports.listForLot(caller, gtin, lotNumber));
	}

}
