package com.veritrace.partners;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.LotRepository;
import com.veritrace.catalog.Product;
import com.veritrace.catalog.ProductRepository;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partner grants: a brand lets another organisation report events or inspection reports
 * for all its products, one product, or one lot. Everything not granted is denied.
 */
@Service
public class GrantService {

	private static final Logger log = LoggerFactory.getLogger(GrantService.class);

	private final PartnerGrantRepository grants;

	private final CatalogService catalog;

	private final OrganisationService organisations;

	private final ProductRepository productRows;

	private final LotRepository lotRows;

	private final AuditLog audit;

	private final Clock clock;

	/** GTIN -> product and brand: a GTIN never changes brand, so hits never go stale. */
	private final Map<String, ProductOwner> products = new ConcurrentHashMap<>();

	private final Map<String, CachedGrants> grantCache = new ConcurrentHashMap<>();

	static final Duration GRANT_CACHE_TTL = Duration.ofSeconds(5);

	private static final int CACHE_LIMIT = 100_000;

	GrantService(PartnerGrantRepository grants, CatalogService catalog, OrganisationService organisations,
			ProductRepository productRows, LotRepository lotRows, AuditLog audit, Clock clock) {
		this.grants = grants;
		this.catalog = catalog;
		this.organisations = organisations;
		this.productRows = productRows;
		this.lotRows = lotRows;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional
	public PartnerGrant grant(Caller caller, long granteeId, GrantRight right, @Nullable String gtin,
			@Nullable String lotNumber) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException
				.of("Only brands grant access to their products; this key belongs to a " + caller.kind());
		}
		caller.require(Scope.GRANTS_MANAGE);
		Organisation grantee = this.organisations.require(granteeId, "granteeOrganisationId");
		if (grantee.getId() == caller.organisationId()) {
			throw InvalidException.of("granteeOrganisationId", "a brand needs no grant for its own products");
		}
		if (right == GrantRight.REPORTS && grantee.getKind() != OrganisationKind.LAB) {
			throw InvalidException.of("right",
					"only labs can be granted REPORTS; organisation " + granteeId + " is a " + grantee.getKind());
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
			throw InvalidException.of("lotNumber", "a lot can only be granted together with its product's gtin");
		}
		PartnerGrant grant = this.grants
			.save(new PartnerGrant(caller.organisationId(), granteeId, right, productId, lotId, this.clock.instant()));
		this.grantCache.clear();
		this.audit.record(caller, "grant.created", "grant " + grant.getId() + " to " + grantee.getName(), right
				+ " for "
				+ (gtin == null ? "all products" : "GTIN " + gtin + (lotNumber == null ? "" : " lot " + lotNumber)));
		log.info("Brand {} granted {} to organisation {} (product {}, lot {})", caller.organisationId(), right,
				granteeId, productId, lotId);
		return grant;
	}

	@Transactional(readOnly = true)
	public List<PartnerGrant> list(Caller caller) {
		caller.require(Scope.READ);
		return this.grants.findByBrandIdOrGranteeIdOrderById(caller.organisationId(), caller.organisationId());
	}

	/** A grant as people read it: names of the two organisations, GTIN and lot. */
	public record GrantLine(PartnerGrant grant, String brandName, String granteeName,
			com.veritrace.tenancy.OrganisationKind granteeKind, @Nullable String gtin, @Nullable String productName,
			@Nullable String lotNumber) {
	}

	/**
	 * A page of the grants the caller's organisation gave ({@code given}) or holds, by
	 * id, after {@code afterId}, with the names people read.
	 */
	@Transactional(readOnly = true)
	public List<GrantLine> page(Caller caller, boolean given, long afterId, int limit) {
		caller.require(Scope.READ);
		org.springframework.data.domain.Pageable page = org.springframework.data.domain.PageRequest.of(0,
				Math.max(1, Math.min(limit, 200)));
		List<PartnerGrant> rows = given ? this.grants.given(caller.organisationId(), afterId, page)
				: this.grants.held(caller.organisationId(), afterId, page);
		java.util.Set<Long> orgIds = new java.util.HashSet<>();
		java.util.Set<Long> productIds = new java.util.HashSet<>();
		java.util.Set<Long> lotIds = new java.util.HashSet<>();
		for (PartnerGrant g : rows) {
			orgIds.add(g.getBrandId());
			orgIds.add(g.getGranteeId());
			if (g.getProductId() != null) {
				productIds.add(g.getProductId());
			}
			if (g.getLotId() != null) {
				lotIds.add(g.getLotId());
			}
		}
		Map<Long, Organisation> orgs = new java.util.HashMap<>();
		orgIds.forEach(id -> orgs.put(id, this.organisations.require(id, "organisation")));
		Map<Long, Product> products = new java.util.HashMap<>();
		this.productRows.findAllById(productIds).forEach(p -> products.put(p.getId(), p));
		Map<Long, Lot> lots = new java.util.HashMap<>();
		this.lotRows.findAllById(lotIds).forEach(l -> lots.put(l.getId(), l));
		return rows.stream().map(g -> {
			Product product = g.getProductId() == null ? null : products.get(g.getProductId());
			Lot lot = g.getLotId() == null ? null : lots.get(g.getLotId());
			Organisation grantee = orgs.get(g.getGranteeId());
			return new GrantLine(g, orgs.get(g.getBrandId()).getName(), grantee.getName(), grantee.getKind(),
					product == null ? null : product.getGtin(), product == null ? null : product.getName(),
					lot == null ? null : lot.getLotNumber());
		}).toList();
	}

	@Transactional
	public PartnerGrant revoke(Caller caller, long grantId) {
		caller.require(Scope.GRANTS_MANAGE);
		// only the brand that gave a grant sees it here: anyone else gets the answer for
		// none
		PartnerGrant grant = this.grants.findById(grantId)
			.filter(g -> g.getBrandId() == caller.organisationId())
			.orElseThrow(() -> NotFoundException.of("Grant", "No grant " + grantId));
		if (grant.isActive()) {
			grant.revoke(this.clock.instant());
			this.audit.record(caller, "grant.revoked",
					"grant " + grant.getId() + " to organisation " + grant.getGranteeId(),
					String.valueOf(grant.getRight()));
		}
		this.grantCache.clear();
		log.info("Grant {} revoked by brand {}", grantId, caller.organisationId());
		return grant;
	}

	/**
	 * Checks that {@code reporter} may report {@code right} for the product with this
	 * GTIN (and lot, when known). The brand itself always may.
	 * @throws ForbiddenException {@code not-granted} saying why not
	 */
	public void checkMayReport(long reporterId, GrantRight right, String gtin14, @Nullable String lotNumber) {
		ProductOwner product = this.products.get(gtin14);
		if (product == null) {
			Optional<Product> found = this.catalog.findByGtin(gtin14);
			if (found.isEmpty()) {
				throw new ForbiddenException("not-granted", "Not granted",
						"GTIN " + gtin14 + " is not registered by any brand on Veritrace");
			}
			product = new ProductOwner(found.get().getId(), found.get().getBrandId());
			if (this.products.size() > CACHE_LIMIT) {
				this.products.clear();
			}
			this.products.put(gtin14, product);
		}
		long brandId = product.brandId();
		if (brandId == reporterId) {
			return;
		}
		long productId = product.productId();
		List<PartnerGrant> live = liveGrants(reporterId, brandId, right);
		boolean granted = false;
		if (live.stream()
			.anyMatch(g -> g.getProductId() == null || (g.getProductId() == productId && g.getLotId() == null))) {
			granted = true;
		}
		else if (lotNumber != null && live.stream().anyMatch(g -> g.getLotId() != null)) {
			Long lotId = this.catalog.findLot(productId, lotNumber).map(Lot::getId).orElse(null);
			granted = live.stream().anyMatch(g -> g.covers(productId, lotId));
		}
		if (!granted) {
			throw new ForbiddenException("not-granted", "Not granted",
					"The brand owning GTIN " + gtin14 + (lotNumber != null ? " lot " + lotNumber : "")
							+ " has not granted your organisation the right to report " + right);
		}
	}

	/**
	 * Whether {@code reporter} may report events on a container (SSCC) that {@code owner}
	 * holds: the holder itself, or an organisation holding a live EVENTS grant from it
	 * (for any of its products): the partners it trusts with its goods.
	 */
	public boolean mayReportOnContainer(long reporterId, long ownerId) {
		return reporterId == ownerId || !liveGrants(reporterId, ownerId, GrantRight.EVENTS).isEmpty();
	}

	/**
	 * Live grants of a reporter from a brand, cached for {@link #GRANT_CACHE_TTL}: the
	 * ingest path checks every event, and a grant or revocation made on this node takes
	 * effect at once (the cache is cleared); on other nodes within the TTL.
	 */
	private List<PartnerGrant> liveGrants(long reporterId, long brandId, GrantRight right) {
		String key = reporterId + "/" + brandId + "/" + right;
		long now = System.nanoTime();
		CachedGrants cached = this.grantCache.get(key);
		if (cached != null && now - cached.loadedNanos() < GRANT_CACHE_TTL.toNanos()) {
			return cached.grants();
		}
		List<PartnerGrant> live = this.grants.findByGranteeIdAndBrandIdAndRightAndRevokedAtIsNull(reporterId, brandId,
				right);
		if (this.grantCache.size() > CACHE_LIMIT) {
			this.grantCache.clear();
		}
		this.grantCache.put(key, new CachedGrants(List.copyOf(live), now));
		return live;
	}

	private record ProductOwner(long productId, long brandId) {
	}

	private record CachedGrants(List<PartnerGrant> grants, long loadedNanos) {
	}

	private static Caller withRead(Caller caller) {
		return caller.has(Scope.READ) ? caller : new Caller(caller.organisationId(), caller.organisationName(),
				caller.kind(), caller.apiKeyId(), java.util.EnumSet.of(Scope.READ));
	}

}
