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

	@Column(nullable = false)
	private boolean active = true;

	/** When the image last changed (epoch ms), or null without an image. */
	@Column(name = "image_version")
	private @Nullable Long imageVersion;

	/** The storage condition's lower end (°C), or null. */
	@Column(name = "storage_min_c")
	private @Nullable Double storageMinCelsius;

	/** The storage condition's upper end (°C), or null. */
	@Column(name = "storage_max_c")
	private @Nullable Double storageMaxCelsius;

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

	/** A deactivated product keeps its codes and events; it gets no new code jobs. */
	public boolean isActive() {
		return this.active;
	}

	public @Nullable Long getImageVersion() {
		return this.imageVersion;
	}

	/**
	 * Where consumers get the product's image (a new image is a new address), or null.
	 */
	public @Nullable String getImageUrl() {
		return this.imageVersion == null ? null : "/h5/products/" + this.gtin + "/image.jpg?v=" + this.imageVersion;
	}

	/**
	 * The temperature range the product must be kept in ({@link StorageCondition#NONE}:
	 * none).
	 */
	public StorageCondition getStorage() {
		return new StorageCondition(this.storageMinCelsius, this.storageMaxCelsius);
	}

	void setStorage(StorageCondition storage) {
		this.storageMinCelsius = storage.minCelsius();
		this.storageMaxCelsius = storage.maxCelsius();
	}

	void setActive(boolean active) {
		this.active = active;
	}

	void setImageVersion(@Nullable Long imageVersion) {
		this.imageVersion = imageVersion;
	}

	void update(String name, @Nullable String category, @Nullable String description) {
		this.name = name;
		this.category = category;
		this.description = description;
	}

}
