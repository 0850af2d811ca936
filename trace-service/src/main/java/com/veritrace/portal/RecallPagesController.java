package com.veritrace.portal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.accounts.AccountService;
import com.veritrace.anchoring.ProofService;
import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.recall.RecallAlerts;
import com.veritrace.recall.RecallClass;
import com.veritrace.recall.RecallProgressService;
import com.veritrace.recall.RecallReason;
import com.veritrace.recall.RecallRequest;
import com.veritrace.recall.RecallResponses;
import com.veritrace.recall.RecallService;
import com.veritrace.recall.RecallStatus;
import com.veritrace.recall.RecallView;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Recalls in the portal: a brand (its owners and admins) or a regulator fills the recall
 * form, sees on a confirmation step what it covers and how many items, and issues it; the
 * recalls list (newest first, by status); a recall's page with its current version,
 * scope, versions, lifecycle, its EPCIS event and proof, the records export, and for its
 * initiator (or a regulator) the forms to amend it, move it to in progress and close it.
 * Every step goes through {@link RecallService} with the person's caller, as the API's
 * do; the service's refusals are shown next to the fields they are about.
 */
@Controller
@RequestMapping("/portal/recalls")
class RecallPagesController {

	static final int PAGE = 25;

	private final RecallService recalls;

	private final CatalogService catalog;

	private final OrganisationService organisations;

	private final ProofService proofs;

	private final AccountService accounts;

	private final RecallProgressService progress;

	private final RecallResponses responses;

	private final RecallAlerts alerts;

	RecallPagesController(RecallService recalls, CatalogService catalog, OrganisationService organisations,
			ProofService proofs, AccountService accounts, RecallProgressService progress, RecallResponses responses,
			RecallAlerts alerts) {
		this.recalls = recalls;
		this.catalog = catalog;
		this.organisations = organisations;
		this.proofs = proofs;
		this.accounts = accounts;
		this.progress = progress;
		this.responses = responses;
		this.alerts = alerts;
	}

	/** The alerts a recall's page lists, newest first. */
	static final int ALERTS = 20;

	/** How the service names a person who acted ("user 12"). */
	private static final Pattern USER = Pattern.compile("user (\\d+)");

	/**
	 * The recall form as typed: a new recall, or (on a recall's page) an amendment, where
	 * the scope fields add to the scope and {@code note} says what changes. Dates as a
	 * date input sends them (yyyy-MM-dd); lots separated by commas, spaces or lines.
	 */
	public static class RecallForm {

		private String gtin = "";

		private String lots = "";

		private boolean allLots;

		private String serialFrom = "";

		private String serialTo = "";

		private String producedFrom = "";

		private String producedTo = "";

		private String recallClass = "";

		private String reasonCode = "";

		private String reason = "";

		private String consumerEn = "";

		private String consumerZh = "";

		private String partnerEn = "";

		private String partnerZh = "";

		private String deadline = "";

		private String note = "";

		/** An amendment's form, filled with what the recall says now. */
		static RecallForm of(RecallView recall) {
			RecallForm form = new RecallForm();
			form.gtin = recall.gtin();
			form.recallClass = recall.recallClass().name();
			form.reasonCode = recall.reasonCode().name();
			form.reason = recall.reason();
			form.consumerEn = recall.consumerInstructions().getOrDefault("en", "");
			form.consumerZh = recall.consumerInstructions().getOrDefault("zh-CN", "");
			form.partnerEn = recall.partnerInstructions().getOrDefault("en", "");
			form.partnerZh = recall.partnerInstructions().getOrDefault("zh-CN", "");
			form.deadline = recall.deadline() == null ? "" : recall.deadline().toString();
			return form;
		}

