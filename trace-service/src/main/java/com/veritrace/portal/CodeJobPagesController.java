package com.veritrace.portal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.events.StoredEvent;
import com.veritrace.events.TimelineService;
import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
import com.veritrace.issuance.CodesProperties;
import com.veritrace.issuance.PrintFileService;
import com.veritrace.scan.ScanLogReader;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's code jobs: the list, issuing N codes for a lot, a job's progress, print files
 * and activation or voiding of a range, and looking up one code. Every action goes
 * through the issuance services with the person's {@link Caller}, as the REST API does.
 */
@Controller
@RequestMapping("/portal/codes")
class CodeJobPagesController {

	static final int PAGE = 50;

	static final int PRODUCTS = 500;

	private final CodeIssuanceService issuance;

	private final CodeRegistry registry;

	private final PrintFileService printFiles;

	private final CatalogService catalog;

	private final TimelineService timelines;

	private final ScanLogReader scans;

	private final CodesProperties properties;

	CodeJobPagesController(CodeIssuanceService issuance, CodeRegistry registry, PrintFileService printFiles,
			CatalogService catalog, TimelineService timelines, ScanLogReader scans, CodesProperties properties) {
		this.issuance = issuance;
		this.registry = registry;
		this.printFiles = printFiles;
		this.catalog = catalog;
		this.timelines = timelines;
		this.scans = scans;
		this.properties = properties;
	}

	/**
	 * The issue form; {@code requestId} is rendered into it so a double submit is one
	 * job.
	 */
	public static class IssueForm {

		private String requestId = "";

		private String gtin = "";

		private String lotNumber = "";

		private @Nullable Long quantity;

		private CodeFormat format = CodeFormat.DIGITAL_LINK;

		private @Nullable Integer companyPrefixLength;

		private @Nullable Integer filter;

		private @Nullable String drugCode;

		public String getRequestId() {
			return this.requestId;
		}

		public void setRequestId(String requestId) {
			this.requestId = requestId;
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

		public @Nullable Long getQuantity() {
			return this.quantity;
		}

		public void setQuantity(@Nullable Long quantity) {
			this.quantity = quantity;
		}

		public CodeFormat getFormat() {
			return this.format;
		}

		public void setFormat(CodeFormat format) {
			this.format = format;
		}

		public @Nullable Integer getCompanyPrefixLength() {
			return this.companyPrefixLength;
		}

		public void setCompanyPrefixLength(@Nullable Integer companyPrefixLength) {
			this.companyPrefixLength = companyPrefixLength;
		}

		public @Nullable Integer getFilter() {
			return this.filter;
		}

		public void setFilter(@Nullable Integer filter) {
			this.filter = filter;
		}

		public @Nullable String getDrugCode() {
			return this.drugCode;
		}

		public void setDrugCode(@Nullable String drugCode) {
			this.drugCode = drugCode == null || drugCode.isBlank() ? null : drugCode.strip();
		}

	}

	/** Positions of a job to activate or void. */
	public static class RangeForm {

		private @Nullable Integer from;

		private @Nullable Integer to;

		public @Nullable Integer getFrom() {
			return this.from;
		}

		public void setFrom(@Nullable Integer from) {
			this.from = from;
		}

		public @Nullable Integer getTo() {
			return this.to;
		}

		public void setTo(@Nullable Integer to) {
			this.to = to;
		}

	}

	// the list

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String product,
			@RequestParam(required = false) @Nullable Long lot,
			@RequestParam(required = false) CodeJob.@Nullable Status status,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		List<Product> products = products(caller);
		Optional<Product> chosen = product == null || product.isBlank() ? Optional.empty()
				: products.stream().filter(p -> p.getGtin().equals(product)).findFirst();
		List<Lot> lots = chosen.map(p -> this.catalog.lots(caller, p.getGtin())).orElse(List.of());
		Long lotId = lot != null && lots.stream().anyMatch(l -> l.getId() == lot) ? lot : null;
		// a product that is not the brand's matches no job (as if it had none)
		Long productId = chosen.map(Product::getId).orElse(product == null || product.isBlank() ? null : -1L);
		List<CodeJob> jobs = this.issuance.jobs(caller, new CodeIssuanceService.JobFilter(productId, lotId, status),
				before, PAGE + 1);
		model.addAttribute("jobs", jobs.size() > PAGE ? jobs.subList(0, PAGE) : jobs);
		StringBuilder next = null;
		if (jobs.size() > PAGE) {
			next = new StringBuilder("/portal/codes?before=").append(jobs.get(PAGE - 1).id());
			if (chosen.isPresent()) {
				next.append("&product=").append(chosen.get().getGtin());
			}
			if (lotId != null) {
				next.append("&lot=").append(lotId);
			}
			if (status != null) {
				next.append("&status=").append(status);
			}
		}
		model.addAttribute("next", next == null ? null : next.toString());
		model.addAttribute("products", products);
		model.addAttribute("names", names(products));
		model.addAttribute("product", chosen.map(Product::getGtin).orElse(null));
		model.addAttribute("lots", lots);
		model.addAttribute("lot", lotId);
		model.addAttribute("status", status);
		model.addAttribute("statuses", CodeJob.Status.values());
		return "portal/codes/list";
	}

