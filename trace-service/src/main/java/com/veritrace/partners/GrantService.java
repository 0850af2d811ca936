package com.veritrace.partners;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import com.veritrace.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partner grants: a brand lets another organisation report events or inspection reports for
 * all its products, one product, or one lot. Everything not granted is denied.
 */
@Service
public class GrantService {

	private static final Logger log = LoggerFactory.getLogger(GrantService.class);

	private final PartnerGrantRepository grants;

	private final CatalogService catalog;

	private final OrganisationService organisations;

	private final Clock clock;

	GrantService(PartnerGrantRepository grants, CatalogService catalog, OrganisationService organisations,
			Clock clock) {
		this.grants = grants;
		this.catalog = catalog;
		this.organisations = organisations;
		this.clock = clock;
	}

	@Transactional
	public PartnerGrant grant(Caller caller, long granteeId, GrantRight right, @Nullable String gtin,
			@Nullable String lotNumber) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ApiProblem.forbidden("Only brands grant access to their products; this key belongs to a "
					+ caller.kind());
		}
		caller.require(Scope.GRANTS_MANAGE);
		Organisation grantee = this.organisations.require(granteeId, "granteeOrganisationId");
		if (grantee.getId() == caller.organisationId()) {
			throw ApiProblem.invalid("granteeOrganisationId", "a brand needs no grant for its own products");
		}
		if (right == GrantRight.REPORTS && grantee.getKind() != OrganisationKind.LAB) {
			throw ApiProblem.invalid("right", "only labs can be granted REPORTS; organisation " + granteeId
					+ " is a " + grantee.getKind());
		}
		Long productId = null;
		Long lotId = null;
		if (gtin != null) {
			Product product = this.catalog.product(withRead(caller), gtin);
			productId = product.getId();
			if (lotNumber != null) {
				lotId = this.catalog.lot(withRead(caller), gtin, lotNumber).getId();
			}
		}
		else if (lotNumber != null) {
			throw ApiProblem.invalid("lotNumber", "a lot can only be granted together with its product's gtin");
		}
		PartnerGrant grant = this.grants
			.save(new PartnerGrant(caller.organisationId(), granteeId, right, productId, lotId, this.clock.instant()));
		log.info("Brand {} granted {} to organisation {} (product {}, lot {})", caller.organisationId(), right,
				granteeId, productId, lotId);
		return grant;
	}

	@Transactional(readOnly = true)
	public List<PartnerGrant> list(Caller caller) {
		caller.require(Scope.READ);
		return this.grants.findByBrandIdOrGranteeIdOrderById(caller.organisationId(), caller.organisationId());
	}

	@Transactional
	public PartnerGrant revoke(Caller caller, long grantId) {
		caller.require(Scope.GRANTS_MANAGE);
		PartnerGrant grant = this.grants.findById(grantId)
			.orElseThrow(() -> ApiProblem.notFound("Grant", "No grant " + grantId));
		if (grant.getBrandId() != caller.organisationId()) {
			throw ApiProblem.crossTenant("Grant " + grantId + " was given by another organisation");
		}
		grant.revoke(this.clock.instant());
		log.info("Grant {} revoked by brand {}", grantId, caller.organisationId());
		return grant;
	}

	/**
	 * Checks that {@code reporter} may report {@code right} for the product with this GTIN
	 * (and lot, when known). The brand itself always may.
	 * @throws ApiProblem 403 {@code not-granted} saying why not
	 */
	@Transactional(readOnly = true)
	public void checkMayReport(long reporterId, GrantRight right, String gtin14, @Nullable String lotNumber) {
		Optional<Product> product = this.catalog.findByGtin(gtin14);
		if (product.isEmpty()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "not-granted", "Not granted",
					"GTIN " + gtin14 + " is not registered by any brand on Veritrace");
		}
		long brandId = product.get().getBrandId();
		if (brandId == reporterId) {
			return;
		}
		Long lotId = lotNumber == null ? null
				: this.catalog.findLot(product.get().getId(), lotNumber).map(Lot::getId).orElse(null);
		boolean granted = this.grants.findByGranteeIdAndBrandIdAndRightAndRevokedAtIsNull(reporterId, brandId, right)
			.stream()
			.anyMatch(g -> g.covers(product.get().getId(), lotId));
		if (!granted) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "not-granted", "Not granted",
					"The brand owning GTIN " + gtin14 + (lotNumber != null ? " lot " + lotNumber : "")
							+ " has not granted your organisation the right to report " + right);
		}
	}

	private static Caller withRead(Caller caller) {
		return caller.has(Scope.READ) ? caller
				: new Caller(caller.organisationId(), caller.organisationName(), caller.kind(), caller.apiKeyId(),
						java.util.EnumSet.of(Scope.READ));
	}

}
