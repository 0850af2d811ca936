package com.veritrace.tenancy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** One line of an organisation's audit log: who did what, to what, when. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "organisation_id", nullable = false)
	private long organisationId;

	@Column(nullable = false)
	private Instant at;

	@Column(name = "actor_user_id")
	private @Nullable Long actorUserId;

	@Column(name = "actor_key_id")
	private @Nullable Long actorKeyId;

	@Column(name = "actor_label", nullable = false, length = 300)
	private String actorLabel;

	@Column(nullable = false, length = 64)
	private String action;

	@Column(length = 300)
	private @Nullable String target;

	@Column(length = 1000)
	private @Nullable String detail;

	protected AuditEntry() {
	}

	AuditEntry(long organisationId, Instant at, @Nullable Long actorUserId, @Nullable Long actorKeyId,
			String actorLabel, String action, @Nullable String target, @Nullable String detail) {
		this.organisationId = organisationId;
		this.at = at;
		this.actorUserId = actorUserId;
		this.actorKeyId = actorKeyId;
		this.actorLabel = actorLabel;
		this.action = action;
		this.target = target;
		this.detail = detail;
	}

	public long getId() {
		return this.id;
	}

	public long getOrganisationId() {
		return this.organisationId;
	}

	public Instant getAt() {
		return this.at;
	}

	public @Nullable Long getActorUserId() {
		return this.actorUserId;
	}

	public @Nullable Long getActorKeyId() {
		return this.actorKeyId;
	}

	public String getActorLabel() {
		return this.actorLabel;
	}

	public String getAction() {
		return this.action;
	}

	public @Nullable String getTarget() {
		return this.target;
	}

	public @Nullable String getDetail() {
		return this.detail;
	}

}
