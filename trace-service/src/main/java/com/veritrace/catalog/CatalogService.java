package com.veritrace.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.codes.AiElement;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.InvalidCodeException;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Products and lots of brands. A brand sees and changes only its own; regulators and the
 * platform operator read all. A GTIN is registered to one brand only.
 */
@Service
public class CatalogService {

	private static final Logger log = LoggerFactory.getLogger(CatalogService.class);

	private final ProductRepository products;

	private final LotRepository lots;

	private final ProductImageRepository images;

	private final AuditLog audit;

	private final Clock clock;

	CatalogService(ProductRepository products, LotRepository lots, ProductImageRepository images, AuditLog audit,
			Clock clock) {
		this.products = products;
		this.lots = lots;
		this.images = images;
		this.audit = audit;
		this.clock = clock;
	}

	/** How many products and lots a brand has (the portal's dashboard). */
	public record Counts(long products, long lots) {
	}

	@Transactional
	public Product createProduct(Caller caller, String gtinText, String name, @Nullable String category,
			@Nullable String description) {
		return createProduct(caller, gtinText, name, category, description, StorageCondition.NONE);
	}

	/**
	 * Registers a product with its storage condition.
	 * @throws InvalidException a condition outside the sane bounds or with min above max
	 */
	@Transactional
	public Product createProduct(Caller caller, String gtinText, String name, @Nullable String category,
			@Nullable String description, StorageCondition storage) {
		requireBrandWriter(caller);
		requireValid(storage);
		String gtin = gtin(gtinText);
		this.products.findByGtin(gtin).ifPresent(existing -> {
			throw ConflictException
				.of(existing.getBrandId() == caller.organisationId() ? "GTIN " + gtin + " is already in your catalogue"
						: "GTIN " + gtin + " is registered to another organisation", "gtin");
		});
		Product created = new Product(caller.organisationId(), gtin, name.strip(), category, description,
				this.clock.instant());
		created.setStorage(storage);
		Product product = this.products.save(created);
		log.info("Product {} (GTIN {}) created by brand {}", product.getId(), gtin, caller.organisationId());
		this.audit.record(caller, "product.created", "GTIN " + gtin, product.getName());
		return product;
	}

	/**
	 * Changes a product's name, category and description; its storage condition stays.
	 */
	@Transactional
	public Product updateProduct(Caller caller, String gtinText, String name, @Nullable String category,
			@Nullable String description) {
		return updateProduct(caller, gtinText, name, category, description, null);
	}

	/**
	 * Changes a product's name, category, description and storage condition
	 * ({@code null}: kept as it is; {@link StorageCondition#NONE}: removed).
	 * @throws InvalidException a condition outside the sane bounds or with min above max
	 */
	@Transactional
	public Product updateProduct(Caller caller, String gtinText, String name, @Nullable String category,
			@Nullable String description, @Nullable StorageCondition storage) {
		requireBrandWriter(caller);
		if (storage != null) {
			requireValid(storage);
		}
		Product product = owned(caller, gtinText);
		product.update(name.strip(), category, description);
		if (storage != null && !storage.equals(product.getStorage())) {
			this.audit.record(caller, "product.storage-changed", "GTIN " + product.getGtin(),
					storage.defined() ? storage.label() : "none");
			product.setStorage(storage);
		}
		this.audit.record(caller, "product.edited", "GTIN " + product.getGtin(), product.getName());
		return product;
	}

	/**
	 * Deactivates ({@code false}) or reactivates a product. A deactivated product keeps
	 * its lots, codes and events (its codes still scan); it gets no new code jobs.
	 */
	@Transactional
	public Product setProductActive(Caller caller, String gtinText, boolean active) {
		requireBrandWriter(caller);
		Product product = owned(caller, gtinText);
		if (product.isActive() != active) {
			product.setActive(active);
			this.audit.record(caller, active ? "product.reactivated" : "product.deactivated",
					"GTIN " + product.getGtin(), product.getName());
			log.info("Product {} (GTIN {}) {}", product.getId(), product.getGtin(),
					active ? "reactivated" : "deactivated");
		}
		return product;
	}

