package com.veritrace.catalog;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProductRepository extends JpaRepository<Product, Long> {

	Optional<Product> findByGtin(String gtin);

	Page<Product> findByBrandId(long brandId, Pageable pageable);

}