		/**
		 * The request this form makes, the person's mistakes rejected on their fields
		 * first (in their language); for an amendment ({@code amended} not null) blank
		 * fields and an unchanged deadline carry over.
		 */
		RecallRequest request(BindingResult result, @Nullable RecallView amended) {
			// as the service reads them, so that the confirmation shows their labels
			this.recallClass = this.recallClass.strip().toUpperCase(java.util.Locale.ROOT);
			this.reasonCode = this.reasonCode.strip().toUpperCase(java.util.Locale.ROOT);
			LocalDate from = Forms.date(this.producedFrom, "producedFrom", "recalls.error.date", result);
			LocalDate to = Forms.date(this.producedTo, "producedTo", "recalls.error.date", result);
			LocalDate until = Forms.date(this.deadline, "deadline", "recalls.error.date", result);
			boolean rangeGiven = !this.serialFrom.isBlank() || !this.serialTo.isBlank();
			if (rangeGiven && (this.serialFrom.isBlank() || this.serialTo.isBlank())) {
				result.rejectValue(this.serialFrom.isBlank() ? "serialFrom" : "serialTo", "recalls.error.serial-range");
			}
			if ((from == null) != (to == null) && !result.hasFieldErrors("producedFrom")
					&& !result.hasFieldErrors("producedTo")) {
				result.rejectValue(from == null ? "producedFrom" : "producedTo", "recalls.error.produced-range");
			}
			List<String> lotList = lotList();
			if (amended == null) {
				required(result, "recallClass", this.recallClass, "recalls.error.choose");
				required(result, "reasonCode", this.reasonCode, "recalls.error.choose");
				required(result, "reason", this.reason, "recalls.error.required");
				required(result, "consumerEn", this.consumerEn, "recalls.error.required");
				required(result, "consumerZh", this.consumerZh, "recalls.error.required");
				required(result, "partnerEn", this.partnerEn, "recalls.error.required");
				required(result, "partnerZh", this.partnerZh, "recalls.error.required");
				if (lotList.isEmpty() && !this.allLots && !rangeGiven && from == null && to == null
						&& !result.hasFieldErrors("producedFrom") && !result.hasFieldErrors("producedTo")) {
					result.rejectValue("lots", "recalls.error.scope-empty");
				}
			}
			else {
				required(result, "note", this.note, "recalls.error.note-required");
				if (until != null && until.equals(amended.deadline())) {
					// unchanged: carried over even once it has passed
					until = null;
				}
			}
			return new RecallRequest(amended == null ? this.gtin.strip() : amended.gtin(),
					lotList.isEmpty() ? null : lotList,
					rangeGiven ? List.of(new RecallRequest.SerialRange(this.serialFrom.strip(), this.serialTo.strip()))
							: null,
					this.allLots ? Boolean.TRUE : null, from, to, blankToNull(this.recallClass),
					blankToNull(this.reasonCode), blankToNull(this.reason), texts(this.consumerEn, this.consumerZh),
					texts(this.partnerEn, this.partnerZh), until, blankToNull(this.note));
		}

		List<String> lotList() {
			List<String> list = new ArrayList<>();
			for (String lot : this.lots.split("[\\s,;]+")) {
				if (!lot.isBlank() && !list.contains(lot)) {
					list.add(lot);
				}
			}
			return list;
		}

		private static void required(BindingResult result, String field, String value, String code) {
			if (value.isBlank()) {
				result.rejectValue(field, code);
			}
		}

		private static @Nullable Map<String, String> texts(String en, String zh) {
			Map<String, String> texts = new LinkedHashMap<>();
			if (!en.isBlank()) {
				texts.put("en", en.strip());
			}
			if (!zh.isBlank()) {
				texts.put("zh-CN", zh.strip());
			}
			return texts.isEmpty() ? null : texts;
		}

		public String getGtin() {
			return this.gtin;
		}

		public void setGtin(String gtin) {
			this.gtin = gtin;
		}

		public String getLots() {
			return this.lots;
		}

		public void setLots(String lots) {
			this.lots = lots;
		}

		public boolean isAllLots() {
			return this.allLots;
		}

		public void setAllLots(boolean allLots) {
			this.allLots = allLots;
		}

		public String getSerialFrom() {
			return this.serialFrom;
		}

		public void setSerialFrom(String serialFrom) {
			this.serialFrom = serialFrom;
		}

