package com.veritrace.catalog;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface LotRepository extends JpaRepository<Lot, Long> {

	Optional<Lot> findByProductIdAndLotNumber(long productId, String lotNumber);

	List<Lot> findByProductIdOrderByLotNumber(long productId);

	/** A product's lots after {@code afterLot} in lot number order (keyset pages). */
	@Query("select l from Lot l where l.productId = ?1 and l.lotNumber > ?2 order by l.lotNumber")
	List<Lot> page(long productId, String afterLot, Pageable limit);

	/**
	 * Lots with this number, of one brand's products ({@code brandId}) or of every
	 * brand's (null), by product.
	 */
	@Query("select l from Lot l where l.lotNumber = ?1 and (?2 is null or l.productId in "
			+ "(select p.id from Product p where p.brandId = ?2)) order by l.productId, l.id")
	List<Lot> findByNumber(String lotNumber, @Nullable Long brandId, Pageable limit);

	@Query("select count(l) from Lot l where l.productId in (select p.id from Product p where p.brandId = ?1)")
	long countOfBrand(long brandId);

}
