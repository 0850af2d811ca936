package com.veritrace.scan;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Hidden;

import com.veritrace.catalog.CatalogService;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A product's picture on the scan page, for consumers (no key): the thumbnail the server
 * made from the brand's upload, always a JPEG. Its address carries the image's version
 * ({@code ?v=}), so it may be cached for long; a new image is a new address.
 */
@RestController
@Hidden
class ProductImageController {

	static final Duration MAX_AGE = Duration.ofDays(7);

	private final CatalogService catalog;

	ProductImageController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/h5/products/{gtin}/image.jpg")
	ResponseEntity<byte[]> image(@PathVariable String gtin) {
		return this.catalog.publicImage(gtin)
			.map(jpeg -> ResponseEntity.ok()
				.contentType(MediaType.IMAGE_JPEG)
				.cacheControl(CacheControl.maxAge(MAX_AGE).cachePublic())
				.header("X-Content-Type-Options", "nosniff")
				.body(jpeg))
			.orElseGet(() -> ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build());
	}

}
