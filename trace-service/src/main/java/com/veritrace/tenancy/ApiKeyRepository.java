package com.veritrace.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

	Optional<ApiKey> findBySecretHash(byte[] secretHash);

	List<ApiKey> findByOrganisationIdOrderById(long organisationId);

	@Query("select k from ApiKey k where k.organisationId = ?1 and k.id > ?2 order by k.id")
	List<ApiKey> page(long organisationId, long afterId, org.springframework.data.domain.Pageable limit);

	/**
	 * Sets the last use unless a use after {@code unlessAfter} is recorded already
	 * (another node wrote it).
	 */
	@Modifying
	@Query("UPDATE ApiKey k SET k.lastUsedAt = :now WHERE k.id = :id AND (k.lastUsedAt IS NULL OR k.lastUsedAt < :unlessAfter)")
	int recordUse(@Param("id") long id, @Param("now") Instant now, @Param("unlessAfter") Instant unlessAfter);

}
