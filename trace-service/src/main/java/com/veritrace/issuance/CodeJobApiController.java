package com.veritrace.issuance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/code-jobs")
@Tag(name = "Code issuance")
@SecurityRequirement(name = "apiKey")
class CodeJobApiController {

	private final CodeIssuanceService issuance;

	private final PrintFileService printFiles;

	private final CodeRegistry registry;

	CodeJobApiController(CodeIssuanceService issuance, PrintFileService printFiles, CodeRegistry registry) {
		this.issuance = issuance;
		this.printFiles = printFiles;
		this.registry = registry;
	}

	record JobRequest(@NotBlank @Size(max = 64) String requestId, @NotBlank @Size(max = 20) String gtin,
			@NotBlank @Size(max = 20) String lotNumber, @Min(1) long quantity, @NotNull CodeFormat format,
			@Nullable Integer companyPrefixLength, @Nullable Integer filter, @Nullable @Size(max = 7) String drugCode) {
	}

	record JobView(long id, String requestId, String gtin, String lotNumber, CodeFormat format, long quantity,
			long produced, CodeJob.Status status, @Nullable String failure, String resolver,
			@Nullable Integer companyPrefixLength, @Nullable Integer filter, @Nullable String drugCode,
			Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, String printFile) {

		static JobView of(CodeJob j) {
			return new JobView(j.id(), j.requestId(), j.gtin(), j.lotNumber(), j.format(), j.quantity(), j.produced(),
					j.status(), j.failure(), j.resolver(), j.companyPrefixLength(), j.filter(), j.drugCode(),
					j.createdAt(), j.startedAt(), j.finishedAt(), "/api/v1/code-jobs/" + j.id() + "/print-file");
		}

	}

	@PostMapping
	@Operation(
			summary = "Request N codes for a product and lot (202 + Location; the same requestId again gives the same job, 200)")
	ResponseEntity<JobView> submit(@AuthenticationPrincipal Caller caller, @Valid @RequestBody JobRequest r) {
		CodeIssuanceService.Submitted submitted = this.issuance.submit(caller,
				new CodeIssuanceService.IssueRequest(r.requestId(), r.gtin(), r.lotNumber(), r.quantity(), r.format(),
						r.companyPrefixLength(), r.filter(), r.drugCode()));
		JobView view = JobView.of(submitted.job());
		URI location = URI.create("/api/v1/code-jobs/" + view.id());
		return submitted.created() ? ResponseEntity.accepted().location(location).body(view)
				: ResponseEntity.ok().location(location).body(view);
	}

	@GetMapping
	@Operation(summary = "The brand's jobs, newest first (before = a job id, for the next page)")
	List<JobView> list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable Long before,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		return this.issuance.jobs(caller, before, limit).stream().map(JobView::of).toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "A job's status and progress")
	JobView job(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return JobView.of(this.issuance.job(caller, id));
	}

	@GetMapping("/{id}/print-file")
	@Operation(summary = "Stream the job's print file: CSV (seq,name,uri,epc) or a ZIP of QR / Data Matrix images")
	void printFile(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(defaultValue = "csv") String type, @RequestParam(defaultValue = "svg") String image,
			@RequestParam(defaultValue = "qr") String symbology, @RequestParam(defaultValue = "8") int moduleSize,
			@RequestParam(required = false) @Nullable Integer quietZone,
			@RequestParam(defaultValue = "M") String errorCorrection, HttpServletResponse response) throws IOException {
		PrintFileService.PrintOptions options = options(type, image, symbology, moduleSize, quietZone, errorCorrection);
		CodeJob job = this.printFiles.printable(caller, id);
		String name = "codes-job-" + id + (options.zip() ? "-" + symbology + "-" + image + ".zip" : ".csv");
		response.setContentType(options.zip() ? "application/zip" : "text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
		response.setHeader("X-Code-Count", Long.toString(job.quantity()));
		response.setBufferSize(64 * 1024);
		OutputStream out = response.getOutputStream();
		this.printFiles.writePrintFile(job, options, out);
		out.flush();
	}

	record Range(@Min(1) int from, @Min(1) int to) {
	}

	@PostMapping("/{id}/activation")
	@Operation(
			summary = "Activate positions from..to (1-based, inclusive) of a completed job; voided codes stay voided")
	CodeRegistry.Change activate(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@Valid @RequestBody Range range) {
		return this.registry.activateRange(caller, id, range.from(), range.to());
	}

	@PostMapping("/{id}/voiding")
	@Operation(summary = "Void positions from..to of a completed job (damaged labels)")
	CodeRegistry.Change voidRange(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@Valid @RequestBody Range range) {
		return this.registry.voidRange(caller, id, range.from(), range.to());
	}

	static PrintFileService.PrintOptions options(String type, String image, String symbology, int moduleSize,
			@Nullable Integer quietZone, String errorCorrection) {
		return PrintFileService.PrintOptions.parse(type, image, symbology, moduleSize, quietZone, errorCorrection);
	}

}
