package com.veritrace.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People's accounts. Managing users needs the access-management right
 * ({@code keys:manage}: owners and admins, or an API key that holds it) in the same
 * organisation, or the platform operator; only an owner (or the platform operator) makes,
 * changes or removes an owner, nobody changes their own role, and the last owner stays.
 */
@Service
public class AccountService {

	private static final Logger log = LoggerFactory.getLogger(AccountService.class);

	static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,189}\\.[^@\\s<>\"]{2,63}$");

	static final int MAX_PASSWORD_BYTES = 72;

	private final UserAccountRepository users;

	private final AccountTokenRepository tokens;

	private final OrganisationService organisations;

	private final AuditLog audit;

	private final AccountMail mail;

	private final PasswordEncoder passwords;

	private final AccountsProperties properties;

	private final Clock clock;

	private final String baseUrl;

	private final SecureRandom random = new SecureRandom();

	AccountService(UserAccountRepository users, AccountTokenRepository tokens, OrganisationService organisations,
			AuditLog audit, AccountMail mail, PasswordEncoder passwords, AccountsProperties properties, Clock clock,
			@Value("${veritrace.public-base-url}") String baseUrl) {
		this.users = users;
		this.tokens = tokens;
		this.organisations = organisations;
		this.audit = audit;
		this.mail = mail;
		this.passwords = passwords;
		this.properties = properties;
		this.clock = clock;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	/**
	 * A person as the portal shows them, with their organisation; {@code totpMissing}
	 * when the organisation requires a second factor of them and they have none yet.
	 */
	public record Person(UserAccount user, Organisation organisation, Caller caller, boolean totpMissing) {
	}

	/** A link's secret, sent by mail; returned so that the API can say a mail went. */
	public record Invitation(UserAccount user, Instant expiresAt) {
	}

	/**
	 * The person behind a session, as they are now: their role may have changed since
	 * they logged in, or they may have been removed (empty).
	 */
	@Transactional(readOnly = true)
	public Optional<Person> person(long userId) {
		return this.users.findById(userId).filter(u -> u.getStatus() == UserStatus.ACTIVE).map(this::person);
	}

	private Person person(UserAccount user) {
		Organisation organisation = this.organisations.require(user.getOrganisationId(), "organisation");
		Caller caller = Caller.person(organisation.getId(), organisation.getName(), organisation.getKind(),
				user.getId(), user.getRole().scopes(organisation.getKind()));
		boolean totpMissing = organisation.isRequireTotp() && user.getRole().atLeast(Role.ADMIN)
				&& !user.isTotpEnabled();
		return new Person(user, organisation, caller, totpMissing);
	}

	/** An organisation's users (not removed ones), by id, after {@code afterId}. */
	@Transactional(readOnly = true)
	public List<UserAccount> list(Caller caller, long organisationId, @Nullable String query, long afterId, int limit) {
		requireManager(caller, organisationId);
		String like = query == null || query.isBlank() ? ""
				: "%" + query.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
		return this.users.page(organisationId, like, afterId, PageRequest.of(0, Math.max(1, Math.min(limit, 200))));
	}

	/**
	 * The addresses of the organisation's active owners and admins: the people who are
	 * mailed what the organisation is told (notices), oldest account first.
	 */
	@Transactional(readOnly = true)
	public List<String> managerEmails(long organisationId) {
		return this.users.activeEmails(organisationId, List.of(Role.OWNER, Role.ADMIN));
	}

	/**
	 * The e-mail addresses of the people who acted in these audit lines (whose lines keep
	 * the person's id), for naming them on the page.
	 */
	@Transactional(readOnly = true)
	public java.util.Map<Long, String> actorEmails(java.util.List<com.veritrace.tenancy.AuditEntry> entries) {
		java.util.Map<Long, String> emails = new java.util.HashMap<>();
		this.users
			.findAllById(entries.stream()
				.map(com.veritrace.tenancy.AuditEntry::getActorUserId)
				.filter(java.util.Objects::nonNull)
				.distinct()
				.toList())
			.forEach(u -> emails.put(u.getId(), u.getEmail()));
		return emails;
	}

	/**
	 * Invites someone: an account in {@code INVITED} state and a mail with a single-use
	 * link that expires ({@code veritrace.accounts.invitation-ttl}).
	 */
	@Transactional
	public Invitation invite(Caller caller, long organisationId, String email, String displayName, Role role) {
		requireManager(caller, organisationId);
		String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
		List<FieldProblem> problems = new ArrayList<>();
		if (!EMAIL.matcher(address).matches() || address.length() > 254) {
			problems.add(new FieldProblem("email", "must be an e-mail address, e.g. name@example.com"));
		}
		String name = displayName == null ? "" : displayName.strip();
		if (name.isEmpty() || name.length() > 100) {
			problems.add(new FieldProblem("displayName", "must have 1 to 100 characters"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		requireMayAssign(caller, role);
		if (this.users.findByEmail(address).isPresent()) {
			throw ConflictException.of("There is already an account for " + address, "email");
		}
		Organisation organisation = this.organisations.require(organisationId, "organisation");
		UserAccount user = this.users.save(new UserAccount(organisationId, address, name, role, now()));
		Instant expires = now().plus(this.properties.invitationTtl());
		String link = this.baseUrl + "/portal/invitations/" + newToken(user, AccountToken.Purpose.INVITATION, expires);
		this.audit.record(organisationId, caller, "user.invited", address, "role " + role);
		this.mail.send(address, "Veritrace: you are invited to " + organisation.getName() + " / 邀请您加入", """
				You are invited to join %s on Veritrace as %s.
				您被邀请以 %s 身份加入 Veritrace 上的 %s。

				Open this link to choose your password (it works once, until %s UTC):
				打开此链接设置密码（仅可使用一次，有效期至 %s UTC）：

				%s
				""".formatted(organisation.getName(), role, role, organisation.getName(), expires, expires, link));
		return new Invitation(user, expires);
	}

	/** Who an invitation link is for, while it works. */
	@Transactional(readOnly = true)
	public Person invitation(String token) {
		AccountToken t = this.tokens.find(hash(token))
			.filter(x -> x.getPurpose() == AccountToken.Purpose.INVITATION && x.isUsableAt(now()))
			.orElseThrow(AccountService::linkGone);
		UserAccount user = this.users.findById(t.getUserId())
			.filter(u -> u.getStatus() == UserStatus.INVITED)
			.orElseThrow(AccountService::linkGone);
		return person(user);
	}

	/** Accepts an invitation: the account becomes active with this name and password. */
	@Transactional
	public UserAccount acceptInvitation(String token, String displayName, String password, String repeated) {
		AccountToken t = this.tokens.findForUpdate(hash(token))
			.filter(x -> x.getPurpose() == AccountToken.Purpose.INVITATION && x.isUsableAt(now()))
			.orElseThrow(AccountService::linkGone);
		UserAccount user = this.users.findById(t.getUserId())
			.filter(u -> u.getStatus() == UserStatus.INVITED)
			.orElseThrow(AccountService::linkGone);
		List<FieldProblem> problems = new ArrayList<>(passwordProblems("password", password, repeated, user));
		String name = displayName == null ? "" : displayName.strip();
		if (name.isEmpty() || name.length() > 100) {
			problems.add(new FieldProblem("displayName", "must have 1 to 100 characters"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		t.use(now());
		user.setDisplayName(name);
		user.setPasswordHash(this.passwords.encode(password));
		user.setStatus(UserStatus.ACTIVE);
		this.audit.recordPerson(user.getOrganisationId(), user.getId(), user.getEmail(), "user.joined", null);
		return user;
	}

	/**
	 * Sends a password-reset link to an active account with this address; says nothing
	 * either way (the answer would tell who has an account).
	 */
	@Transactional
	public void requestPasswordReset(String email) {
		String address = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
		Optional<UserAccount> found = this.users.findByEmail(address).filter(u -> u.getStatus() == UserStatus.ACTIVE);
		if (found.isEmpty()) {
			log.info("Password reset asked for an address without an active account");
			return;
		}
		UserAccount user = found.get();
		Instant expires = now().plus(this.properties.resetTtl());
		String link = this.baseUrl + "/portal/password-reset/"
				+ newToken(user, AccountToken.Purpose.PASSWORD_RESET, expires);
		this.mail.send(address, "Veritrace: reset your password / 重置密码", """
				Someone asked to reset the password of your Veritrace account. If it was you, open this link
				(it works once, until %s UTC); if not, ignore this mail.
				有人请求重置您的 Veritrace 账户密码。如果是您本人，请打开此链接（仅可使用一次，有效期至 %s UTC）；否则请忽略本邮件。

				%s
				""".formatted(expires, expires, link));
	}

	/** Checks that a reset link works (before showing its form). */
	@Transactional(readOnly = true)
	public UserAccount resetLink(String token) {
		AccountToken t = this.tokens.find(hash(token))
			.filter(x -> x.getPurpose() == AccountToken.Purpose.PASSWORD_RESET && x.isUsableAt(now()))
			.orElseThrow(AccountService::linkGone);
		return this.users.findById(t.getUserId())
			.filter(u -> u.getStatus() == UserStatus.ACTIVE)
			.orElseThrow(AccountService::linkGone);
	}

	/** Sets a new password through a reset link; also lifts a lock-out. */
	@Transactional
	public UserAccount resetPassword(String token, String password, String repeated) {
		AccountToken t = this.tokens.findForUpdate(hash(token))
			.filter(x -> x.getPurpose() == AccountToken.Purpose.PASSWORD_RESET && x.isUsableAt(now()))
			.orElseThrow(AccountService::linkGone);
		UserAccount user = this.users.findById(t.getUserId())
			.filter(u -> u.getStatus() == UserStatus.ACTIVE)
			.orElseThrow(AccountService::linkGone);
		List<FieldProblem> problems = passwordProblems("password", password, repeated, user);
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		t.use(now());
		user.setPasswordHash(this.passwords.encode(password));
		user.setFailedLogins(0);
		user.setLockedUntil(null);
		this.audit.recordPerson(user.getOrganisationId(), user.getId(), user.getEmail(), "user.password-reset", null);
		return user;
	}

	@Transactional
	public UserAccount changeRole(Caller caller, long organisationId, long userId, Role role) {
		requireManager(caller, organisationId);
		UserAccount user = userIn(organisationId, userId);
		if (caller.isPerson() && caller.userId() == userId) {
			throw ForbiddenException.of("Nobody changes their own role; ask another owner or admin");
		}
		requireMayAssign(caller, user.getRole());
		requireMayAssign(caller, role);
		if (user.getRole() == Role.OWNER && role != Role.OWNER && user.getStatus() == UserStatus.ACTIVE
				&& this.users.countActiveOwners(organisationId) <= 1) {
			throw ConflictException.of("An organisation keeps at least one owner", "role");
		}
		Role before = user.getRole();
		user.setRole(role);
		this.audit.record(organisationId, caller, "user.role-changed", user.getEmail(), before + " -> " + role);
		return user;
	}

	@Transactional
	public void remove(Caller caller, long organisationId, long userId) {
		requireManager(caller, organisationId);
		UserAccount user = userIn(organisationId, userId);
		if (caller.isPerson() && caller.userId() == userId) {
			throw ForbiddenException.of("Nobody removes themselves; ask another owner or admin");
		}
		requireMayAssign(caller, user.getRole());
		if (user.getRole() == Role.OWNER && user.getStatus() == UserStatus.ACTIVE
				&& this.users.countActiveOwners(organisationId) <= 1) {
			throw ConflictException.of("An organisation keeps at least one owner", "role");
		}
		user.setStatus(UserStatus.REMOVED);
		this.tokens.voidEarlier(userId, AccountToken.Purpose.INVITATION, now());
		this.tokens.voidEarlier(userId, AccountToken.Purpose.PASSWORD_RESET, now());
		this.audit.record(organisationId, caller, "user.removed", user.getEmail(), null);
	}

	/** A person changes their own password, knowing the current one. */
	@Transactional
	public void changePassword(Caller caller, String current, String password, String repeated) {
		UserAccount user = self(caller);
		if (current == null || user.getPasswordHash() == null
				|| !this.passwords.matches(current, user.getPasswordHash())) {
			throw InvalidException.of("currentPassword", "is not your current password");
		}
		List<FieldProblem> problems = passwordProblems("password", password, repeated, user);
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		user.setPasswordHash(this.passwords.encode(password));
		this.audit.record(caller, "user.password-changed", user.getEmail(), null);
	}

	/** A second factor being set up: the secret, and the otpauth URI for the QR code. */
	public record TotpSetup(String secret, String uri) {
	}

	/**
	 * Starts setting up a second factor: a new secret, not yet required at login until
	 * {@link #confirmTotp} checks a code from it.
	 */
	@Transactional
	public TotpSetup startTotp(Caller caller) {
		UserAccount user = self(caller);
		if (user.isTotpEnabled()) {
			throw ConflictException.of("Two-step verification is already on; turn it off first", "code");
		}
		String secret = Totp.newSecret();
		user.setTotpSecret(secret);
		return new TotpSetup(secret, Totp.uri("Veritrace", user.getEmail(), secret));
	}

	@Transactional
	public void confirmTotp(Caller caller, String code) {
		UserAccount user = self(caller);
		String secret = user.getTotpSecret();
		if (secret == null || user.isTotpEnabled()) {
			throw ConflictException.of("Start setting up two-step verification first", "code");
		}
		long step = Totp.matchingStep(secret, code == null ? "" : code, this.clock.millis());
		if (step < 0) {
			throw InvalidException.of("code", "is not the current code of your authenticator app");
		}
		user.setTotpLastStep(step);
		user.setTotpEnabled(true);
		this.audit.record(caller, "user.totp-enabled", user.getEmail(), null);
	}

	/**
	 * Turns the second factor off, with the password; not when the organisation needs it.
	 */
	@Transactional
	public void disableTotp(Caller caller, String password) {
		UserAccount user = self(caller);
		if (password == null || user.getPasswordHash() == null
				|| !this.passwords.matches(password, user.getPasswordHash())) {
			throw InvalidException.of("currentPassword", "is not your current password");
		}
		if (mustUseTotp(user)) {
			throw ForbiddenException.of("Your organisation requires two-step verification for owners and admins");
		}
		user.setTotpEnabled(false);
		user.setTotpSecret(null);
		user.setTotpLastStep(null);
		this.audit.record(caller, "user.totp-disabled", user.getEmail(), null);
	}

	boolean mustUseTotp(UserAccount user) {
		return user.getRole().atLeast(Role.ADMIN)
				&& this.organisations.require(user.getOrganisationId(), "organisation").isRequireTotp();
	}

	/** The organisation's setting: owners and admins must use a second factor. */
	@Transactional
	public void requireTotp(Caller caller, long organisationId, boolean required) {
		requireManager(caller, organisationId);
		if (caller.isPerson() && !userIn(organisationId, caller.userId()).getRole().atLeast(Role.OWNER)
				&& !caller.isPlatformAdmin()) {
			throw ForbiddenException.of("Only an owner changes the organisation's settings");
		}
		this.organisations.setRequireTotp(organisationId, required);
		this.audit.record(organisationId, caller, "organisation.totp-required", null, String.valueOf(required));
	}

	/**
	 * Creates an active account with a password, without an invitation: the demo
	 * organisations' users (embedded default only), or resets an existing one's password.
	 */
	@Transactional
	public UserAccount ensureUser(long organisationId, String email, String displayName, Role role, String password) {
		return ensureUserWithHash(organisationId, email, displayName, role, encodePassword(password));
	}

	/**
	 * A password's hash as {@link #ensureUserWithHash} takes it: users who share one
	 * password (the demo's) share one hash, so that bcrypt runs once, not once per user
	 * (start-up, docs/DECISIONS.md "Start-up of the embedded default").
	 */
	public String encodePassword(String password) {
		return this.passwords.encode(password);
	}

	/**
	 * {@link #ensureUser} with the password already hashed by {@link #encodePassword}.
	 */
	@Transactional
	public UserAccount ensureUserWithHash(long organisationId, String email, String displayName, Role role,
			String passwordHash) {
		UserAccount user = this.users.findByEmail(email)
			.orElseGet(() -> this.users.save(new UserAccount(organisationId, email, displayName, role, now())));
		user.setPasswordHash(passwordHash);
		user.setStatus(UserStatus.ACTIVE);
		user.setFailedLogins(0);
		user.setLockedUntil(null);
		return user;
	}

	private UserAccount self(Caller caller) {
		if (!caller.isPerson()) {
			throw ForbiddenException.of("Only a person logged in to the portal has a password and a second factor");
		}
		return this.users.findById(caller.userId())
			.filter(u -> u.getStatus() == UserStatus.ACTIVE)
			.orElseThrow(() -> NotFoundException.of("User", "No such user"));
	}

	private UserAccount userIn(long organisationId, long userId) {
		return this.users.findById(userId)
			.filter(u -> u.getOrganisationId() == organisationId && u.getStatus() != UserStatus.REMOVED)
			.orElseThrow(
					() -> NotFoundException.of("User", "No user " + userId + " in organisation " + organisationId));
	}

	private void requireManager(Caller caller, long organisationId) {
		if (caller.isPlatformAdmin()) {
			this.organisations.require(organisationId, "organisation");
			return;
		}
		if (caller.organisationId() != organisationId) {
			throw NotFoundException.of("Organisation", "No organisation " + organisationId);
		}
		caller.require(Scope.KEYS_MANAGE);
	}

	/** Owners are made, changed and removed by owners (or the platform operator). */
	private void requireMayAssign(Caller caller, Role role) {
		if (role != Role.OWNER || caller.isPlatformAdmin()) {
			return;
		}
		boolean owner = caller.isPerson()
				&& this.users.findById(caller.userId()).map(u -> u.getRole() == Role.OWNER).orElse(false);
		if (!owner) {
			throw ForbiddenException.of("Only an owner may make, change or remove an owner");
		}
	}

	List<FieldProblem> passwordProblems(String field, @Nullable String password, @Nullable String repeated,
			UserAccount user) {
		List<FieldProblem> problems = new ArrayList<>();
		if (password == null || password.length() < this.properties.minPasswordLength()) {
			problems.add(new FieldProblem(field,
					"must have at least " + this.properties.minPasswordLength() + " characters"));
		}
		else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			problems.add(new FieldProblem(field, "must have at most " + MAX_PASSWORD_BYTES + " bytes"));
		}
		else if (password.equalsIgnoreCase(user.getEmail())) {
			problems.add(new FieldProblem(field, "must not be your e-mail address"));
		}
		if (password != null && !password.equals(repeated)) {
			problems.add(new FieldProblem("repeatPassword", "does not match the password"));
		}
		return problems;
	}

	private String newToken(UserAccount user, AccountToken.Purpose purpose, Instant expires) {
		this.tokens.voidEarlier(user.getId(), purpose, now());
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.tokens.save(new AccountToken(user.getId(), purpose, hash(token), now(), expires));
		return token;
	}

	private static NotFoundException linkGone() {
		return new NotFoundException("link-gone", "Link not valid",
				"This link is unknown, was used already or has expired; ask for a new one");
	}

	static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private Instant now() {
		return this.clock.instant();
	}

}
