package com.veritrace.portal;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import com.veritrace.notify.WebhookAttempt;
import com.veritrace.notify.WebhookEndpoint;
import com.veritrace.notify.WebhookService;
import com.veritrace.shared.ConflictException;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The organisation's webhook endpoints (owners and admins: {@code keys:manage}): add one
 * (the service pings it first; its signing secret is in the answer to the POST, once,
 * with {@code Cache-Control: no-store}), list them with their delivery counts, read an
 * endpoint's deliveries log, remove one.
 */
@Controller
@RequestMapping("/portal/webhooks")
class WebhookPagesController {

	static final int PAGE = 50;

	private final WebhookService webhooks;

	WebhookPagesController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	/** A new endpoint: its URL and what it is. */
	public static class WebhookForm {

		private String url = "";

		private String description = "";

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public String getDescription() {
			return this.description;
		}

		public void setDescription(String description) {
			this.description = description;
		}

	}

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new WebhookForm());
		}
		return page(caller, model);
	}

	private String page(Caller caller, Model model) {
		model.addAttribute("endpoints", this.webhooks.list(caller));
		return "portal/notify/webhooks";
	}

	@PostMapping
	String add(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") WebhookForm form, BindingResult result,
			Model model, HttpServletResponse response) {
		// the rule first: a role without 'keys:manage' gets 403, not a form
		caller.require(Scope.KEYS_MANAGE);
		WebhookService.Registered registered;
		try {
			registered = this.webhooks.register(caller, form.getUrl(), form.getDescription());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			return page(caller, model);
		}
		catch (ConflictException ex) {
			Forms.reject(result, "url", ex.detail());
			return page(caller, model);
		}
		// the secret is in this answer only: no cache, no history entry to restore it
		// from
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		model.addAttribute("added", registered.endpoint());
		model.addAttribute("secret", registered.secret());
		model.addAttribute("form", new WebhookForm());
		return page(caller, model);
	}

	@GetMapping("/{id}")
	String log(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		WebhookEndpoint endpoint = this.webhooks.get(caller, id);
		List<WebhookAttempt> attempts = this.webhooks.attempts(caller, id, before, PAGE + 1);
		model.addAttribute("endpoint", endpoint);
		model.addAttribute("attempts", attempts.size() > PAGE ? attempts.subList(0, PAGE) : attempts);
		model.addAttribute("nextHref",
				attempts.size() > PAGE ? "/portal/webhooks/" + id + "?before=" + attempts.get(PAGE - 1).id() : null);
		return "portal/notify/webhook";
	}

	@PostMapping("/{id}/remove")
	String remove(@AuthenticationPrincipal Caller caller, @PathVariable long id, RedirectAttributes redirect) {
		WebhookEndpoint endpoint = this.webhooks.get(caller, id);
		this.webhooks.remove(caller, id);
		redirect.addFlashAttribute("removed", endpoint.url());
		return "redirect:/portal/webhooks";
	}

}
