package com.veritrace.catalog;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface LotRepository extends JpaRepository<Lot, Long> {

	Optional<Lot> findByProductIdAndLotNumber(long productId, String lotNumber);

	List<Lot> findByProductIdOrderByLotNumber(long productId);

}