		public String getSerialTo() {
			return this.serialTo;
		}

		public void setSerialTo(String serialTo) {
			this.serialTo = serialTo;
		}

		public String getProducedFrom() {
			return this.producedFrom;
		}

		public void setProducedFrom(String producedFrom) {
			this.producedFrom = producedFrom;
		}

		public String getProducedTo() {
			return this.producedTo;
		}

		public void setProducedTo(String producedTo) {
			this.producedTo = producedTo;
		}

		public String getRecallClass() {
			return this.recallClass;
		}

		public void setRecallClass(String recallClass) {
			this.recallClass = recallClass;
		}

		public String getReasonCode() {
			return this.reasonCode;
		}

		public void setReasonCode(String reasonCode) {
			this.reasonCode = reasonCode;
		}

		public String getReason() {
			return this.reason;
		}

		public void setReason(String reason) {
			this.reason = reason;
		}

		public String getConsumerEn() {
			return this.consumerEn;
		}

		public void setConsumerEn(String consumerEn) {
			this.consumerEn = consumerEn;
		}

		public String getConsumerZh() {
			return this.consumerZh;
		}

		public void setConsumerZh(String consumerZh) {
			this.consumerZh = consumerZh;
		}

		public String getPartnerEn() {
			return this.partnerEn;
		}

		public void setPartnerEn(String partnerEn) {
			this.partnerEn = partnerEn;
		}

		public String getPartnerZh() {
			return this.partnerZh;
		}

		public void setPartnerZh(String partnerZh) {
			this.partnerZh = partnerZh;
		}

		public String getDeadline() {
			return this.deadline;
		}

		public void setDeadline(String deadline) {
			this.deadline = deadline;
		}

		public String getNote() {
			return this.note;
		}

		public void setNote(String note) {
			this.note = note;
		}

	}

	/** Closing a recall: the closing note. */
	public static class CloseForm {

		private String note = "";

		public String getNote() {
			return this.note;
		}

		public void setNote(String note) {
			this.note = note;
		}

	}

	/** A partner's removal confirmation: its own count (optional) and a note. */
	public static class RemovalForm {

		private String quantity = "";

		private String note = "";

		public String getQuantity() {
			return this.quantity;
		}

		public void setQuantity(String quantity) {
			this.quantity = quantity;
		}

		public String getNote() {
			return this.note;
		}

		public void setNote(String note) {
			this.note = note;
		}

	}

	/** The EPCIS event of a version: its hash ID, hex digest and anchoring status. */
	public record EventProof(String hashId, String hex, String status) {
	}

