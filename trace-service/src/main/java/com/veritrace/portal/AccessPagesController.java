package com.veritrace.portal;

import org.jspecify.annotations.Nullable;

import com.veritrace.accounts.AccountService;
import com.veritrace.shared.InvalidException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages before a login: the login form, accepting an invitation, asking for and using
 * a password-reset link; and the page of a refused request.
 */
@Controller
@RequestMapping("/portal")
class AccessPagesController {

	private final AccountService accounts;

	AccessPagesController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/login")
	String login(@RequestParam(required = false) @Nullable String error, Model model) {
		model.addAttribute("error", error);
		return "portal/login";
	}

	@GetMapping("/denied")
	ModelAndView denied() {
		return PortalModel.errorPage(HttpStatus.FORBIDDEN, "Not allowed", null);
	}

	/** The invitation form: a name and a password. */
	public static class JoinForm {

		private String displayName = "";

		private String password = "";

		private String repeatPassword = "";

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getRepeatPassword() {
			return this.repeatPassword;
		}

		public void setRepeatPassword(String repeatPassword) {
			this.repeatPassword = repeatPassword;
		}

	}

	@GetMapping("/invitations/{token}")
	String invitation(@PathVariable String token, Model model) {
		AccountService.Person invited = this.accounts.invitation(token);
		JoinForm form = new JoinForm();
		form.setDisplayName(invited.user().getDisplayName());
		model.addAttribute("invited", invited);
		model.addAttribute("token", token);
		model.addAttribute("form", form);
		return "portal/invitation";
	}

	@PostMapping("/invitations/{token}")
	String accept(@PathVariable String token, @ModelAttribute("form") JoinForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		try {
			this.accounts.acceptInvitation(token, form.getDisplayName(), form.getPassword(), form.getRepeatPassword());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			model.addAttribute("invited", this.accounts.invitation(token));
			model.addAttribute("token", token);
			form.setPassword("");
			form.setRepeatPassword("");
			return "portal/invitation";
		}
		return "redirect:/portal/login?joined";
	}

	/** Asking for a reset link: the address. */
	public static class ResetRequestForm {

		private String email = "";

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email;
		}

	}

	@GetMapping("/password-reset")
	String resetRequest(Model model) {
		model.addAttribute("form", new ResetRequestForm());
		return "portal/reset-request";
	}

	@PostMapping("/password-reset")
	String requestReset(@ModelAttribute("form") ResetRequestForm form, RedirectAttributes redirect) {
		this.accounts.requestPasswordReset(form.getEmail());
		redirect.addFlashAttribute("sent", true);
		return "redirect:/portal/password-reset";
	}

	@GetMapping("/password-reset/{token}")
	String reset(@PathVariable String token, Model model) {
		model.addAttribute("account", this.accounts.resetLink(token));
		model.addAttribute("token", token);
		model.addAttribute("form", new JoinForm());
		return "portal/reset";
	}

	@PostMapping("/password-reset/{token}")
	String doReset(@PathVariable String token, @ModelAttribute("form") JoinForm form, BindingResult result,
			Model model) {
		try {
			this.accounts.resetPassword(token, form.getPassword(), form.getRepeatPassword());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			model.addAttribute("account", this.accounts.resetLink(token));
			model.addAttribute("token", token);
			form.setPassword("");
			form.setRepeatPassword("");
			return "portal/reset";
		}
		return "redirect:/portal/login?reset";
	}

}
