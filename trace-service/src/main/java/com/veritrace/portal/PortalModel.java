package com.veritrace.portal;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.accounts.AccountService;
import com.veritrace.alert.AlertService;
import com.veritrace.notify.NoticeService;
import com.veritrace.shared.DomainException;
import com.veritrace.web.DomainStatus;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every portal page has: the person (for the navigation and the header), their
 * organisation's unread notices (the inbox's badge), the language switch; and the
 * friendly error page for a refused request (the status of the API's problem details, the
 * same words).
 */
@ControllerAdvice(basePackageClasses = PortalModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalModel {

	private static final Logger log = LoggerFactory.getLogger(PortalModel.class);

	static final String PERSON = "veritrace.portal.person";

	private final NoticeService notices;

	private final AlertService alerts;

	PortalModel(NoticeService notices, AlertService alerts) {
		this.notices = notices;
		this.alerts = alerts;
	}

	@ModelAttribute
	void common(HttpServletRequest request, Locale locale, Model model) {
		common(request, locale, model.asMap());
		if (request.getAttribute(PERSON) instanceof AccountService.Person person) {
			// the inbox's badge in the navigation: one indexed count per page
			model.addAttribute("unreadNotices", this.notices.unread(person.caller()));
			// the alerts' badge: open alerts the person reads (an indexed count)
			model.addAttribute("openAlerts", this.alerts.openCount(person.caller()));
		}
	}

	/** Also for the error pages: exception handlers get a model of their own. */
	private static void common(HttpServletRequest request, Locale locale, java.util.Map<String, Object> model) {
		if (request.getAttribute(PERSON) instanceof AccountService.Person person) {
			model.put("person", person);
			model.put("kind", person.organisation().getKind().name());
			java.util.Map<String, Boolean> may = new java.util.HashMap<>();
			for (com.veritrace.tenancy.Scope scope : com.veritrace.tenancy.Scope.values()) {
				may.put(scope.wire(), person.caller().has(scope));
			}
			model.put("may", may);
		}
		boolean zh = locale.getLanguage().equals("zh");
		model.put("lang", zh ? "zh-CN" : "en");
		model.put("otherLang", zh ? "en" : "zh-CN");
		model.put("path", request.getRequestURI());
	}

	@ExceptionHandler(DomainException.class)
	ModelAndView refused(DomainException ex, HttpServletRequest request, Locale locale) {
		HttpStatus status = DomainStatus.of(ex);
		log.debug("portal request {} refused: {}", request.getRequestURI(), ex.getMessage());
		ModelAndView page = errorPage(status, ex.title(), ex.detail());
		common(request, locale, page.getModel());
		return page;
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ModelAndView tooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request, Locale locale) {
		ModelAndView page = errorPage(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
				"The file is larger than allowed");
		common(request, locale, page.getModel());
		return page;
	}

	static ModelAndView errorPage(HttpStatus status, String title, @Nullable String detail) {
		ModelAndView page = new ModelAndView("portal/error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("title", title);
		page.addObject("detail", detail);
		return page;
	}

}
