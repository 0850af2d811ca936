package com.veritrace.portal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The portal's session cookie: {@code VT_SESSION}, sent to {@code /portal} only (the scan
 * page and the API never see it), unreadable by scripts, not sent on cross-site requests
 * but top-level links, marked Secure whenever the request came over HTTPS.
 */
@Configuration(proxyBeanMethods = false)
class PortalSessionConfiguration {

	static final String COOKIE = "VT_SESSION";

	@Bean
	CookieSerializer portalSessionCookie() {
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName(COOKIE);
		cookie.setCookiePath("/portal");
		cookie.setUseHttpOnlyCookie(true);
		cookie.setSameSite("Lax");
		return cookie;
	}

}
