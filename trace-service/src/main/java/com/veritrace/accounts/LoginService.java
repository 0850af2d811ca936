package com.veritrace.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.AuditLog;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a login: password, then the second factor when the person has one. Failed logins
 * in a row lock the account for a while ({@code veritrace.accounts}); the count and the
 * lock are committed whatever the outcome.
 */
@Service
public class LoginService {

	/** What became of a login. */
	public enum Outcome {

		OK, BAD_CREDENTIALS, CODE_NEEDED, LOCKED

	}

	public record Attempt(Outcome outcome, @Nullable PortalLogin login) {
	}

	/** Compared against when the address is unknown, so that both take as long. */
	private final String dummyHash;

	private final UserAccountRepository users;

	private final PasswordEncoder passwords;

	private final AuditLog audit;

	private final AccountsProperties properties;

	private final Clock clock;

	LoginService(UserAccountRepository users, PasswordEncoder passwords, AuditLog audit, AccountsProperties properties,
			Clock clock) {
		this.users = users;
		this.passwords = passwords;
		this.audit = audit;
		this.properties = properties;
		this.clock = clock;
		this.dummyHash = passwords.encode("not a password of anyone");
	}

	@Transactional(noRollbackFor = RuntimeException.class)
	public Attempt attempt(String email, String password, @Nullable String code) {
		String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
		UserAccount user = this.users.findByEmail(address).orElse(null);
		if (user == null || user.getStatus() != UserStatus.ACTIVE || user.getPasswordHash() == null) {
			this.passwords.matches(password == null ? "" : password, this.dummyHash);
			return new Attempt(Outcome.BAD_CREDENTIALS, null);
		}
		Instant now = this.clock.instant();
		if (user.isLockedAt(now)) {
			return new Attempt(Outcome.LOCKED, null);
		}
		if (password == null || !this.passwords.matches(password, user.getPasswordHash())) {
			return failed(user, now, "wrong password");
		}
		if (user.isTotpEnabled() && user.getTotpSecret() != null) {
			if (code == null || code.isBlank()) {
				return new Attempt(Outcome.CODE_NEEDED, null);
			}
			long step = Totp.matchingStep(user.getTotpSecret(), code, this.clock.millis());
			Long last = user.getTotpLastStep();
			if (step < 0 || (last != null && step <= last)) {
				return failed(user, now, "wrong or reused authenticator code");
			}
			user.setTotpLastStep(step);
		}
		user.setFailedLogins(0);
		user.setLockedUntil(null);
		user.setLastLoginAt(now);
		this.audit.recordPerson(user.getOrganisationId(), user.getId(), user.getEmail(), "user.login", null);
		return new Attempt(Outcome.OK, new PortalLogin(user.getId(), user.getEmail()));
	}

	private Attempt failed(UserAccount user, Instant now, String why) {
		int failures = user.getFailedLogins() + 1;
		user.setFailedLogins(failures);
		if (failures >= this.properties.maxFailedLogins()) {
			user.setFailedLogins(0);
			user.setLockedUntil(now.plus(this.properties.lockout()));
			this.audit.recordPerson(user.getOrganisationId(), user.getId(), user.getEmail(), "user.locked",
					failures + " failed logins in a row; locked for " + this.properties.lockout());
			return new Attempt(Outcome.LOCKED, null);
		}
		this.audit.recordPerson(user.getOrganisationId(), user.getId(), user.getEmail(), "user.login-failed", why);
		return new Attempt(Outcome.BAD_CREDENTIALS, null);
	}

}
