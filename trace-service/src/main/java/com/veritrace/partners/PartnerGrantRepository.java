package com.veritrace.partners;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface PartnerGrantRepository extends JpaRepository<PartnerGrant, Long> {

	List<PartnerGrant> findByGranteeIdAndBrandIdAndRightAndRevokedAtIsNull(long granteeId, long brandId,
			GrantRight right);

	List<PartnerGrant> findByBrandIdOrGranteeIdOrderById(long brandId, long granteeId);

	@Query("select g from PartnerGrant g where g.brandId = ?1 and g.id > ?2 order by g.id")
	List<PartnerGrant> given(long brandId, long afterId, Pageable limit);

	@Query("select g from PartnerGrant g where g.granteeId = ?1 and g.id > ?2 order by g.id")
	List<PartnerGrant> held(long granteeId, long afterId, Pageable limit);

}
