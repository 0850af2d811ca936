package com.veritrace.accounts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A person who logs in to the portal, in one organisation, with one role. */
@Entity
@Table(name = "portal_user")
public class UserAccount {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "organisation_id", nullable = false)
	private long organisationId;

	@Column(nullable = false, length = 254)
	private String email;

	@Column(name = "display_name", nullable = false, length = 100)
	private String displayName;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private Role role;

	@Column(name = "password_hash", length = 100)
	private @Nullable String passwordHash;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private UserStatus status;

	@Column(name = "totp_secret", length = 64)
	private @Nullable String totpSecret;

	@Column(name = "totp_enabled", nullable = false)
	private boolean totpEnabled;

	@Column(name = "totp_last_step")
	private @Nullable Long totpLastStep;

	@Column(name = "failed_logins", nullable = false)
	private int failedLogins;

	@Column(name = "locked_until")
	private @Nullable Instant lockedUntil;

	@Column(name = "last_login_at")
	private @Nullable Instant lastLoginAt;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected UserAccount() {
	}

	UserAccount(long organisationId, String email, String displayName, Role role, Instant createdAt) {
		this.organisationId = organisationId;
		this.email = email;
		this.displayName = displayName;
		this.role = role;
		this.status = UserStatus.INVITED;
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public long getOrganisationId() {
		return this.organisationId;
	}

	public String getEmail() {
		return this.email;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	public Role getRole() {
		return this.role;
	}

	void setRole(Role role) {
		this.role = role;
	}

	@Nullable String getPasswordHash() {
		return this.passwordHash;
	}

	void setPasswordHash(String passwordHash) {
		this.passwordHash = passwordHash;
	}

	public UserStatus getStatus() {
		return this.status;
	}

	void setStatus(UserStatus status) {
		this.status = status;
	}

	@Nullable String getTotpSecret() {
		return this.totpSecret;
	}

	void setTotpSecret(@Nullable String totpSecret) {
		this.totpSecret = totpSecret;
	}

	public boolean isTotpEnabled() {
		return this.totpEnabled;
	}

	void setTotpEnabled(boolean totpEnabled) {
		this.totpEnabled = totpEnabled;
	}

	@Nullable Long getTotpLastStep() {
		return this.totpLastStep;
	}

	void setTotpLastStep(@Nullable Long totpLastStep) {
		this.totpLastStep = totpLastStep;
	}

	int getFailedLogins() {
		return this.failedLogins;
	}

	void setFailedLogins(int failedLogins) {
		this.failedLogins = failedLogins;
	}

	public @Nullable Instant getLockedUntil() {
		return this.lockedUntil;
	}

	void setLockedUntil(@Nullable Instant lockedUntil) {
		this.lockedUntil = lockedUntil;
	}

	public @Nullable Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	void setLastLoginAt(Instant lastLoginAt) {
		this.lastLoginAt = lastLoginAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public boolean isLockedAt(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

}
