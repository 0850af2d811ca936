package com.veritrace.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.veritrace.diversion.Distributor;
import com.veritrace.diversion.DistributorService;
import com.veritrace.diversion.DiversionStats;
import com.veritrace.diversion.Regions;
import com.veritrace.partners.GrantService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's distributors and their authorised regions (channel diversion): everyone of
 * the brand reads them; owners and admins ({@code grants:manage}) add, change and remove
 * them. The page of one distributor shows its diversions of the last 30 days.
 */
@Controller
@RequestMapping("/portal/distributors")
class DistributorPagesController {

	static final Duration RECENT = Duration.ofDays(30);

	private final DistributorService distributors;

	private final DiversionStats stats;

	private final GrantService grants;

	DistributorPagesController(DistributorService distributors, DiversionStats stats, GrantService grants) {
		this.distributors = distributors;
		this.stats = stats;
		this.grants = grants;
	}

	/**
	 * A distributor as typed: regions separated by commas or spaces, one location per
	 * line.
	 */
	public static class DistributorForm {

		private String name = "";

		private String partnerOrganisationId = "";

		private String regions = "";

		private String locations = "";

		static DistributorForm of(Distributor d) {
			DistributorForm form = new DistributorForm();
			form.name = d.name();
			form.partnerOrganisationId = d.partnerId() == null ? "" : String.valueOf(d.partnerId());
			form.regions = String.join(", ", d.regions());
			form.locations = String.join("\n", d.locations());
			return form;
		}

		DistributorService.Draft draft() {
			Long partner = null;
			if (!this.partnerOrganisationId.isBlank()) {
				try {
					partner = Long.parseLong(this.partnerOrganisationId.strip());
				}
				catch (NumberFormatException ex) {
					throw InvalidException.of("partnerOrganisationId", "is not one of the partners listed");
				}
			}
			return new DistributorService.Draft(this.name, partner, split(this.regions, "[,;\\s]+"),
					split(this.locations, "\\R+"));
		}

		private static List<String> split(String text, String separator) {
			return Arrays.stream(text.strip().split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getPartnerOrganisationId() {
			return this.partnerOrganisationId;
		}

		public void setPartnerOrganisationId(String partnerOrganisationId) {
			this.partnerOrganisationId = partnerOrganisationId;
		}

		public String getRegions() {
			return this.regions;
		}

		public void setRegions(String regions) {
			this.regions = regions;
		}

		public String getLocations() {
			return this.locations;
		}

		public void setLocations(String locations) {
			this.locations = locations;
		}

	}

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new DistributorForm());
		}
		return listPage(caller, model);
	}

	private String listPage(Caller caller, Model model) {
		model.addAttribute("distributors", this.distributors.list(caller));
		Map<Long, Long> counts = new LinkedHashMap<>();
		Instant now = Instant.now();
		this.stats.byDistributor(caller, now.minus(RECENT), now)
			.forEach(c -> counts.put(c.distributorId(), c.diversions()));
		model.addAttribute("diversions", counts);
		formChoices(caller, model);
		return "portal/diversion/distributors";
	}

	private void formChoices(Caller caller, Model model) {
		Map<Long, String> partners = new LinkedHashMap<>();
		if (caller.has(Scope.GRANTS_MANAGE)) {
			this.grants.page(caller, true, 0, 200)
				.stream()
				.filter(g -> g.grant().getRevokedAt() == null)
				.forEach(g -> partners.putIfAbsent(g.grant().getGranteeId(), g.granteeName()));
		}
		model.addAttribute("partners", partners);
		model.addAttribute("provinces", Regions.chinaProvinces());
	}

	@PostMapping
	String add(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") DistributorForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		// the rule first: a role without 'grants:manage' gets 403, not a form
		caller.require(Scope.GRANTS_MANAGE);
		Distributor added;
		try {
			added = this.distributors.create(caller, form.draft());
		}
		catch (InvalidException ex) {
			reject(result, ex);
			return listPage(caller, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "name", ex.detail());
			return listPage(caller, model);
		}
		redirect.addFlashAttribute("saved", added.name());
		return "redirect:/portal/distributors/" + added.id();
	}

	@GetMapping("/{id}")
	String show(@AuthenticationPrincipal Caller caller, @PathVariable long id, Model model) {
		Distributor distributor = this.distributors.get(caller, id);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", DistributorForm.of(distributor));
		}
		return showPage(caller, distributor, model);
	}

	private String showPage(Caller caller, Distributor distributor, Model model) {
		model.addAttribute("distributor", distributor);
		Instant now = Instant.now();
		model.addAttribute("recent",
				this.stats.byDistributor(caller, now.minus(RECENT), now)
					.stream()
					.filter(c -> c.distributorId() == distributor.id())
					.findFirst()
					.orElse(null));
		formChoices(caller, model);
		return "portal/diversion/distributor";
	}

	@PostMapping("/{id}")
	String change(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@ModelAttribute("form") DistributorForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		caller.require(Scope.GRANTS_MANAGE);
		Distributor distributor = this.distributors.get(caller, id);
		try {
			distributor = this.distributors.update(caller, id, form.draft());
		}
		catch (InvalidException ex) {
			reject(result, ex);
			return showPage(caller, distributor, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "name", ex.detail());
			return showPage(caller, distributor, model);
		}
		redirect.addFlashAttribute("saved", distributor.name());
		return "redirect:/portal/distributors/" + id;
	}

	@PostMapping("/{id}/remove")
	String remove(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		caller.require(Scope.GRANTS_MANAGE);
		Distributor distributor = this.distributors.get(caller, id);
		this.distributors.delete(caller, id);
		redirect.addFlashAttribute("removed", distributor.name());
		return "redirect:/portal/distributors";
	}

	/** The service's problems on the form's fields ({@code regions[2]} on regions). */
	private static void reject(BindingResult result, InvalidException ex) {
		for (FieldProblem problem : ex.errors()) {
			String field = problem.field().replaceAll("\\[\\d+]$", "");
			Forms.reject(result, field, problem.reason());
		}
		if (ex.errors().isEmpty()) {
			result.reject("invalid", ex.detail());
		}
	}

}
