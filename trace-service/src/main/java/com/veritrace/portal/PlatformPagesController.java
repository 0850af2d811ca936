package com.veritrace.portal;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.accounts.UserAccount;
import com.veritrace.anchoring.IntegrityService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
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
 * The platform operator's pages: the organisations (list, create, one organisation's
 * page, inviting its first owner) and the integrity report of
 * {@code /api/v1/admin/integrity}. To anyone outside the platform operator these pages do
 * not exist (404); the operator's people without the 'admin' scope get 403.
 */
@Controller
@RequestMapping("/portal")
class PlatformPagesController {

	static final int PAGE = 50;

	static final int USERS = 50;

	static final int FINDINGS = 200;

	private final OrganisationService organisations;

	private final AccountService accounts;

	private final IntegrityService integrity;

	PlatformPagesController(OrganisationService organisations, AccountService accounts, IntegrityService integrity) {
		this.organisations = organisations;
		this.accounts = accounts;
		this.integrity = integrity;
	}

	/** A new organisation: its name and kind. */
	public static class OrganisationForm {

		private String name = "";

		private @Nullable OrganisationKind kind;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public @Nullable OrganisationKind getKind() {
			return this.kind;
		}

		public void setKind(@Nullable OrganisationKind kind) {
			this.kind = kind;
		}

	}

	/** Inviting an organisation's owner: the address and the name. */
	public static class OwnerForm {

		private String email = "";

		private String displayName = "";

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

	}

	@GetMapping("/organisations")
	String organisations(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") long after, Model model) {
		requirePlatform(caller);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new OrganisationForm());
		}
		return list(caller, q, after, model);
	}

	private String list(Caller caller, @Nullable String q, long after, Model model) {
		List<Organisation> page = this.organisations.page(caller, q, after, PAGE + 1);
		model.addAttribute("organisations", page.size() > PAGE ? page.subList(0, PAGE) : page);
		model.addAttribute("nextAfter", page.size() > PAGE ? page.get(PAGE - 1).getId() : null);
		model.addAttribute("q", q);
		model.addAttribute("kinds",
				Arrays.stream(OrganisationKind.values()).filter(k -> k != OrganisationKind.PLATFORM).toList());
		return "portal/access/organisations";
	}

	@PostMapping("/organisations")
	String create(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") OrganisationForm form,
			BindingResult result, Model model) {
		requirePlatform(caller);
		if (!caller.isPlatformAdmin()) {
			throw ForbiddenException.of("Only the platform operator's owners and admins create organisations");
		}
		String name = form.getName() == null ? "" : form.getName().strip();
		if (name.isEmpty() || name.length() > 200) {
			Forms.reject(result, "name", "must have 1 to 200 characters");
		}
		if (form.getKind() == null) {
			Forms.reject(result, "kind", "choose what the organisation is");
		}
		if (result.hasErrors()) {
			return list(caller, null, 0, model);
		}
		Organisation created;
		try {
			created = this.organisations.create(caller, name, form.getKind());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return list(caller, null, 0, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "name", ex.detail());
			return list(caller, null, 0, model);
		}
		return "redirect:/portal/organisations/" + created.getId() + "?created";
	}

	@GetMapping("/organisations/{id}")
	String organisation(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(required = false) @Nullable String created, Model model) {
		requirePlatform(caller);
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new OwnerForm());
		}
		model.addAttribute("created", created != null);
		return organisationPage(caller, id, model);
	}

	private String organisationPage(Caller caller, long id, Model model) {
		Organisation organisation = this.organisations.get(caller, id);
		model.addAttribute("organisation", organisation);
		List<UserAccount> users = this.accounts.list(caller, id, null, 0, USERS + 1);
		model.addAttribute("users", users.size() > USERS ? users.subList(0, USERS) : users);
		model.addAttribute("moreUsers", users.size() > USERS);
		model.addAttribute("hasOwner", users.stream().anyMatch(u -> u.getRole() == Role.OWNER));
		return "portal/access/organisation";
	}

	@PostMapping("/organisations/{id}/owners")
	String inviteOwner(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@ModelAttribute("form") OwnerForm form, BindingResult result, Model model, RedirectAttributes redirect) {
		requirePlatform(caller);
		try {
			this.accounts.invite(caller, id, form.getEmail(), form.getDisplayName(), Role.OWNER);
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			model.addAttribute("created", false);
			return organisationPage(caller, id, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "email", ex.detail());
			model.addAttribute("created", false);
			return organisationPage(caller, id, model);
		}
		redirect.addFlashAttribute("invited", form.getEmail().strip());
		return "redirect:/portal/organisations/" + id;
	}

	@GetMapping("/integrity")
	String integrity(@AuthenticationPrincipal Caller caller, Model model) {
		requireAdmin(caller);
		return report(this.integrity.last().orElseGet(this.integrity::run), model);
	}

	@PostMapping("/integrity")
	String runIntegrity(@AuthenticationPrincipal Caller caller, RedirectAttributes redirect) {
		requireAdmin(caller);
		this.integrity.run();
		redirect.addFlashAttribute("ran", true);
		return "redirect:/portal/integrity";
	}

	private String report(IntegrityService.Report report, Model model) {
		model.addAttribute("report", report);
		model.addAttribute("findings",
				report.findings().size() > FINDINGS ? report.findings().subList(0, FINDINGS) : report.findings());
		model.addAttribute("kinds", IntegrityService.Kind.values());
		return "portal/access/integrity";
	}

	/** Outside the platform operator, these pages are not there. */
	private static void requirePlatform(Caller caller) {
		if (caller.kind() != OrganisationKind.PLATFORM) {
			throw NotFoundException.of("Page", "No such page");
		}
	}

	private static void requireAdmin(Caller caller) {
		requirePlatform(caller);
		if (!caller.isPlatformAdmin()) {
			throw ForbiddenException.of("Only the platform operator's owners and admins read the integrity report");
		}
	}

}
