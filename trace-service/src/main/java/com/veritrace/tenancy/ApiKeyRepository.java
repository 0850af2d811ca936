package com.veritrace.tenancy;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

	Optional<ApiKey> findBySecretHash(byte[] secretHash);

	List<ApiKey> findByOrganisationIdOrderById(long organisationId);

}
