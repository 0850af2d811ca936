package com.veritrace.portal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;

import com.veritrace.accounts.AccountService;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.alert.Subscription;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A person's own account: password, second factor, and which alerts reach them by mail.
 */
@Controller
@RequestMapping("/portal/profile")
class ProfileController {

	private final AccountService accounts;

	private final AlertService alerts;

	ProfileController(AccountService accounts, AlertService alerts) {
		this.accounts = accounts;
		this.alerts = alerts;
	}

	/** The person's mail subscriptions to alerts, on every render of the page. */
	@ModelAttribute("subscriptions")
	List<Subscription> subscriptions(@AuthenticationPrincipal Caller caller) {
		return this.alerts.subscriptions(caller);
	}

	@ModelAttribute("alertSeverities")
	Severity[] severities() {
		return Severity.values();
	}

	/**
	 * Saves the mail subscriptions: one field per kind ({@code kind.<KIND>}) with the
	 * least severity mailed or {@code NONE}.
	 */
	@PostMapping("/alerts")
	String subscribe(@AuthenticationPrincipal Caller caller, @RequestParam Map<String, String> fields,
			RedirectAttributes redirect) {
		Map<AlertKind, Optional<Severity>> choices = new EnumMap<>(AlertKind.class);
		List<FieldProblem> problems = new ArrayList<>();
		for (AlertKind kind : AlertKind.values()) {
			String value = fields.get("kind." + kind.name());
			if (value == null) {
				continue;
			}
			if (value.equals("NONE")) {
				choices.put(kind, Optional.empty());
				continue;
			}
			try {
				choices.put(kind, Optional.of(Severity.valueOf(value)));
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldProblem("kind." + kind.name(), "NONE, INFO, WARNING or CRITICAL"));
			}
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		this.alerts.subscribe(caller, choices);
		redirect.addFlashAttribute("subscriptionsSaved", true);
		return "redirect:/portal/profile#alert-mail";
	}

	/** Changing one's password. */
	public static class PasswordForm {

		private String currentPassword = "";

		private String password = "";

		private String repeatPassword = "";

		public String getCurrentPassword() {
			return this.currentPassword;
		}

		public void setCurrentPassword(String currentPassword) {
			this.currentPassword = currentPassword;
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

	/** Confirming or turning off the second factor. */
	public static class TotpForm {

		private String code = "";

		private String confirmPassword = "";

		public String getCode() {
			return this.code;
		}

		public void setCode(String code) {
			this.code = code;
		}

		public String getConfirmPassword() {
			return this.confirmPassword;
		}

		public void setConfirmPassword(String confirmPassword) {
			this.confirmPassword = confirmPassword;
		}

	}

	@GetMapping
	String profile(Model model) {
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new PasswordForm());
		}
		if (!model.containsAttribute("totp")) {
			model.addAttribute("totp", new TotpForm());
		}
		return "portal/profile";
	}

	@PostMapping("/password")
	String password(@AuthenticationPrincipal Caller caller, @ModelAttribute("form") PasswordForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		try {
			this.accounts.changePassword(caller, form.getCurrentPassword(), form.getPassword(),
					form.getRepeatPassword());
		}
		catch (InvalidException ex) {
			Forms.reject(result, ex);
			model.addAttribute("totp", new TotpForm());
			return "portal/profile";
		}
		redirect.addFlashAttribute("passwordChanged", true);
		return "redirect:/portal/profile";
	}

	/** Starts the setup: shows the secret and its QR code, and asks for a code. */
	@PostMapping("/totp/start")
	String startTotp(@AuthenticationPrincipal Caller caller, Model model) {
		AccountService.TotpSetup setup;
		try {
			setup = this.accounts.startTotp(caller);
		}
		catch (ConflictException ex) {
			return "redirect:/portal/profile";
		}
		model.addAttribute("setup", setup);
		model.addAttribute("qr", qrDataUri(setup.uri()));
		model.addAttribute("form", new PasswordForm());
		model.addAttribute("totp", new TotpForm());
		return "portal/profile";
	}

	@PostMapping("/totp/confirm")
	String confirmTotp(@AuthenticationPrincipal Caller caller, @ModelAttribute("totp") TotpForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		try {
			this.accounts.confirmTotp(caller, form.getCode());
		}
		catch (InvalidException | ConflictException ex) {
			result.rejectValue("code", "invalid", ex.getMessage());
			model.addAttribute("form", new PasswordForm());
			return "portal/profile";
		}
		redirect.addFlashAttribute("totpEnabled", true);
		return "redirect:/portal/profile";
	}

	@PostMapping("/totp/disable")
	String disableTotp(@AuthenticationPrincipal Caller caller, @ModelAttribute("totp") TotpForm form,
			BindingResult result, Model model, RedirectAttributes redirect) {
		try {
			this.accounts.disableTotp(caller, form.getConfirmPassword());
		}
		catch (InvalidException ex) {
			result.rejectValue("confirmPassword", "invalid",
					ex.errors().isEmpty() ? ex.detail() : ex.errors().get(0).reason());
			model.addAttribute("form", new PasswordForm());
			return "portal/profile";
		}
		redirect.addFlashAttribute("totpDisabled", true);
		return "redirect:/portal/profile";
	}

	/** The otpauth URI as a QR code, inline (the CSP allows data: images). */
	static String qrDataUri(String uri) {
		try {
			BitMatrix matrix = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 0, 0,
					Map.of(EncodeHintType.MARGIN, 2));
			int scale = 5;
			BufferedImage image = new BufferedImage(matrix.getWidth() * scale, matrix.getHeight() * scale,
					BufferedImage.TYPE_BYTE_BINARY);
			for (int y = 0; y < image.getHeight(); y++) {
				for (int x = 0; x < image.getWidth(); x++) {
					image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
				}
			}
			ByteArrayOutputStream png = new ByteArrayOutputStream();
			ImageIO.write(image, "png", png);
			return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
		}
		catch (WriterException | IOException ex) {
			throw new IllegalStateException("cannot draw the QR code of an otpauth URI", ex);
		}
	}

}
