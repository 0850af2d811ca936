package com.veritrace.catalog;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import org.springframework.data.domain.Page;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/products")
@Tag(name = "Products and lots")
@SecurityRequirement(name = "apiKey")
class CatalogApiController {

	private final CatalogService catalog;

	CatalogApiController(CatalogService catalog) {
		this.catalog = catalog;
	}

	/**
	 * {@code storageMinCelsius}, {@code storageMaxCelsius}: the temperature range the
	 * product must be kept in (°C, either end optional).
	 */
	record ProductRequest(@NotBlank @Size(max = 20) String gtin, @NotBlank @Size(max = 200) String name,
			@Nullable @Size(max = 100) String category, @Nullable @Size(max = 2000) String description,
			@Nullable Double storageMinCelsius, @Nullable Double storageMaxCelsius) {
	}

	/** A full replacement: a storage end left out is removed. */
	record ProductUpdate(@NotBlank @Size(max = 200) String name, @Nullable @Size(max = 100) String category,
			@Nullable @Size(max = 2000) String description, @Nullable Double storageMinCelsius,
			@Nullable Double storageMaxCelsius) {
	}

	record ProductView(String gtin, long brandId, String name, @Nullable String category, @Nullable String description,
			boolean active, @Nullable String imageUrl, Instant createdAt, @Nullable Double storageMinCelsius,
			@Nullable Double storageMaxCelsius) {
		static ProductView of(Product p) {
			StorageCondition storage = p.getStorage();
			return new ProductView(p.getGtin(), p.getBrandId(), p.getName(), p.getCategory(), p.getDescription(),
					p.isActive(), p.getImageUrl(), p.getCreatedAt(), storage.minCelsius(), storage.maxCelsius());
		}
	}

	record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
		static <T> PageView<T> of(Page<T> page) {
			return new PageView<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
					page.getTotalPages());
		}
	}

	record LotRequest(@NotBlank @Size(max = 20) String lotNumber, @Nullable LocalDate productionDate,
			@Nullable LocalDate expiryDate) {
	}

	record LotStatusChange(@NotNull LotStatus status) {
	}

	record LotView(String gtin, String lotNumber, @Nullable LocalDate productionDate, @Nullable LocalDate expiryDate,
			LotStatus status, Instant createdAt) {
		static LotView of(String gtin, Lot l) {
			return new LotView(gtin, l.getLotNumber(), l.getProductionDate(), l.getExpiryDate(), l.getStatus(),
					l.getCreatedAt());
		}
	}

	@PostMapping
	@Operation(summary = "Register a product (GTIN-8/12/13/14, normalised to GTIN-14)")
	ResponseEntity<ProductView> create(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody ProductRequest request) {
		Product product = this.catalog.createProduct(caller, request.gtin(), request.name(), request.category(),
				request.description(), new StorageCondition(request.storageMinCelsius(), request.storageMaxCelsius()));
		return ResponseEntity.created(URI.create("/api/v1/products/" + product.getGtin()))
			.body(ProductView.of(product));
	}

	@GetMapping
	@Operation(summary = "List products, paged (own products; regulators may filter by brandId)")
	PageView<ProductView> list(@AuthenticationPrincipal Caller caller,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
			@RequestParam(required = false) @Nullable Long brandId) {
		return PageView.of(this.catalog.products(caller, page, size, brandId).map(ProductView::of));
	}

	@GetMapping("/{gtin}")
	ProductView get(@AuthenticationPrincipal Caller caller, @PathVariable String gtin) {
		return ProductView.of(this.catalog.product(caller, gtin));
	}

	@PutMapping("/{gtin}")
	ProductView update(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@Valid @RequestBody ProductUpdate request) {
		return ProductView.of(this.catalog.updateProduct(caller, gtin, request.name(), request.category(),
				request.description(), new StorageCondition(request.storageMinCelsius(), request.storageMaxCelsius())));
	}

	@PostMapping("/{gtin}/deactivate")
	@Operation(summary = "Deactivate a product: its codes still scan, it gets no new code jobs (products:write)")
	ProductView deactivate(@AuthenticationPrincipal Caller caller, @PathVariable String gtin) {
		return ProductView.of(this.catalog.setProductActive(caller, gtin, false));
	}

	@PostMapping("/{gtin}/reactivate")
	@Operation(summary = "Reactivate a deactivated product (products:write)")
	ProductView reactivate(@AuthenticationPrincipal Caller caller, @PathVariable String gtin) {
		return ProductView.of(this.catalog.setProductActive(caller, gtin, true));
	}

	@PostMapping("/{gtin}/lots")
	@Operation(summary = "Create a lot of a product")
	ResponseEntity<LotView> createLot(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@Valid @RequestBody LotRequest request) {
		Lot lot = this.catalog.createLot(caller, gtin, request.lotNumber(), request.productionDate(),
				request.expiryDate());
		String gtin14 = CatalogService.gtin(gtin);
		return ResponseEntity.created(URI.create("/api/v1/products/" + gtin14 + "/lots/" + lot.getLotNumber()))
			.body(LotView.of(gtin14, lot));
	}

	@GetMapping("/{gtin}/lots")
	List<LotView> lots(@AuthenticationPrincipal Caller caller, @PathVariable String gtin) {
		String gtin14 = CatalogService.gtin(gtin);
		return this.catalog.lots(caller, gtin).stream().map(l -> LotView.of(gtin14, l)).toList();
	}

	@GetMapping("/{gtin}/lots/{lotNumber}")
	LotView lot(@AuthenticationPrincipal Caller caller, @PathVariable String gtin, @PathVariable String lotNumber) {
		return LotView.of(CatalogService.gtin(gtin), this.catalog.lot(caller, gtin, lotNumber));
	}

	@PatchMapping("/{gtin}/lots/{lotNumber}")
	@Operation(summary = "Change a lot's status (ACTIVE, QUARANTINED, EXPIRED)")
	LotView changeStatus(@AuthenticationPrincipal Caller caller, @PathVariable String gtin,
			@PathVariable String lotNumber, @Valid @RequestBody LotStatusChange request) {
		return LotView.of(CatalogService.gtin(gtin),
				this.catalog.changeLotStatus(caller, gtin, lotNumber, request.status()));
	}

}
