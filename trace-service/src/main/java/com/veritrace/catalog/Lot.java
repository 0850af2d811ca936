package com.veritrace.catalog;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A production lot (batch) of a product: GS1 AI 10. */
@Entity
@Table(name = "lot")
public class Lot {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "product_id", nullable = false)
	private long productId;

	@Column(name = "lot_number", nullable = false, length = 20)
	private String lotNumber;

	@Column(name = "production_date")
	private @Nullable LocalDate productionDate;

	@Column(name = "expiry_date")
	private @Nullable LocalDate expiryDate;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, length = 16)
	private LotStatus status;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Lot() {
	}

	Lot(long productId, String lotNumber, @Nullable LocalDate productionDate, @Nullable LocalDate expiryDate,
			Instant createdAt) {
		this.productId = productId;
		this.lotNumber = lotNumber;
		this.productionDate = productionDate;
		this.expiryDate = expiryDate;
		this.status = LotStatus.ACTIVE;
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public long getProductId() {
		return this.productId;
	}

	public String getLotNumber() {
		return this.lotNumber;
	}

	public @Nullable LocalDate getProductionDate() {
		return this.productionDate;
	}

	public @Nullable LocalDate getExpiryDate() {
		return this.expiryDate;
	}

	public LotStatus getStatus() {
		return this.status;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	void setStatus(LotStatus status) {
		this.status = status;
	}

}
