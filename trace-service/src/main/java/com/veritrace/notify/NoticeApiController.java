package com.veritrace.notify;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/notices")
@Tag(name = "Notifications")
@SecurityRequirement(name = "apiKey")
class NoticeApiController {

	private final NoticeService notices;

	NoticeApiController(NoticeService notices) {
		this.notices = notices;
	}

	/**
	 * A page of the inbox; {@code next} is the cursor of the next page, or null;
	 * {@code unread} counts the organisation's unread notices.
	 */
	record NoticePage(List<Notice> items, @Nullable String next, long unread) {
	}

	@GetMapping
	@Operation(summary = "The organisation's notices, newest first (keyset: before = the last page's next)")
	NoticePage inbox(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) @Nullable String before,
			@RequestParam(defaultValue = "false") boolean unread, @RequestParam(defaultValue = "50") int limit) {
		Long beforeId = Paging.before(before, limit);
		List<Notice> items = this.notices.inbox(caller, beforeId, unread, limit);
		return new NoticePage(items,
				Paging.next(items.size(), limit, items.isEmpty() ? 0 : items.get(items.size() - 1).id()),
				this.notices.unread(caller));
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "Mark a notice read for the organisation")
	Notice read(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
		return this.notices.markRead(caller, id);
	}

}