	/**
	 * Sets a product's image from an upload (PNG or JPEG by content, at most 5 MB and
	 * 6000 pixels a side); a thumbnail is made and kept.
	 * @throws com.veritrace.shared.TooLargeException too many bytes or pixels
	 * @throws com.veritrace.shared.UnsupportedTypeException not a readable PNG or JPEG
	 */
	@Transactional
	public Product setImage(Caller caller, String gtinText, byte[] content) {
		requireBrandWriter(caller);
		Product product = owned(caller, gtinText);
		ProductImages.Thumbnail thumbnail = ProductImages.thumbnail(content);
		long now = this.clock.millis();
		long version = product.getImageVersion() != null && product.getImageVersion() >= now
				? product.getImageVersion() + 1 : now;
		this.images.put(product.getId(), thumbnail, version);
		product.setImageVersion(version);
		this.audit.record(caller, "product.image-changed", "GTIN " + product.getGtin(),
				thumbnail.sourceType() + " " + thumbnail.sourceWidth() + "x" + thumbnail.sourceHeight());
		return product;
	}

	/** A product's thumbnail (JPEG) for anyone (the scan page): empty without one. */
	@Transactional(readOnly = true)
	public java.util.Optional<byte[]> publicImage(String gtinText) {
		String gtin;
		try {
			gtin = Gtin.parse(gtinText).value();
		}
		catch (InvalidCodeException ex) {
			return java.util.Optional.empty();
		}
		return this.products.findByGtin(gtin).flatMap(p -> this.images.thumbnail(p.getId()));
	}

	/**
	 * One page of the caller's own products in name order, after ({@code afterName},
	 * {@code afterId}); {@code query} finds names containing it or GTINs containing its
	 * digits.
	 */
	@Transactional(readOnly = true)
	public List<Product> productPage(Caller caller, @Nullable String query, @Nullable String afterName, long afterId,
			int limit) {
		caller.require(Scope.READ);
		String text = query == null || query.isBlank() ? null
				: "%" + query.strip()
					.toLowerCase(java.util.Locale.ROOT)
					.replace("!", "!!")
					.replace("%", "!%")
					.replace("_", "!_") + "%";
		return this.products.page(caller.organisationId(), afterName == null ? "" : afterName,
				afterName == null ? 0 : afterId, text, PageRequest.of(0, Math.max(1, Math.min(limit, 500))));
	}

	/**
	 * One page of a brand's products in name order, as {@link #productPage} gives the
	 * caller's own: for a regulator (or the platform operator) any brand's; another
	 * brand's id answers as an unknown one.
	 */
	@Transactional(readOnly = true)
	public List<Product> brandProductPage(Caller caller, long brandId, @Nullable String afterName, long afterId,
			int limit) {
		caller.require(Scope.READ);
		if (brandId != caller.organisationId() && !caller.readsAcrossTenants()) {
			throw NotFoundException.of("Organisation", "No organisation " + brandId);
		}
		return this.products.page(brandId, afterName == null ? "" : afterName, afterName == null ? 0 : afterId, null,
				PageRequest.of(0, Math.max(1, Math.min(limit, 500))));
	}

	/** A lot and its product. */
	public record LotOfProduct(Product product, Lot lot) {
	}

	/**
	 * The lots numbered {@code lotNumber} of the products the caller may read (a
	 * regulator's: every brand's), by product; at most {@code limit}. The number is
	 * matched exactly: lot numbers are short codes, not words.
	 */
	@Transactional(readOnly = true)
	public List<LotOfProduct> findLots(Caller caller, String lotNumber, int limit) {
		caller.require(Scope.READ);
		List<Lot> found = this.lots.findByNumber(lotNumber.strip(),
				caller.readsAcrossTenants() ? null : caller.organisationId(),
				PageRequest.of(0, Math.max(1, Math.min(limit, 200))));
		java.util.Map<Long, Product> byId = new java.util.HashMap<>();
		this.products.findAllById(found.stream().map(Lot::getProductId).distinct().toList())
			.forEach(p -> byId.put(p.getId(), p));
		return found.stream()
			.filter(l -> byId.containsKey(l.getProductId()))
			.map(l -> new LotOfProduct(byId.get(l.getProductId()), l))
			.toList();
	}

