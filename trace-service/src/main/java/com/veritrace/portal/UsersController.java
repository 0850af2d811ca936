package com.veritrace.portal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.accounts.UserAccount;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.AuditEntry;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
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
 * An organisation's people (owners and admins): invite, change a role, remove; the
 * organisation's second-factor rule; the audit log.
 */
@Controller
@RequestMapping("/portal")
class UsersController {

	static final int PAGE = 50;

	private final AccountService accounts;

	private final AuditLog audit;

	UsersController(AccountService accounts, AuditLog audit) {
		this.accounts = accounts;
		this.audit = audit;
	}

	/** Inviting someone. */
	public static class InviteForm {

		private String email = "";

		private String displayName = "";

		private Role role = Role.VIEWER;

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

		public Role getRole() {
			return this.role;
		}

		public void setRole(Role role) {
			this.role = role;
		}

	}

	@GetMapping("/users")
	String users(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String q,
			@RequestParam(defaultValue = "0") long after, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new InviteForm());
		}
		return page(caller, q, after, model);
	}

	private String page(Caller caller, @Nullable String q, long after, Model model) {
		List<UserAccount> users = this.accounts.list(caller, caller.organisationId(), q, after, PAGE + 1);
		model.addAttribute("users", users.size() > PAGE ? users.subList(0, PAGE) : users);
		model.addAttribute("nextAfter", users.size() > PAGE ? users.get(PAGE - 1).getId() : null);
		model.addAttribute("q", q);
		model.addAttribute("roles", Role.values());
		return "portal/users";
	}

	@PostMapping("/users")
	String invite(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") InviteForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		try {
			this.accounts.invite(caller, caller.organisationId(), form.getEmail(), form.getDisplayName(),
					form.getRole());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return page(caller, null, 0, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "email", ex.detail());
			return page(caller, null, 0, model);
		}
		redirect.addFlashAttribute("invited", form.getEmail().strip());
		return "redirect:/portal/users";
	}

	@PostMapping("/users/{id}/role")
	String role(@AuthenticationPrincipal Caller caller, @PathVariable long id, @RequestParam Role role,
			RedirectAttributes redirect) {
		UserAccount user = this.accounts.changeRole(caller, caller.organisationId(), id, role);
		redirect.addFlashAttribute("changed", user.getEmail());
		return "redirect:/portal/users";
	}

	@PostMapping("/users/{id}/remove")
	String remove(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		this.accounts.remove(caller, caller.organisationId(), id);
		redirect.addFlashAttribute("removed", true);
		return "redirect:/portal/users";
	}

	@PostMapping("/organisation/totp")
	String requireTotp(@AuthenticationPrincipal Caller caller, @RequestParam boolean required,
			RedirectAttributes redirect) {
		this.accounts.requireTotp(caller, caller.organisationId(), required);
		redirect.addFlashAttribute("totpRule", required);
		return "redirect:/portal/users";
	}

	@GetMapping("/audit")
	String audit(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable Long before,
			Model model) {
		List<AuditEntry> entries = this.audit.read(caller, caller.organisationId(), before, PAGE + 1);
		List<AuditEntry> shown = entries.size() > PAGE ? entries.subList(0, PAGE) : entries;
		model.addAttribute("entries", shown);
		model.addAttribute("names", this.accounts.actorEmails(shown));
		model.addAttribute("nextBefore", entries.size() > PAGE ? entries.get(PAGE - 1).getId() : null);
		return "portal/audit";
	}

}
