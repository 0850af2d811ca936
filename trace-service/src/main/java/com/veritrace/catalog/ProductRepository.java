package com.veritrace.catalog;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ProductRepository extends JpaRepository<Product, Long> {

	Optional<Product> findByGtin(String gtin);

	Page<Product> findByBrandId(long brandId, Pageable pageable);

	long countByBrandId(long brandId);

	/**
	 * A brand's products in name order after ({@code afterName}, {@code afterId}),
	 * optionally only those whose name contains {@code text} or whose GTIN contains
	 * {@code digits} (keyset pagination on index (brand_id, name, id)).
	 */
	@Query("""
			select p from Product p where p.brandId = :brandId
			and (p.name > :afterName or (p.name = :afterName and p.id > :afterId))
			and (:text is null or lower(p.name) like :text escape '!' or p.gtin like :text escape '!')
			order by p.name, p.id""")
	List<Product> page(long brandId, String afterName, long afterId, @Nullable String text, Pageable limit);

}
