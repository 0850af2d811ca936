package com.veritrace.accounts;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * The portal's login: e-mail, password and, for people who set one up, the code of their
 * authenticator app (the form's {@code code} field).
 */
@Component
public class PortalAuthenticationProvider implements AuthenticationProvider {

	/**
	 * Carries the form's second-factor code to the provider. Spring Security copies the
	 * details into the session's authentication: the code is transient, so no session
	 * keeps it.
	 */
	public static final class LoginDetails implements java.io.Serializable {

		private static final long serialVersionUID = 1L;

		private final transient String code;

		LoginDetails(String code) {
			this.code = code;
		}

		String code() {
			return this.code == null ? "" : this.code;
		}

	}

	public static final AuthenticationDetailsSource<HttpServletRequest, LoginDetails> DETAILS = request -> {
		String code = request.getParameter("code");
		return new LoginDetails(code == null ? "" : code);
	};

	private final LoginService logins;

	PortalAuthenticationProvider(LoginService logins) {
		this.logins = logins;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String code = authentication.getDetails() instanceof LoginDetails d ? d.code() : "";
		Object credentials = authentication.getCredentials();
		LoginService.Attempt attempt = this.logins.attempt(authentication.getName(),
				credentials == null ? "" : credentials.toString(), code);
		return switch (attempt.outcome()) {
			case OK -> UsernamePasswordAuthenticationToken.authenticated(attempt.login(), null, List.of());
			case LOCKED -> throw new LockedException("locked");
			case CODE_NEEDED -> throw new CodeNeededException();
			case BAD_CREDENTIALS -> throw new BadCredentialsException("bad credentials");
		};
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/** The password was right; the authenticator code is missing. */
	public static final class CodeNeededException extends AuthenticationException {

		CodeNeededException() {
			super("an authenticator code is needed");
		}

	}

}