	// the list

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String gtin,
			@RequestParam(required = false) @Nullable String before, Model model) {
		RecallStatus wanted = null;
		for (RecallStatus s : RecallStatus.values()) {
			if (s.name().equals(status)) {
				wanted = s;
			}
		}
		Long beforeMs = null;
		String beforeId = null;
		int cut = before == null ? -1 : before.indexOf('_');
		if (before != null && cut > 0) {
			try {
				beforeMs = Long.parseLong(before.substring(0, cut));
				beforeId = before.substring(cut + 1);
			}
			catch (NumberFormatException ex) {
				// an edited cursor: the first page
			}
		}
		String product = gtin == null || gtin.isBlank() ? null : gtin.strip();
		List<RecallView.Summary> items;
		try {
			items = this.recalls.list(caller, wanted, product, beforeMs, beforeId, PAGE + 1);
		}
		catch (InvalidException ex) {
			model.addAttribute("gtinError", ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason());
			items = List.of();
		}
		boolean more = items.size() > PAGE;
		List<RecallView.Summary> shown = more ? items.subList(0, PAGE) : items;
		model.addAttribute("items", shown);
		model.addAttribute("status", wanted == null ? "" : wanted.name());
		model.addAttribute("statuses", RecallStatus.values());
		model.addAttribute("gtin", product == null ? "" : product);
		String next = null;
		if (more) {
			RecallView.Summary last = shown.get(PAGE - 1);
			next = "/portal/recalls?before=" + last.issuedAt().toEpochMilli() + "_" + last.id()
					+ (wanted == null ? "" : "&status=" + wanted.name())
					+ (product == null ? "" : "&gtin=" + UriUtils.encodeQueryParam(product, "UTF-8"));
		}
		model.addAttribute("next", next);
		return "portal/recalls/list";
	}

	// a new recall: the form, the confirmation, the issue

	@GetMapping("/new")
	String newRecall(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String gtin,
			@RequestParam(required = false) @Nullable String lot, Model model) {
		requireRecaller(caller);
		RecallForm form = new RecallForm();
		if (gtin != null && !gtin.isBlank()) {
			// another brand's product answers 404, as its page does
			Product product = this.catalog.product(caller, gtin);
			form.setGtin(product.getGtin());
			if (lot != null && !lot.isBlank()) {
				form.setLots(this.catalog.lot(caller, product.getGtin(), lot).getLotNumber());
			}
		}
		model.addAttribute("form", form);
		return formPage(caller, form, model);
	}

	/** Back from the confirmation to the form, as it was filled. */
	@PostMapping("/new")
	String change(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") RecallForm form, Model model) {
		requireRecaller(caller);
		return formPage(caller, form, model);
	}

	@PostMapping("/preview")
	String preview(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") RecallForm form,
			BindingResult result, Model model) {
		requireRecaller(caller);
		RecallRequest request = form.request(result, null);
		if (!result.hasErrors()) {
			try {
				model.addAttribute("preview", this.recalls.preview(caller, request));
				product(caller, form.getGtin(), model);
				return "portal/recalls/confirm";
			}
			catch (InvalidException ex) {
				reject(result, ex);
			}
			catch (NotFoundException ex) {
				result.rejectValue("gtin", "recalls.error.gtin-unknown");
			}
		}
		return formPage(caller, form, model);
	}

	@PostMapping
	String issue(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") RecallForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		requireRecaller(caller);
		RecallRequest request = form.request(result, null);
		if (!result.hasErrors()) {
			try {
				RecallView recall = this.recalls.issue(caller, request);
				redirect.addFlashAttribute("issued", true);
				return "redirect:/portal/recalls/" + recall.id();
			}
			catch (InvalidException ex) {
				reject(result, ex);
			}
			catch (NotFoundException ex) {
				result.rejectValue("gtin", "recalls.error.gtin-unknown");
			}
		}
		return formPage(caller, form, model);
	}

	private String formPage(Caller caller, RecallForm form, Model model) {
		product(caller, form.getGtin(), model);
		model.addAttribute("classes", RecallClass.values());
		model.addAttribute("reasons", RecallReason.values());
		return "portal/recalls/new";
	}

	/**
	 * The product the form names, if the caller may see it, and its brand (for a
	 * regulator's mandatory recall).
	 */
	private void product(Caller caller, String gtin, Model model) {
		Product product = null;
		if (!gtin.isBlank()) {
			try {
				product = this.catalog.product(caller, gtin);
			}
			catch (NotFoundException | InvalidException ex) {
				// the form says so next to the GTIN when it is sent
			}
		}
		model.addAttribute("product", product);
		model.addAttribute("mandatory", product != null && product.getBrandId() != caller.organisationId());
		model.addAttribute("brandName",
				product == null ? null : this.organisations.get(caller, product.getBrandId()).getName());
	}

	// one recall

	@GetMapping("/{id}")
	String recall(@AuthenticationPrincipal Caller caller, @PathVariable String id, Model model) {
		RecallView recall = this.recalls.get(caller, id);
		return recallPage(caller, recall, model);
	}

	@PostMapping("/{id}/versions")
	String amend(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@ModelAttribute("amendForm") RecallForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		RecallView recall = changeable(caller, id);
		RecallRequest request = form.request(result, recall);
		return change(caller, recall, "amend", result, model,
				() -> redirect.addFlashAttribute("amended", this.recalls.amend(caller, id, request).version()));
	}

	@PostMapping("/{id}/start")
	String start(@AuthenticationPrincipal Caller caller, @PathVariable String id, RedirectAttributes redirect) {
		changeable(caller, id);
		try {
			this.recalls.transition(caller, id, RecallStatus.IN_PROGRESS, null);
			redirect.addFlashAttribute("started", true);
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("statusError", ex.detail());
		}
		return "redirect:/portal/recalls/" + id;
	}

	@PostMapping("/{id}/close")
	String close(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@ModelAttribute("closeForm") CloseForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		RecallView recall = changeable(caller, id);
		if (form.getNote().isBlank()) {
			result.rejectValue("note", "recalls.error.close-note");
		}
		return change(caller, recall, "close", result, model, () -> {
			this.recalls.transition(caller, id, RecallStatus.CLOSED, form.getNote());
			redirect.addFlashAttribute("closed", true);
		});
	}

	/** A partner told of the recall acknowledges receipt (again: nothing more). */
	@PostMapping("/{id}/acknowledge")
	String acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable String id, RedirectAttributes redirect) {
		this.responses.acknowledge(caller, id);
		redirect.addFlashAttribute("acknowledged", true);
		return "redirect:/portal/recalls/" + id + "#response";
	}

	/**
	 * A partner told of the recall confirms it removed the affected items it holds (its
	 * count and a note, both optional).
	 */
	@PostMapping("/{id}/removal")
	String removal(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@ModelAttribute("removalForm") RemovalForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		caller.require(Scope.EVENTS_WRITE);
		RecallView recall = this.recalls.get(caller, id);
		Long quantity = null;
		if (!form.getQuantity().isBlank()) {
			try {
				quantity = Long.parseLong(form.getQuantity().strip());
			}
			catch (NumberFormatException ex) {
				result.rejectValue("quantity", "recalls.error.quantity");
			}
		}
		Long count = quantity;
		return change(caller, recall, "removal", result, model, () -> {
			this.responses.confirmRemoval(caller, id,
					new RecallResponses.RemovalRequest(blankToNull(form.getNote()), count, null));
			redirect.addFlashAttribute("confirmed", true);
		});
	}

	/**
	 * Makes a change the form asked for, when it has no mistakes, and goes back to the
	 * recall; else the page again with the form's mistakes, or the conflict (the recall
	 * was closed meanwhile) above its forms.
	 */
	private String change(Caller caller, RecallView recall, String form, BindingResult result, Model model,
			Runnable change) {
		if (!result.hasErrors()) {
			try {
				change.run();
				return "redirect:/portal/recalls/" + recall.id();
			}
			catch (InvalidException ex) {
				reject(result, ex);
			}
			catch (ConflictException ex) {
				model.addAttribute("statusError", ex.detail());
			}
		}
		model.addAttribute("open", form);
		return recallPage(caller, recall, model);
	}

	private String recallPage(Caller caller, RecallView recall, Model model) {
		if (!model.containsAttribute("amendForm")) {
			model.addAttribute("amendForm", RecallForm.of(recall));
		}
		if (!model.containsAttribute("closeForm")) {
			model.addAttribute("closeForm", new CloseForm());
		}
		model.addAttribute("recall", recall);
		model.addAttribute("mayChange", mayChange(caller, recall));
		Map<String, EventProof> events = new LinkedHashMap<>();
		for (RecallView.Version version : recall.versions()) {
			events.put(version.eventHash(), proof(version.eventHash()));
		}
		model.addAttribute("events", events);
		model.addAttribute("names", names(caller, recall));
		if (!model.containsAttribute("removalForm")) {
			model.addAttribute("removalForm", new RemovalForm());
		}
		boolean runs = this.recalls.runs(caller, recall.id());
		model.addAttribute("runs", runs);
		model.addAttribute("progress", runs ? this.progress.progress(caller, recall.id()) : null);
		model.addAttribute("alerts", runs ? this.alerts.list(caller, recall.id(), null, ALERTS) : List.of());
		model.addAttribute("partner", runs ? null : partnerView(caller, recall.id()));
		model.addAttribute("classes", RecallClass.values());
		model.addAttribute("reasons", RecallReason.values());
		return "portal/recalls/recall";
	}

	/**
	 * The people named in the recall's versions and lifecycle ("user 12"), by their name
	 * where they are the reader's colleagues; others stay as the service names them.
	 */
	private Map<String, String> names(Caller caller, RecallView recall) {
		List<String> labels = new ArrayList<>();
		recall.versions().forEach(v -> labels.add(v.createdBy()));
		recall.history().forEach(t -> labels.add(t.by()));
		Map<String, String> names = new HashMap<>();
		for (String label : labels) {
			Matcher user = USER.matcher(label);
			if (!names.containsKey(label) && user.find()) {
				this.accounts.person(Long.parseLong(user.group(1)))
					.filter(p -> p.organisation().getId() == caller.organisationId())
					.ifPresent(p -> names.put(label, label.substring(0, user.start()) + p.user().getDisplayName()
							+ label.substring(user.end())));
			}
		}
		return names;
	}

	/** The caller's part in the recall when it was told of it, else null. */
	private RecallResponses.@Nullable PartnerView partnerView(Caller caller, String id) {
		try {
			return this.responses.partnerView(caller, id);
		}
		catch (NotFoundException ex) {
			return null;
		}
	}

	private EventProof proof(String hashId) {
		int from = hashId.indexOf(';');
		int to = hashId.indexOf('?');
		String hex = from > 0 && to > from ? hashId.substring(from + 1, to) : "";
		String status = "PENDING";
		try {
			status = this.proofs.proof(HexFormat.of().parseHex(hex)).status();
		}
		catch (DomainException | IllegalArgumentException ex) {
			// not stored yet or not a digest: shown as waiting
		}
		return new EventProof(hashId, hex, status);
	}

	/**
	 * The recall, if the caller may change it (its initiator or a regulator, with
	 * {@code recalls:write}): 404 for one they may not read, 403 for a reader.
	 */
	private RecallView changeable(Caller caller, String id) {
		caller.require(Scope.RECALLS_WRITE);
		RecallView recall = this.recalls.get(caller, id);
		if (!mayChange(caller, recall)) {
			throw ForbiddenException
				.of(recall.mandatory() ? "This recall was ordered by a regulator; only a regulator changes it"
						: "Only the organisation that issued this recall, or a regulator, changes it");
		}
		return recall;
	}

	private static boolean mayChange(Caller caller, RecallView recall) {
		return caller.has(Scope.RECALLS_WRITE)
				&& (recall.initiatorId() == caller.organisationId() || caller.kind() == OrganisationKind.REGULATOR);
	}

	/** Brands and regulators issue recalls, with {@code recalls:write}; 403 otherwise. */
	private static void requireRecaller(Caller caller) {
		caller.require(Scope.RECALLS_WRITE);
		if (caller.kind() != OrganisationKind.BRAND && caller.kind() != OrganisationKind.REGULATOR) {
			throw ForbiddenException.of("Only a brand (for its own products) or a regulator issues recalls");
		}
	}

	/** The service's problems on the form's fields (an instruction's language, a lot). */
	static void reject(BindingResult result, InvalidException ex) {
		List<FieldProblem> mapped = ex.errors()
			.stream()
			.map(p -> new FieldProblem(formField(p.field()), p.reason()))
			.toList();
		Forms.reject(result, mapped.isEmpty() ? ex : InvalidException.of(mapped));
	}

	static String formField(String field) {
		if (field.startsWith("lots")) {
			return "lots";
		}
		if (field.startsWith("serialRanges")) {
			return "serialFrom";
		}
		return switch (field) {
			case "consumerInstructions", "consumerInstructions.en" -> "consumerEn";
			case "consumerInstructions.zh-CN" -> "consumerZh";
			case "partnerInstructions", "partnerInstructions.en" -> "partnerEn";
			case "partnerInstructions.zh-CN" -> "partnerZh";
			default -> field;
		};
	}

	private static @Nullable String blankToNull(String text) {
		return text.isBlank() ? null : text.strip();
	}

}
