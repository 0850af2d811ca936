package com.veritrace.portal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.notify.Notice;
import com.veritrace.notify.NoticeService;
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
 * The organisation's inbox, for every kind of organisation and every role: its notices
 * newest first (all or unread only), each with the page it points to; marking one or all
 * read (for the whole organisation).
 */
@Controller
@RequestMapping("/portal/inbox")
class InboxPagesController {

	static final int PAGE = 25;

	private final NoticeService notices;

	InboxPagesController(NoticeService notices) {
		this.notices = notices;
	}

	@GetMapping
	String inbox(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "false") boolean unread,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		List<Notice> page = this.notices.inbox(caller, before, unread, PAGE + 1);
		model.addAttribute("notices", page.size() > PAGE ? page.subList(0, PAGE) : page);
		model.addAttribute("unreadOnly", unread);
		model.addAttribute("nextHref", page.size() > PAGE
				? "/portal/inbox?" + (unread ? "unread=true&" : "") + "before=" + page.get(PAGE - 1).id() : null);
		return "portal/notify/inbox";
	}

	@PostMapping("/{id}/read")
	String read(@AuthenticationPrincipal Caller caller, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean unread, RedirectAttributes redirect) {
		this.notices.markRead(caller, id);
		redirect.addFlashAttribute("marked", true);
		return "redirect:/portal/inbox" + (unread ? "?unread=true" : "");
	}

	@PostMapping("/read-all")
	String readAll(@AuthenticationPrincipal Caller caller, RedirectAttributes redirect) {
		redirect.addFlashAttribute("markedAll", this.notices.markAllRead(caller));
		return "redirect:/portal/inbox";
	}

}
