package com.veritrace.tenancy;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {

	/** Newest first, from before {@code beforeId} (keyset pagination). */
	@Query("select a from AuditEntry a where a.organisationId = ?1 and a.id < ?2 order by a.id desc")
	List<AuditEntry> page(long organisationId, long beforeId, Pageable limit);

}