	/** One page of a product's lots in lot number order, after {@code afterLot}. */
	@Transactional(readOnly = true)
	public List<Lot> lotPage(Caller caller, String gtinText, @Nullable String afterLot, int limit) {
		caller.require(Scope.READ);
		return this.lots.page(visible(caller, gtinText).getId(), afterLot == null ? "" : afterLot,
				PageRequest.of(0, Math.max(1, Math.min(limit, 500))));
	}

	/** The caller's own products and lots, counted. */
	@Transactional(readOnly = true)
	public Counts counts(Caller caller) {
		caller.require(Scope.READ);
		return new Counts(this.products.countByBrandId(caller.organisationId()),
				this.lots.countOfBrand(caller.organisationId()));
	}

	@Transactional(readOnly = true)
	public Product product(Caller caller, String gtinText) {
		caller.require(Scope.READ);
		return visible(caller, gtinText);
	}

	@Transactional(readOnly = true)
	public Page<Product> products(Caller caller, int page, int size, @Nullable Long brandId) {
		caller.require(Scope.READ);
		PageRequest request = PageRequest.of(page, size, Sort.by("gtin"));
		if (caller.readsAcrossTenants()) {
			return brandId == null ? this.products.findAll(request) : this.products.findByBrandId(brandId, request);
		}
		if (brandId != null && brandId != caller.organisationId()) {
			// another organisation's products are not the caller's to see: as if it had
			// none (no existence oracle)
			throw NotFoundException.of("Organisation", "No organisation " + brandId);
		}
		return this.products.findByBrandId(caller.organisationId(), request);
	}

