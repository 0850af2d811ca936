package com.veritrace.portal;

import com.veritrace.review.CodeReviewService;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's flagged codes (scan evidence says copied): the list by state, one code's
 * scans (by region and the latest), and the review: clear, confirm a copy, void a
 * confirmed copy. OPERATOR or above, as the API (the service checks the role); another
 * brand's code is 404.
 */
@Controller
@RequestMapping("/portal/flagged-codes")
class FlaggedCodePagesController {

	private final CodeReviewService reviews;

	FlaggedCodePagesController(CodeReviewService reviews) {
		this.reviews = reviews;
	}

	@GetMapping
	String list(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "FLAGGED") String state,
			Model model) {
		String shown = "ALL".equals(state) ? null : state;
		model.addAttribute("codes", this.reviews.list(caller, shown, 200));
		model.addAttribute("state", shown == null ? "ALL" : shown);
		return "portal/review/flagged";
	}

	@GetMapping("/{gtin}/{serial}")
	String code(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String serial,
			Model model) {
		model.addAttribute("review", this.reviews.code(caller, gtin, serial));
		return "portal/review/code";
	}

	@PostMapping("/{gtin}/{serial}/{action}")
	String decide(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String serial,
			@PathVariable String action, RedirectAttributes redirect) {
		CodeReviewService.FlaggedCode code = switch (action) {
			case "clear" -> this.reviews.clear(caller, gtin, serial);
			case "confirm" -> this.reviews.confirm(caller, gtin, serial);
			case "void" -> this.reviews.voidCopy(caller, gtin, serial);
			default -> throw NotFoundException.of("Page", "No such action: " + action);
		};
		redirect.addFlashAttribute("decided", code.state().name());
		return "redirect:/portal/flagged-codes/" + code.gtin() + "/" + code.serial();
	}

}
