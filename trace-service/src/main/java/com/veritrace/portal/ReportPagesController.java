package com.veritrace.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.reports.InspectionProperties;
import com.veritrace.reports.InspectionReportService;
import com.veritrace.reports.InspectionReportView;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import com.veritrace.web.BodyLimit;
import com.veritrace.web.DomainStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Inspection reports in the portal: the list (a lab's uploads, a brand's reports about
 * its lots), one report with its integrity check, its document; labs upload a report
 * through a form that becomes the same metadata and document as the REST upload, handled
 * by the same service.
 */
@Controller
@RequestMapping("/portal/reports")
class ReportPagesController {

	static final int PAGE = 50;

	private final InspectionReportService reports;

	private final JsonMapper json;

	ReportPagesController(InspectionReportService reports, JsonMapper json) {
		this.reports = reports;
		this.json = json;
	}

	/** The upload form: the report's metadata, one test, and the document. */
	public static class UploadForm {

		private String reportNumber = "";

		private String gtin = "";

		private String lotNumber = "";

		private String verdict = "PASS";

		private String conditions = "";

		private String issuedOn = "";

		private String validUntil = "";

		private String sampleDescription = "";

		private String testName = "";

		private String testMethod = "";

		private String testResult = "";

		private String testUnit = "";

		private String testLimit = "";

		private String testOutcome = "PASS";

		private String signerName = "";

		private String signerTitle = "";

		private String supersedes = "";

		private @Nullable MultipartFile document;

		public String getReportNumber() {
			return this.reportNumber;
		}

		public void setReportNumber(String reportNumber) {
			this.reportNumber = reportNumber;
		}

		public String getGtin() {
			return this.gtin;
		}

		public void setGtin(String gtin) {
			this.gtin = gtin;
		}

		public String getLotNumber() {
			return this.lotNumber;
		}

		public void setLotNumber(String lotNumber) {
			this.lotNumber = lotNumber;
		}

		public String getVerdict() {
			return this.verdict;
		}

		public void setVerdict(String verdict) {
			this.verdict = verdict;
		}

		public String getConditions() {
			return this.conditions;
		}

		public void setConditions(String conditions) {
			this.conditions = conditions;
		}

		public String getIssuedOn() {
			return this.issuedOn;
		}

		public void setIssuedOn(String issuedOn) {
			this.issuedOn = issuedOn;
		}

		public String getValidUntil() {
			return this.validUntil;
		}

		public void setValidUntil(String validUntil) {
			this.validUntil = validUntil;
		}

		public String getSampleDescription() {
			return this.sampleDescription;
		}

		public void setSampleDescription(String sampleDescription) {
			this.sampleDescription = sampleDescription;
		}

		public String getTestName() {
			return this.testName;
		}

		public void setTestName(String testName) {
			this.testName = testName;
		}

		public String getTestMethod() {
			return this.testMethod;
		}

		public void setTestMethod(String testMethod) {
			this.testMethod = testMethod;
		}

		public String getTestResult() {
			return this.testResult;
		}

		public void setTestResult(String testResult) {
			this.testResult = testResult;
		}

		public String getTestUnit() {
			return this.testUnit;
		}

		public void setTestUnit(String testUnit) {
			this.testUnit = testUnit;
		}

		public String getTestLimit() {
			return this.testLimit;
		}

		public void setTestLimit(String testLimit) {
			this.testLimit = testLimit;
		}

		public String getTestOutcome() {
			return this.testOutcome;
		}

		public void setTestOutcome(String testOutcome) {
			this.testOutcome = testOutcome;
		}

		public String getSignerName() {
			return this.signerName;
		}

		public void setSignerName(String signerName) {
			this.signerName = signerName;
		}

		public String getSignerTitle() {
			return this.signerTitle;
		}

		public void setSignerTitle(String signerTitle) {
			this.signerTitle = signerTitle;
		}

		public String getSupersedes() {
			return this.supersedes;
		}

		public void setSupersedes(String supersedes) {
			this.supersedes = supersedes;
		}

		public @Nullable MultipartFile getDocument() {
			return this.document;
		}

		public void setDocument(@Nullable MultipartFile document) {
			this.document = document;
		}

		/** The metadata JSON of the REST upload; blank optional fields are left out. */
		Map<String, Object> metadata() {
			Map<String, Object> m = new LinkedHashMap<>();
			put(m, "reportNumber", this.reportNumber);
			put(m, "gtin", this.gtin);
			put(m, "lotNumber", this.lotNumber);
			Map<String, Object> sample = new LinkedHashMap<>();
			put(sample, "description", this.sampleDescription);
			m.put("sample", sample);
			Map<String, Object> test = new LinkedHashMap<>();
			put(test, "name", this.testName);
			put(test, "method", this.testMethod);
			put(test, "result", this.testResult);
			put(test, "unit", this.testUnit);
			put(test, "limit", this.testLimit);
			put(test, "outcome", this.testOutcome);
			test.put("key", true);
			m.put("tests", List.of(test));
			put(m, "verdict", this.verdict);
			put(m, "conditions", this.conditions);
			put(m, "issuedOn", this.issuedOn);
			put(m, "validUntil", this.validUntil);
			Map<String, Object> signer = new LinkedHashMap<>();
			put(signer, "name", this.signerName);
			put(signer, "title", this.signerTitle);
			m.put("signer", signer);
			put(m, "supersedes", this.supersedes);
			return m;
		}

