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

/** A single-use link's secret (its SHA-256), what it is for and until when. */
@Entity
@Table(name = "account_token")
class AccountToken {

	enum Purpose {

		INVITATION, PASSWORD_RESET

	}

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "user_id", nullable = false)
	private long userId;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private Purpose purpose;

	@Column(name = "token_hash", nullable = false, columnDefinition = "BINARY(32)")
	private byte[] tokenHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "used_at")
	private @Nullable Instant usedAt;

	protected AccountToken() {
	}

	AccountToken(long userId, Purpose purpose, byte[] tokenHash, Instant createdAt, Instant expiresAt) {
		this.userId = userId;
		this.purpose = purpose;
		this.tokenHash = tokenHash;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	long getUserId() {
		return this.userId;
	}

	Purpose getPurpose() {
		return this.purpose;
	}

	boolean isUsableAt(Instant now) {
		return this.usedAt == null && this.expiresAt.isAfter(now);
	}

	void use(Instant now) {
		this.usedAt = now;
	}

}
