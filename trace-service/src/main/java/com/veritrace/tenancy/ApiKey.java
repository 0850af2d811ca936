package com.veritrace.tenancy;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's API key. Only the SHA-256 of the key is stored; the key itself is
 * shown once.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "organisation_id", nullable = false)
	private long organisationId;

	@Column(nullable = false, length = 100)
	private String name;

	@Column(name = "display_prefix", nullable = false, length = 12)
	private String displayPrefix;

	@Column(name = "secret_hash", nullable = false, columnDefinition = "BINARY(32)")
	private byte[] secretHash;

	@Column(nullable = false, length = 500)
	private String scopes;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Column(name = "expires_at")
	private @Nullable Instant expiresAt;

	@Column(name = "last_used_at")
	private @Nullable Instant lastUsedAt;

	protected ApiKey() {
	}

	ApiKey(long organisationId, String name, String displayPrefix, byte[] secretHash, Set<Scope> scopes,
			Instant createdAt, @Nullable Instant expiresAt) {
		this.expiresAt = expiresAt;
		this.organisationId = organisationId;
		this.name = name;
		this.displayPrefix = displayPrefix;
		this.secretHash = secretHash.clone();
		this.scopes = scopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(" "));
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public long getOrganisationId() {
		return this.organisationId;
	}

	public String getName() {
		return this.name;
	}

	public String getDisplayPrefix() {
		return this.displayPrefix;
	}

	public Set<Scope> getScopes() {
		EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
		Arrays.stream(this.scopes.split(" ")).filter(s -> !s.isEmpty()).map(Scope::fromWire).forEach(set::add);
		return set;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable Instant getRevokedAt() {
		return this.revokedAt;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

	public @Nullable Instant getExpiresAt() {
		return this.expiresAt;
	}

	/** When the key was last used, to within a minute (empty: never). */
	public @Nullable Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	/** Neither revoked nor expired at {@code now}. */
	public boolean isLiveAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	void revoke(Instant at) {
		if (this.revokedAt == null) {
			this.revokedAt = at;
		}
	}

}