	@Transactional
	public Lot createLot(Caller caller, String gtinText, String lotNumber, @Nullable LocalDate productionDate,
			@Nullable LocalDate expiryDate) {
		requireBrandWriter(caller);
		List<FieldProblem> errors = new ArrayList<>();
		if (!AiElement.isValid("10", lotNumber)) {
			errors.add(new FieldProblem("lotNumber",
					"must be 1 to 20 characters of the GS1 character set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_)"));
		}
		if (productionDate != null && expiryDate != null && expiryDate.isBefore(productionDate)) {
			errors.add(new FieldProblem("expiryDate", "must not be before productionDate " + productionDate));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		Product product = owned(caller, gtinText);
		if (this.lots.findByProductIdAndLotNumber(product.getId(), lotNumber).isPresent()) {
			throw ConflictException.of("Lot " + lotNumber + " of GTIN " + product.getGtin() + " already exists",
					"lotNumber");
		}
		Lot lot = this.lots.save(new Lot(product.getId(), lotNumber, productionDate, expiryDate, this.clock.instant()));
		log.info("Lot {} '{}' of GTIN {} created", lot.getId(), lotNumber, product.getGtin());
		this.audit.record(caller, "lot.created", "GTIN " + product.getGtin() + " lot " + lotNumber, null);
		return lot;
	}

	@Transactional(readOnly = true)
	public List<Lot> lots(Caller caller, String gtinText) {
		caller.require(Scope.READ);
		return this.lots.findByProductIdOrderByLotNumber(visible(caller, gtinText).getId());
	}

	@Transactional(readOnly = true)
	public Lot lot(Caller caller, String gtinText, String lotNumber) {
		caller.require(Scope.READ);
		return lotOf(visible(caller, gtinText), lotNumber);
	}

	@Transactional
	public Lot changeLotStatus(Caller caller, String gtinText, String lotNumber, LotStatus status) {
		requireBrandWriter(caller);
		Lot lot = lotOf(owned(caller, gtinText), lotNumber);
		if (status == LotStatus.RECALLED || lot.getStatus() == LotStatus.RECALLED) {
			throw InvalidException.of("status", "recalls are started and ended through the recall API, not by status");
		}
		lot.setStatus(status);
		log.info("Lot {} status set to {}", lot.getId(), status);
		return lot;
	}

	/**
	 * A product's lots, for internal use (a recall resolving its scope), in lot number
	 * order.
	 */
	@Transactional(readOnly = true)
	public List<Lot> allLots(long productId) {
		return this.lots.findByProductIdOrderByLotNumber(productId);
	}

	/**
	 * Marks lots RECALLED, for the recall module only: it has checked who may recall them
	 * and records the recall in the same transaction.
	 */
	@Transactional
	public void markRecalled(long productId, java.util.Collection<String> lotNumbers) {
		for (String lotNumber : lotNumbers) {
			this.lots.findByProductIdAndLotNumber(productId, lotNumber).ifPresent(lot -> {
				if (lot.getStatus() != LotStatus.RECALLED) {
					lot.setStatus(LotStatus.RECALLED);
				}
			});
		}
	}

	/**
	 * The product with this GTIN, whoever owns it (for internal use: ingest, scan page).
	 */
	@Transactional(readOnly = true)
	public java.util.Optional<Product> findByGtin(String gtin14) {
		return this.products.findByGtin(gtin14);
	}

	/** A lot of a product, for internal use. */
	@Transactional(readOnly = true)
	public java.util.Optional<Lot> findLot(long productId, String lotNumber) {
		return this.lots.findByProductIdAndLotNumber(productId, lotNumber);
	}

	/**
	 * Checks that the caller's brand owns a product and may change it (media, pictures):
	 * 404 for another organisation's product, 403 for a caller that only reads across
	 * tenants or lacks products:write.
	 */
	@Transactional(readOnly = true)
	public Product requireOwned(Caller caller, String gtinText) {
		if (caller.readsAcrossTenants() && caller.kind() != OrganisationKind.BRAND) {
			existing(gtinText);
			throw ForbiddenException
				.of("Only a product's brand may change it; this organisation is a " + caller.kind());
		}
		Product product = owned(caller, gtinText);
		requireBrandWriter(caller);
		return product;
	}

	/** Checks that the caller may read a product's data (its timelines, lots). */
	@Transactional(readOnly = true)
	public Product requireReadable(Caller caller, String gtinText) {
		caller.require(Scope.READ);
		return visible(caller, gtinText);
	}

	private Lot lotOf(Product product, String lotNumber) {
		return this.lots.findByProductIdAndLotNumber(product.getId(), lotNumber)
			.orElseThrow(() -> NotFoundException.of("Lot", "No lot '" + lotNumber + "' of GTIN " + product.getGtin()));
	}

	private Product visible(Caller caller, String gtinText) {
		Product product = existing(gtinText);
		if (product.getBrandId() != caller.organisationId() && !caller.readsAcrossTenants()) {
			throw notFound(product.getGtin());
		}
		return product;
	}

	private Product owned(Caller caller, String gtinText) {
		Product product = existing(gtinText);
		if (product.getBrandId() != caller.organisationId()) {
			if (!caller.readsAcrossTenants()) {
				throw notFound(product.getGtin());
			}
			throw ForbiddenException
				.of("GTIN " + product.getGtin() + " is another organisation's; only its brand may " + "change it");
		}
		return product;
	}

	private Product existing(String gtinText) {
		String gtin = gtin(gtinText);
		return this.products.findByGtin(gtin).orElseThrow(() -> notFound(gtin));
	}

	/**
	 * The answer for a GTIN that is not registered and for one the caller may not see:
	 * the same, so that the answer does not tell which.
	 */
	public static NotFoundException notFound(String gtin) {
		return NotFoundException.of("Product", "No product with GTIN " + gtin);
	}

	private static void requireValid(StorageCondition storage) {
		List<FieldProblem> problems = storage.problems();
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
	}

	private static void requireBrandWriter(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands own products and lots; this key belongs to a " + caller.kind());
		}
		caller.require(Scope.PRODUCTS_WRITE);
	}

	/**
	 * The GS1 check digit a GTIN of these 14 digits should end with (for explaining a
	 * mistake).
	 */
	public static int expectedCheckDigit(String gtin14Digits) {
		return Gtin.checkDigit(gtin14Digits, 13);
	}

	/** Parses and normalises a GTIN, answering 400 with the exact reason. */
	public static String gtin(String text) {
		try {
			return Gtin.parse(text).value();
		}
		catch (InvalidCodeException ex) {
			throw InvalidException.of("gtin", ex.getMessage());
		}
	}

}