	// issuing

	@GetMapping("/new")
	String newJob(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String product,
			@RequestParam(required = false) @Nullable String gtin, Model model) {
		caller.require(Scope.CODES_ISSUE);
		// "Show its lots" without JavaScript sends the form's own gtin field
		String wanted = gtin != null && !gtin.isBlank() ? gtin : product;
		IssueForm form = new IssueForm();
		form.setRequestId(newRequestId());
		List<Product> products = products(caller);
		if (wanted != null && products.stream().anyMatch(p -> p.getGtin().equals(wanted))) {
			form.setGtin(wanted);
		}
		else if (products.size() == 1) {
			form.setGtin(products.get(0).getGtin());
		}
		model.addAttribute("form", form);
		return issuePage(caller, form, products, model);
	}

	/** The lot choice for a product (htmx swaps it in when the product changes). */
	@GetMapping("/new/lots")
	String lotChoice(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "") String gtin,
			Model model) {
		caller.require(Scope.CODES_ISSUE);
		IssueForm form = new IssueForm();
		form.setGtin(gtin);
		model.addAttribute("form", form);
		model.addAttribute("lots", lotsOf(caller, gtin));
		model.addAttribute("lotsOnly", true);
		return "portal/codes/new :: lots";
	}

	@PostMapping("/new")
	String issue(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") IssueForm form, BindingResult result,
			Model model) {
		caller.require(Scope.CODES_ISSUE);
		List<Product> products = products(caller);
		if (form.getGtin().isBlank()) {
			result.rejectValue("gtin", "codes.required");
		}
		if (form.getLotNumber().isBlank() && !result.hasFieldErrors("gtin")) {
			result.rejectValue("lotNumber", "codes.required");
		}
		if (form.getQuantity() == null && !result.hasFieldErrors("quantity")) {
			result.rejectValue("quantity", "codes.required");
		}
		if (result.hasErrors()) {
			return issuePage(caller, form, products, model);
		}
		CodeIssuanceService.Submitted submitted;
		try {
			submitted = this.issuance.submit(caller,
					new CodeIssuanceService.IssueRequest(form.getRequestId(), form.getGtin(), form.getLotNumber(),
							form.getQuantity() == null ? 0 : form.getQuantity(), form.getFormat(),
							form.getCompanyPrefixLength(), form.getFilter(), form.getDrugCode()));
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return issuePage(caller, form, products, model);
		}
		catch (NotFoundException ex) {
			Forms.reject(result, "Lot not found".equals(ex.title()) ? "lotNumber" : "gtin", ex.detail());
			return issuePage(caller, form, products, model);
		}
		catch (ConflictException ex) {
			if (ex.errors().isEmpty()) {
				Forms.reject(result, "quantity", ex.detail());
			}
			else {
				Forms.reject(result, InvalidException.of(ex.errors()));
			}
			return issuePage(caller, form, products, model);
		}
		return "redirect:/portal/codes/" + submitted.job().id();
	}

	private String issuePage(Caller caller, IssueForm form, List<Product> products, Model model) {
		model.addAttribute("products", products);
		model.addAttribute("lots", form.getGtin().isBlank() ? List.of() : lotsOf(caller, form.getGtin()));
		model.addAttribute("formats", CodeFormat.values());
		model.addAttribute("maxQuantity", this.properties.maxQuantity());
		return "portal/codes/new";
	}

	// one job

	@GetMapping("/{id}")
	String job(@AuthenticationPrincipal Caller caller, @PathVariable long id, Model model) {
		CodeJob job = this.issuance.job(caller, id);
		if (!model.containsAttribute("range")) {
			model.addAttribute("range", new RangeForm());
		}
		return jobPage(caller, job, model);
	}

	/** The progress fragment the job page polls while the job runs. */
	@GetMapping("/{id}/progress")
	String progress(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		CodeJob job = this.issuance.job(caller, id);
		model.addAttribute("job", job);
		if (htmx != null && (job.status() == CodeJob.Status.COMPLETED || job.status() == CodeJob.Status.FAILED)) {
			// the job has ended: the whole page again, with its counts, downloads and
			// actions
			response.setHeader("HX-Refresh", "true");
		}
		return "portal/codes/job :: progress";
	}

	@GetMapping("/{id}/print-file")
	void printFile(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(defaultValue = "csv") String type, @RequestParam(defaultValue = "svg") String image,
			@RequestParam(defaultValue = "qr") String symbology, HttpServletResponse response) throws IOException {
		PrintFileService.PrintOptions options = PrintFileService.PrintOptions.parse(type, image, symbology, 8, null,
				"M");
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

	@PostMapping("/{id}/range")
	String range(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(defaultValue = "activate") String action, @ModelAttribute("range") RangeForm range,
			BindingResult result, Model model, RedirectAttributes redirect) {
		CodeJob job = this.issuance.job(caller, id);
		caller.require(Scope.CODES_ISSUE);
		boolean activate = !"void".equals(action);
		if (range.getFrom() == null && !result.hasFieldErrors("from")) {
			result.rejectValue("from", "codes.required");
		}
		if (range.getTo() == null && !result.hasFieldErrors("to")) {
			result.rejectValue("to", "codes.required");
		}
		if (result.hasErrors()) {
			return jobPage(caller, job, model);
		}
		CodeRegistry.Change change;
		try {
			int from = range.getFrom() == null ? 0 : range.getFrom();
			int to = range.getTo() == null ? 0 : range.getTo();
			change = activate ? this.registry.activateRange(caller, id, from, to)
					: this.registry.voidRange(caller, id, from, to);
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return jobPage(caller, job, model);
		}
		// the session (Spring Session JDBC) keeps only serializable values
		redirect.addFlashAttribute("changed", List.of(change.changed(), change.requested(), change.unchanged()));
		redirect.addFlashAttribute("changedAction", activate ? "activate" : "void");
		return "redirect:/portal/codes/" + id;
	}

	private String jobPage(Caller caller, CodeJob job, Model model) {
		model.addAttribute("job", job);
		model.addAttribute("productName", this.catalog.findByGtin(job.gtin()).map(Product::getName).orElse(job.gtin()));
		Map<String, Long> counts = new java.util.HashMap<>();
		for (Map.Entry<CodeStatus, Long> count : this.issuance.statusCounts(caller, job.id()).entrySet()) {
			counts.put(count.getKey().name(), count.getValue());
		}
		model.addAttribute("counts", counts);
		return "portal/codes/job";
	}

	// one code

	@GetMapping("/lookup")
	String lookup(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String code,
			Model model, HttpServletResponse response) {
		caller.require(Scope.READ);
		model.addAttribute("code", code);
		if (code == null || code.isBlank()) {
			return "portal/codes/lookup";
		}
		CodeRegistry.Entry entry;
		try {
			entry = this.registry.lookup(caller, code);
		}
		catch (InvalidException ex) {
			model.addAttribute("codeError", ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason());
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return "portal/codes/lookup";
		}
		catch (NotFoundException ex) {
			model.addAttribute("notFound", true);
			response.setStatus(HttpStatus.NOT_FOUND.value());
			return "portal/codes/lookup";
		}
		model.addAttribute("entry", entry);
		model.addAttribute("productName",
				this.catalog.findByGtin(entry.gtin()).map(Product::getName).orElse(entry.gtin()));
		model.addAttribute("scans", this.scans.scans(caller, entry.gtin(), entry.serial(), 10));
		List<StoredEvent> events = this.timelines
			.item(caller, entry.gtin(), entry.serial(), entry.lotNumber(), null, 20)
			.events();
		model.addAttribute("events", events);
		return "portal/codes/lookup";
	}

	// helpers

	private List<Product> products(Caller caller) {
		return this.catalog.products(caller, 0, PRODUCTS, caller.organisationId()).getContent();
	}

	private static Map<Long, String> names(List<Product> products) {
		Map<Long, String> names = new java.util.HashMap<>();
		for (Product p : products) {
			names.put(p.getId(), p.getName());
		}
		return names;
	}

	private List<Lot> lotsOf(Caller caller, String gtin) {
		try {
			return this.catalog.lots(caller, gtin);
		}
		catch (NotFoundException | InvalidException ex) {
			return List.of();
		}
	}

	static String newRequestId() {
		return "portal-" + UUID.randomUUID();
	}

}
