package com.veritrace.tenancy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "organisation")
public class Organisation {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, length = 200)
	private String name;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 32)
	private OrganisationKind kind;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "require_totp", nullable = false)
	private boolean requireTotp;

	protected Organisation() {
	}

	public Organisation(String name, OrganisationKind kind, Instant createdAt) {
		this.name = name;
		this.kind = kind;
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public OrganisationKind getKind() {
		return this.kind;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/** Whether its owners and admins must log in to the portal with a second factor. */
	public boolean isRequireTotp() {
		return this.requireTotp;
	}

	public void setRequireTotp(boolean requireTotp) {
		this.requireTotp = requireTotp;
	}

}
