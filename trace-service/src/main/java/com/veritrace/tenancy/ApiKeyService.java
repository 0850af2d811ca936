package com.veritrace.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, authenticates and revokes API keys. A key is {@code vt_} plus 256 random bits
 * in base64url; only its SHA-256 is stored (a salt adds nothing for keys of that
 * entropy), so a database leak reveals no usable key.
 */
@Service
public class ApiKeyService {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

	static final int MIN_FIXED_KEY_LENGTH = 24;

	private final ApiKeyRepository keys;

	private final OrganisationRepository organisations;

	private final AuditLog audit;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	static final long LAST_USE_RESOLUTION_MILLIS = 60_000;

	private final ConcurrentHashMap<Long, Long> lastUseWritten = new ConcurrentHashMap<>();

	ApiKeyService(ApiKeyRepository keys, OrganisationRepository organisations, AuditLog audit, Clock clock) {
		this.keys = keys;
		this.organisations = organisations;
		this.audit = audit;
		this.clock = clock;
	}

	/** A newly created key: the only moment the secret is known. */
	public record IssuedKey(ApiKey key, String secret) {

		@Override
		public String toString() {
			// never the secret
			return "IssuedKey[" + this.key.getDisplayPrefix() + "..., secret=(set)]";
		}

	}

	/**
	 * Creates a key for {@code organisationId} on behalf of {@code caller}, who must be
	 * allowed to; {@code expiresAt}, when given, must lie in the future.
	 */
	@Transactional
	public IssuedKey create(Caller caller, long organisationId, String name, Set<Scope> scopes,
			@Nullable Instant expiresAt) {
		Organisation organisation = organisationVisibleTo(caller, organisationId);
		if (!caller.isPlatformAdmin()) {
			caller.require(Scope.KEYS_MANAGE);
			Set<Scope> beyond = EnumSet.copyOf(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : scopes);
			beyond.removeAll(caller.scopes());
			if (!beyond.isEmpty()) {
				throw ForbiddenException.of("A key cannot grant scopes it does not hold itself: " + beyond);
			}
		}
		if (scopes.contains(Scope.ADMIN) && organisation.getKind() != OrganisationKind.PLATFORM) {
			throw InvalidException.of("scopes", "the 'admin' scope is only for the platform operator");
		}
		String keyName = name == null ? "" : name.strip();
		if (keyName.isEmpty() || keyName.length() > 100) {
			throw InvalidException.of("name", "must have 1 to 100 characters");
		}
		if (expiresAt != null && !expiresAt.isAfter(this.clock.instant())) {
			throw InvalidException.of("expiresAt", "must lie in the future");
		}
		IssuedKey issued = issue(organisation, keyName, scopes, null, expiresAt);
		this.audit.record(organisationId, caller, "key.created",
				issued.key().getName() + " (" + issued.key().getDisplayPrefix() + "…)",
				"scopes " + String.join(" ", issued.key().getScopes().stream().map(Scope::wire).toList()));
		return issued;
	}

	/**
	 * Issues a key without a caller (bootstrap and demo seeding). {@code fixedSecret},
	 * when given, becomes the key; otherwise one is generated.
	 */
	@Transactional
	public IssuedKey issue(Organisation organisation, String name, Set<Scope> scopes, @Nullable String fixedSecret) {
		return issue(organisation, name, scopes, fixedSecret, null);
	}

	private IssuedKey issue(Organisation organisation, String name, Set<Scope> scopes, @Nullable String fixedSecret,
			@Nullable Instant expiresAt) {
		if (scopes.isEmpty()) {
			throw InvalidException.of("scopes", "at least one scope is required; valid scopes are " + Scope.allWire());
		}
		String secret = fixedSecret != null ? fixedSecret : generate();
		if (secret.length() < MIN_FIXED_KEY_LENGTH) {
			throw new IllegalArgumentException("An API key must have at least " + MIN_FIXED_KEY_LENGTH + " characters");
		}
		byte[] hash = sha256(secret);
		Optional<ApiKey> existing = this.keys.findBySecretHash(hash);
		if (existing.isPresent()) {
			if (fixedSecret != null && existing.get().getOrganisationId() == organisation.getId()
					&& !existing.get().isRevoked()) {
				return new IssuedKey(existing.get(), secret);
			}
			throw new IllegalStateException("That API key value is already in use");
		}
		ApiKey key = this.keys.save(new ApiKey(organisation.getId(), name, secret.substring(0, 10), hash, scopes,
				this.clock.instant(), expiresAt));
		log.info("API key {} ({}) created for organisation {} with scopes {}", key.getId(), key.getDisplayPrefix(),
				organisation.getId(), scopes);
		return new IssuedKey(key, secret);
	}

