package com.veritrace.tenancy;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface OrganisationRepository extends JpaRepository<Organisation, Long> {

	Optional<Organisation> findByName(String name);

	List<Organisation> findByKind(OrganisationKind kind);

	boolean existsByName(String name);

}
