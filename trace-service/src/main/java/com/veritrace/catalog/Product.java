package com.veritrace.catalog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/** A trade item of a brand, identified by its GTIN-14. */
@Entity
@Table(name = "product")
public class Product {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "brand_id", nullable = false)
	private long brandId;

	@Column(nullable = false, length = 14)
	private String gtin;

	@Column(nullable = false, length = 200)
	private String name;

	@Column(length = 100)
	private @Nullable String category;

	@Column(length = 2000)
	private @Nullable String description;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Product() {
	}

	Product(long brandId, String gtin, String name, @Nullable String category, @Nullable String description,
			Instant createdAt) {
		this.brandId = brandId;
		this.gtin = gtin;
		this.name = name;
		this.category = category;
		this.description = description;
		this.createdAt = createdAt;
	}

	public long getId() {
		return this.id;
	}

	public long getBrandId() {
		return this.brandId;
	}

	public String getGtin() {
		return this.gtin;
	}

	public String getName() {
		return this.name;
	}

	public @Nullable String getCategory() {
		return this.category;
	}

	public @Nullable String getDescription() {
		return this.description;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	void update(String name, @Nullable String category, @Nullable String description) {
		this.name = name;
		this.category = category;
		this.description = description;
	}

}