	/**
	 * The caller behind a presented key, or empty when the key is unknown, expired or
	 * revoked.
	 */
	@Transactional(readOnly = true)
	public Optional<Caller> authenticate(String presented) {
		if (presented.isEmpty() || presented.length() > 200) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.keys.findBySecretHash(sha256(presented))
			.filter(key -> key.isLiveAt(now))
			.flatMap(key -> this.organisations.findById(key.getOrganisationId())
				.map(org -> new Caller(org.getId(), org.getName(), org.getKind(), key.getId(), key.getScopes())));
	}

	/**
	 * An organisation's keys, for its own keys with 'keys:manage' or the platform
	 * operator.
	 */
	@Transactional(readOnly = true)
	public List<ApiKey> list(Caller caller, long organisationId) {
		organisationVisibleTo(caller, organisationId);
		if (!caller.isPlatformAdmin()) {
			caller.require(Scope.KEYS_MANAGE);
		}
		return this.keys.findByOrganisationIdOrderById(organisationId);
	}

	/**
	 * A page of an organisation's keys (same rule as {@link #list}), by id, after
	 * {@code afterId}.
	 */
	@Transactional(readOnly = true)
	public List<ApiKey> page(Caller caller, long organisationId, long afterId, int limit) {
		organisationVisibleTo(caller, organisationId);
		if (!caller.isPlatformAdmin()) {
			caller.require(Scope.KEYS_MANAGE);
		}
		return this.keys.page(organisationId, afterId,
				org.springframework.data.domain.PageRequest.of(0, Math.max(1, Math.min(limit, 200))));
	}

	/**
	 * Notes that a key was used: written at most once a minute per key by this node (a
	 * write per request would put the database on every API call's path), in its own
	 * transaction.
	 */
	@Transactional
	public void recordUse(long keyId) {
		Instant now = this.clock.instant();
		Long previous = this.lastUseWritten.get(keyId);
		if (previous != null && now.toEpochMilli() - previous < LAST_USE_RESOLUTION_MILLIS) {
			return;
		}
		if (this.lastUseWritten.size() > 100_000) {
			this.lastUseWritten.clear();
		}
		this.lastUseWritten.put(keyId, now.toEpochMilli());
		this.keys.recordUse(keyId, now, now.minusMillis(LAST_USE_RESOLUTION_MILLIS));
	}

	/**
	 * Revokes every live key of {@code organisation} named {@code name} except
	 * {@code keep} (a configured bootstrap key that changed: the earlier value must stop
	 * working).
	 */
	@Transactional
	public int revokeNamedExcept(Organisation organisation, String name, long keep) {
		List<ApiKey> earlier = this.keys.findByOrganisationIdOrderById(organisation.getId())
			.stream()
			.filter(k -> k.getName().equals(name) && k.getId() != keep && !k.isRevoked())
			.toList();
		earlier.forEach(k -> k.revoke(this.clock.instant()));
		return earlier.size();
	}

	@Transactional
	public ApiKey revoke(Caller caller, long organisationId, long keyId) {
		organisationVisibleTo(caller, organisationId);
		if (!caller.isPlatformAdmin()) {
			caller.require(Scope.KEYS_MANAGE);
		}
		ApiKey key = this.keys.findById(keyId)
			.filter(k -> k.getOrganisationId() == organisationId)
			.orElseThrow(() -> NotFoundException.of("API key",
					"No API key " + keyId + " in organisation " + organisationId));
		if (!key.isRevoked()) {
			key.revoke(this.clock.instant());
			this.audit.record(organisationId, caller, "key.revoked",
					key.getName() + " (" + key.getDisplayPrefix() + "…)", null);
		}
		log.info("API key {} of organisation {} revoked", keyId, organisationId);
		return key;
	}

	/** Revokes every live key of an organisation with this name (demo key rotation). */
	@Transactional
	public void revokeNamed(Organisation organisation, String name) {
		this.keys.findByOrganisationIdOrderById(organisation.getId())
			.stream()
			.filter(k -> k.getName().equals(name))
			.forEach(k -> k.revoke(this.clock.instant()));
	}

	private Organisation organisationVisibleTo(Caller caller, long organisationId) {
		Organisation organisation = this.organisations.findById(organisationId)
			.orElseThrow(() -> NotFoundException.of("Organisation", "No organisation " + organisationId));
		if (!caller.isPlatformAdmin() && caller.organisationId() != organisationId) {
			if (!caller.readsAcrossTenants()) {
				throw NotFoundException.of("Organisation", "No organisation " + organisationId);
			}
			throw ForbiddenException.of("Only the organisation's own keys with 'keys:manage' or the platform operator "
					+ "may manage its keys");
		}
		return organisation;
	}

	private String generate() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return "vt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
