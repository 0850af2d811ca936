package com.veritrace.portal;

import java.util.List;

import com.veritrace.accounts.AccountService;
import com.veritrace.tenancy.AuditEntry;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page after a login: the organisation's numbers (cached a minute, see
 * {@link DashboardCounts}) and, for those who may read the audit log, its latest lines.
 * There is no alert model yet: the page says so rather than show a number.
 */
@Controller
class DashboardController {

	static final int RECENT = 10;

	private final DashboardCounts counts;

	private final AuditLog audit;

	private final AccountService accounts;

	DashboardController(DashboardCounts counts, AuditLog audit, AccountService accounts) {
		this.counts = counts;
		this.audit = audit;
		this.accounts = accounts;
	}

	@GetMapping({ "/portal", "/portal/" })
	String dashboard(@AuthenticationPrincipal Caller caller, Model model) {
		model.addAttribute("counts", this.counts.of(caller));
		boolean mayReadAudit = caller.has(Scope.KEYS_MANAGE) || caller.isPlatformAdmin();
		List<AuditEntry> recent = mayReadAudit ? this.audit.read(caller, caller.organisationId(), null, RECENT)
				: List.of();
		model.addAttribute("mayReadAudit", mayReadAudit);
		model.addAttribute("recent", recent);
		model.addAttribute("names", this.accounts.actorEmails(recent));
		return "portal/catalog/dashboard";
	}

}