		/**
		 * A blank field is left out: the reader names a required one next to its field.
		 */
		private static void put(Map<String, Object> m, String name, String value) {
			if (value != null && !value.isBlank()) {
				m.put(name, value.strip());
			}
		}

	}

	/** Where a problem of the metadata JSON goes in the form. */
	static final Map<String, String> FIELDS = Map.ofEntries(
			Map.entry("metadata.sample.description", "sampleDescription"),
			Map.entry("metadata.sample", "sampleDescription"), Map.entry("metadata.tests[0].name", "testName"),
			Map.entry("metadata.tests[0].method", "testMethod"), Map.entry("metadata.tests[0].result", "testResult"),
			Map.entry("metadata.tests[0].unit", "testUnit"), Map.entry("metadata.tests[0].limit", "testLimit"),
			Map.entry("metadata.tests[0].outcome", "testOutcome"), Map.entry("metadata.tests", "testName"),
			Map.entry("metadata.signer.name", "signerName"), Map.entry("metadata.signer.title", "signerTitle"),
			Map.entry("metadata.signer", "signerName"), Map.entry("document", "document"));

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String after,
			Model model) {
		InspectionReportService.ReportPage page = this.reports.list(caller, after, PAGE);
		model.addAttribute("reports", page.reports());
		model.addAttribute("next", page.next() == null ? null
				: "/portal/reports?after=" + UriUtils.encodeQueryParam(page.next(), "UTF-8"));
		return "portal/reports/list";
	}

	@GetMapping("/new")
	String uploadForm(@AuthenticationPrincipal Caller caller, Model model) {
		requireLabWriter(caller);
		model.addAttribute("form", new UploadForm());
		return "portal/reports/upload";
	}

	@PostMapping
	String upload(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") UploadForm form, BindingResult result,
			Model model, RedirectAttributes redirect, jakarta.servlet.http.HttpServletResponse response)
			throws IOException {
		requireLabWriter(caller);
		byte[] metadata = this.json.writeValueAsString(form.metadata()).getBytes(StandardCharsets.UTF_8);
		MultipartFile file = form.getDocument();
		InspectionReportService.IncomingDocument document = file == null || file.isEmpty() ? null
				: new InspectionReportService.IncomingDocument(file.getContentType(), file.getSize(), file);
		InspectionReportView report;
		try {
			report = this.reports.upload(caller, metadata, document);
		}
		catch (DomainException ex) {
			if (ex instanceof NotFoundException && ex.errors().isEmpty() || DomainStatus.of(ex).value() == 403) {
				throw ex;
			}
			for (FieldProblem problem : ex.errors()) {
				String field = problem.field().startsWith("metadata.")
						? FIELDS.getOrDefault(problem.field(), problem.field().substring("metadata.".length()))
						: FIELDS.getOrDefault(problem.field(), problem.field());
				Forms.reject(result, field, problem.reason());
			}
			if (ex.errors().isEmpty()) {
				result.reject("invalid", ex.detail());
			}
			response.setStatus(ex instanceof TooLargeException ? 413 : DomainStatus.of(ex).value());
			form.setDocument(null);
			return "portal/reports/upload";
		}
		redirect.addFlashAttribute("uploaded", report.reportNumber());
		return "redirect:/portal/reports/" + report.id();
	}

	@GetMapping("/{id}")
	String report(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
		model.addAttribute("report", this.reports.get(caller, id));
		return "portal/reports/report";
	}

	@GetMapping("/{id}/document")
	ResponseEntity<byte[]> document(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		InspectionReportService.VerifiedDocument document = this.reports.document(caller, id);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.parseMediaType(document.mediaType()));
		headers.setContentDisposition(
				ContentDisposition.attachment().filename(document.fileName(), StandardCharsets.UTF_8).build());
		headers.set("X-Document-Hash", document.digestNi());
		headers.setCacheControl("private, no-store");
		return ResponseEntity.ok().headers(headers).body(document.content());
	}

	/** The same refusals as the REST upload, before the form is shown. */
	private static void requireLabWriter(Caller caller) {
		if (caller.kind() != OrganisationKind.LAB) {
			throw com.veritrace.shared.ForbiddenException.of("Only inspection labs upload reports");
		}
		caller.require(Scope.REPORTS_WRITE);
	}

	/** The portal's upload may be as large as the REST upload. */
	@Configuration(proxyBeanMethods = false)
	static class UploadLimit {

		@Bean
		BodyLimit portalReportUploadBodyLimit(InspectionProperties properties) {
			return new BodyLimit("/portal/reports", properties.maxUploadSize().toBytes());
		}

	}

	static List<String> verdicts() {
		return new ArrayList<>(List.of("PASS", "FAIL", "CONDITIONAL"));
	}

}
