package com.veritrace.partners;

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

/**
 * A brand's permission for another organisation: for all its products (no product), one
 * product, or one lot of it. Revoked grants are kept for the audit trail.
 */
@Entity
@Table(name = "partner_grant")
public class PartnerGrant {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "brand_id", nullable = false)
	private long brandId;

	@Column(name = "grantee_id", nullable = false)
	private long granteeId;

	@Enumerated(EnumType.STRING)
	@Column(name = "grant_right", nullable = false, length = 16)
	private GrantRight right;

	@Column(name = "product_id")
	private @Nullable Long productId;

	@Column(name = "lot_id")
	private @Nullable Long lotId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	protected PartnerGrant() {
	}

	PartnerGrant(long brandId, long granteeId, GrantRight right, @Nullable Long productId, @Nullable Long lotId,
			Instant createdAt) {
		this.brandId = brandId;
		this.granteeId = granteeId;
		this.right = right;
		this.productId = productId;
		this.lotId = lotId;
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public long getBrandId() {
		return this.brandId;
	}

	public long getGranteeId() {
		return this.granteeId;
	}

	public GrantRight getRight() {
		return this.right;
	}

	public @Nullable Long getProductId() {
		return this.productId;
	}

	public @Nullable Long getLotId() {
		return this.lotId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable Instant getRevokedAt() {
		return this.revokedAt;
	}

	boolean isActive() {
		return this.revokedAt == null;
	}

	/** True when this grant covers the product (and, if given, the lot). */
	boolean covers(long productId, @Nullable Long lotId) {
		if (this.productId == null) {
			return true;
		}
		if (this.productId != productId) {
			return false;
		}
		return this.lotId == null || (lotId != null && this.lotId.longValue() == lotId.longValue());
	}

	void revoke(Instant at) {
		if (this.revokedAt == null) {
			this.revokedAt = at;
		}
	}

}
