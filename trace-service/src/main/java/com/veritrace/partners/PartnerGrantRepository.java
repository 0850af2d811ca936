package com.veritrace.partners;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PartnerGrantRepository extends JpaRepository<PartnerGrant, Long> {

	List<PartnerGrant> findByGranteeIdAndBrandIdAndRightAndRevokedAtIsNull(long granteeId, long brandId,
			GrantRight right);

	List<PartnerGrant> findByBrandIdOrGranteeIdOrderById(long brandId, long granteeId);

}
