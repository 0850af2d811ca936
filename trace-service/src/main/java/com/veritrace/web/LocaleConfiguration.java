package com.veritrace.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The pages' language: {@code ?lang=} (the page's switch) wins, then, in the portal, the
 * language its session was switched to, then Accept-Language among the languages we have
 * (English, simplified Chinese), else English. The scan page keeps no state: its switch
 * is a link.
 */
@Configuration(proxyBeanMethods = false)
class LocaleConfiguration {

	static final String SESSION_LOCALE = "veritrace.locale";

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

	@Bean
	LocaleResolver localeResolver() {
		AcceptHeaderLocaleResolver header = new AcceptHeaderLocaleResolver();
		header.setSupportedLocales(SUPPORTED);
		header.setDefaultLocale(Locale.ENGLISH);
		return new LocaleResolver() {

			@Override
			public Locale resolveLocale(HttpServletRequest request) {
				String lang = request.getParameter("lang");
				boolean portal = RequestPaths.routed(request).startsWith("/portal");
				if (lang != null) {
					Locale asked = Locale.forLanguageTag(lang);
					for (Locale supported : SUPPORTED) {
						if (supported.getLanguage().equals(asked.getLanguage())) {
							if (portal) {
								request.getSession().setAttribute(SESSION_LOCALE, supported.toLanguageTag());
							}
							return supported;
						}
					}
				}
				HttpSession session = portal ? request.getSession(false) : null;
				if (session != null && session.getAttribute(SESSION_LOCALE) instanceof String tag) {
					return Locale.forLanguageTag(tag);
				}
				Locale fromHeader = header.resolveLocale(request);
				return fromHeader.getLanguage().equals("zh") ? Locale.SIMPLIFIED_CHINESE : fromHeader;
			}

			@Override
			public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response,
					@Nullable Locale locale) {
				throw new UnsupportedOperationException("the language is chosen by ?lang= or Accept-Language");
			}
		};
	}

}
