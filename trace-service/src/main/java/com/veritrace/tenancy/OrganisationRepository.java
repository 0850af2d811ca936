package com.veritrace.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OrganisationRepository extends JpaRepository<Organisation, Long> {

	Optional<Organisation> findByName(String name);

	List<Organisation> findByKind(OrganisationKind kind);

	boolean existsByName(String name);

	@Query("select o from Organisation o where o.id > ?1 and (?2 = '' or lower(o.name) like ?2) order by o.id")
	List<Organisation> page(long afterId, String like, Pageable limit);

	@Query("select o from Organisation o where o.kind in ?1 and (?2 = '' or lower(o.name) like ?2) order by o.name, o.id")
	List<Organisation> directory(Collection<OrganisationKind> kinds, String like, Pageable limit);

}
