package com.veritrace.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.partners.PartnerGrant;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
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

/**
 * Partners and grants. A brand sees the grants it gave (and so its partners), grants a
 * partner EVENTS or REPORTS rights for all its products, one GTIN or one lot, and revokes
 * them: {@link GrantService}, as {@code /api/v1/grants}, with the scope
 * {@code grants:manage}. A partner (manufacturer, warehouse, logistics carrier, lab) sees
 * the grants it holds.
 */
@Controller
@RequestMapping("/portal/partners")
class PartnerPagesController {

	static final int PAGE = 50;

	static final int DIRECTORY = 200;

	private final GrantService grants;

	private final OrganisationService organisations;

	PartnerPagesController(GrantService grants, OrganisationService organisations) {
		this.grants = grants;
		this.organisations = organisations;
	}

	/** Giving a grant: the partner, the right and the scope (none, a GTIN, or a lot). */
	public static class GrantForm {

		private @Nullable Long granteeOrganisationId;

		private GrantRight right = GrantRight.EVENTS;

		private String gtin = "";

		private String lotNumber = "";

		public @Nullable Long getGranteeOrganisationId() {
			return this.granteeOrganisationId;
		}

		public void setGranteeOrganisationId(@Nullable Long granteeOrganisationId) {
			this.granteeOrganisationId = granteeOrganisationId;
		}

		public GrantRight getRight() {
			return this.right;
		}

		public void setRight(GrantRight right) {
			this.right = right;
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

	}

	@GetMapping
	String partners(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "0") long after,
			@RequestParam(required = false) @Nullable String find, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new GrantForm());
		}
		return page(caller, after, find, model);
	}

	private String page(Caller caller, long after, @Nullable String find, Model model) {
		boolean brand = caller.kind() == OrganisationKind.BRAND;
		List<GrantService.GrantLine> lines = this.grants.page(caller, brand, after, PAGE + 1);
		model.addAttribute("brand", brand);
		model.addAttribute("grants", lines.size() > PAGE ? lines.subList(0, PAGE) : lines);
		model.addAttribute("nextAfter", lines.size() > PAGE ? lines.get(PAGE - 1).grant().getId() : null);
		if (brand) {
			// the partners of this page's live grants, each once with its rights
			Map<Long, Partner> partners = new LinkedHashMap<>();
			for (GrantService.GrantLine line : lines) {
				if (line.grant().getRevokedAt() == null) {
					partners
						.computeIfAbsent(line.grant().getGranteeId(),
								id -> new Partner(id, line.granteeName(), line.granteeKind(),
										new java.util.TreeSet<>()))
						.rights()
						.add(line.grant().getRight());
				}
			}
			model.addAttribute("partners", partners.values());
			if (caller.has(Scope.GRANTS_MANAGE)) {
				model.addAttribute("directory", this.organisations.partnerDirectory(caller, find, DIRECTORY));
				model.addAttribute("find", find);
				model.addAttribute("rights", GrantRight.values());
			}
		}
		return "portal/access/partners";
	}

	/** A partner of the brand: its name and kind, the rights it holds now. */
	record Partner(long id, String name, OrganisationKind kind, java.util.SortedSet<GrantRight> rights) {
	}

	@PostMapping
	String grant(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") GrantForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		// the service's rules, checked before the form's: a refused role gets 403, not a
		// form
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands grant access to their products");
		}
		caller.require(Scope.GRANTS_MANAGE);
		if (form.getGranteeOrganisationId() == null && !result.hasFieldErrors("granteeOrganisationId")) {
			Forms.reject(result, "granteeOrganisationId", "choose the partner organisation");
		}
		if (result.hasErrors()) {
			// a value that did not bind (e.g. an unknown right) is not replaced by a
			// default
			return page(caller, 0, null, model);
		}
		PartnerGrant grant;
		try {
			grant = this.grants.grant(caller, form.getGranteeOrganisationId(), form.getRight(),
					blankToNull(form.getGtin()), blankToNull(form.getLotNumber()));
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return page(caller, 0, null, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "granteeOrganisationId", ex.detail());
			return page(caller, 0, null, model);
		}
		catch (com.veritrace.shared.NotFoundException ex) {
			// an unknown GTIN or lot (or another brand's): next to the field that named
			// it
			Forms.reject(result, ex.detail().startsWith("No lot") ? "lotNumber" : "gtin", ex.detail());
			return page(caller, 0, null, model);
		}
		redirect.addFlashAttribute("granted", grant.getId());
		return "redirect:/portal/partners";
	}

	@PostMapping("/grants/{id}/revoke")
	String revoke(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		this.grants.revoke(caller, id);
		redirect.addFlashAttribute("revoked", id);
		return "redirect:/portal/partners";
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

}
