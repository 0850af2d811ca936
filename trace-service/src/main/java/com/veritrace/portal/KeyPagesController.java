package com.veritrace.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.ApiKey;
import com.veritrace.tenancy.ApiKeyService;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
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
 * The organisation's API keys (owners and admins: {@code keys:manage}): list with scopes
 * and last use, create with at most the scopes of one's role, revoke. A new key's secret
 * is in the answer to the POST that made it, once ({@code Cache-Control: no-store}), and
 * nowhere else: only its SHA-256 is kept.
 */
@Controller
@RequestMapping("/portal/keys")
class KeyPagesController {

	static final int PAGE = 50;

	private final ApiKeyService keys;

	KeyPagesController(ApiKeyService keys) {
		this.keys = keys;
	}

	/** A new key: a name, its scopes, an optional last day. */
	public static class KeyForm {

		private String name = "";

		private List<String> scopes = new ArrayList<>();

		private String expiresOn = "";

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public String getExpiresOn() {
			return this.expiresOn;
		}

		public void setExpiresOn(String expiresOn) {
			this.expiresOn = expiresOn;
		}

	}

	@GetMapping
	String keys(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "0") long after, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new KeyForm());
		}
		return page(caller, after, model);
	}

	private String page(Caller caller, long after, Model model) {
		List<ApiKey> list = this.keys.page(caller, caller.organisationId(), after, PAGE + 1);
		model.addAttribute("keys", list.size() > PAGE ? list.subList(0, PAGE) : list);
		model.addAttribute("nextAfter", list.size() > PAGE ? list.get(PAGE - 1).getId() : null);
		model.addAttribute("grantable", grantable(caller));
		model.addAttribute("now", Instant.now());
		return "portal/access/keys";
	}

	/**
	 * The scopes this person may put on a key: those of their role ('admin' only for the
	 * platform operator).
	 */
	static List<String> grantable(Caller caller) {
		List<String> scopes = new ArrayList<>();
		for (Scope scope : Scope.values()) {
			if (caller.has(scope) && (scope != Scope.ADMIN || caller.kind() == OrganisationKind.PLATFORM)) {
				scopes.add(scope.wire());
			}
		}
		return scopes;
	}

	@PostMapping
	String create(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") KeyForm form, BindingResult result,
			Model model, HttpServletResponse response) {
		// the rule first: a role without 'keys:manage' gets 403, not a form
		caller.require(Scope.KEYS_MANAGE);
		Set<Scope> scopes = EnumSet.noneOf(Scope.class);
		for (String wire : form.getScopes()) {
			try {
				scopes.add(Scope.fromWire(wire));
			}
			catch (IllegalArgumentException ex) {
				Forms.reject(result, "scopes", ex.getMessage());
			}
		}
		Instant expiresAt = null;
		if (form.getExpiresOn() != null && !form.getExpiresOn().isBlank()) {
			try {
				// the key works through the whole of its last day (UTC)
				expiresAt = LocalDate.parse(form.getExpiresOn().strip())
					.plusDays(1)
					.atStartOfDay(ZoneOffset.UTC)
					.toInstant();
			}
			catch (DateTimeParseException ex) {
				Forms.reject(result, "expiresOn", "must be a date, e.g. 2027-12-31");
			}
		}
		if (result.hasErrors()) {
			return page(caller, 0, model);
		}
		ApiKeyService.IssuedKey issued;
		try {
			issued = this.keys.create(caller, caller.organisationId(), form.getName(), scopes, expiresAt);
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex.errors().stream().anyMatch(p -> p.field().equals("expiresAt"))
					? InvalidException.of("expiresOn", "must be today or later") : ex);
			return page(caller, 0, model);
		}
		// the secret is in this answer only: no cache, no history entry to restore it
		// from
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		model.addAttribute("issuedKey", issued.key());
		model.addAttribute("secret", issued.secret());
		model.addAttribute("form", new KeyForm());
		return page(caller, 0, model);
	}

	@PostMapping("/{id}/revoke")
	String revoke(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		ApiKey key = this.keys.revoke(caller, caller.organisationId(), id);
		redirect.addFlashAttribute("revoked", key.getName());
		return "redirect:/portal/keys";
	}

}
