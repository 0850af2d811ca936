package com.veritrace.tenancy;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrganisationService {

	private static final Logger log = LoggerFactory.getLogger(OrganisationService.class);

	private final OrganisationRepository organisations;

	private final Clock clock;

	OrganisationService(OrganisationRepository organisations, Clock clock) {
		this.organisations = organisations;
		this.clock = clock;
	}

	@Transactional
	public Organisation create(Caller caller, String name, OrganisationKind kind) {
		requireAdmin(caller);
		if (kind == OrganisationKind.PLATFORM) {
			throw InvalidException.of("kind", "there is exactly one platform operator; it cannot be created");
		}
		return createUnchecked(name.strip(), kind);
	}

	/** Creates an organisation without a caller: bootstrap and demo seeding only. */
	@Transactional
	public Organisation createUnchecked(String name, OrganisationKind kind) {
		if (this.organisations.existsByName(name)) {
			throw ConflictException.of("An organisation named '" + name + "' already exists", "name");
		}
		Organisation organisation = this.organisations.save(new Organisation(name, kind, this.clock.instant()));
		log.info("Organisation {} '{}' ({}) created", organisation.getId(), name, kind);
		return organisation;
	}

	@Transactional(readOnly = true)
	public List<Organisation> list(Caller caller) {
		if (!caller.readsAcrossTenants()) {
			return List.of(get(caller, caller.organisationId()));
		}
		caller.require(Scope.READ);
		return this.organisations.findAll();
	}

	/**
	 * A page of all organisations for the platform operator, by id, after
	 * {@code afterId}, optionally those whose name contains {@code query}.
	 */
	@Transactional(readOnly = true)
	public List<Organisation> page(Caller caller, @Nullable String query, long afterId, int limit) {
		requireAdmin(caller);
		return this.organisations.page(afterId, like(query), PageRequest.of(0, Math.max(1, Math.min(limit, 200))));
	}

	/**
	 * The organisations a brand may grant rights to (manufacturers, warehouses, logistics
	 * carriers, labs) whose name contains {@code query}, by name: the names a brand
	 * chooses from.
	 */
	@Transactional(readOnly = true)
	public List<Organisation> partnerDirectory(Caller caller, @Nullable String query, int limit) {
		caller.require(Scope.READ);
		return this.organisations.directory(PARTNER_KINDS, like(query),
				PageRequest.of(0, Math.max(1, Math.min(limit, 1000))));
	}

	/**
	 * The brands whose name contains {@code query}, by name: for those who read across
	 * brands (regulators, the platform operator) only.
	 */
	@Transactional(readOnly = true)
	public List<Organisation> brands(Caller caller, @Nullable String query, int limit) {
		caller.require(Scope.READ);
		if (!caller.readsAcrossTenants()) {
			throw ForbiddenException.of("Only regulators and the platform operator search across brands");
		}
		return this.organisations.directory(EnumSet.of(OrganisationKind.BRAND), like(query),
				PageRequest.of(0, Math.max(1, Math.min(limit, 200))));
	}

	private static String like(@Nullable String query) {
		return query == null || query.isBlank() ? ""
				: "%" + query.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
	}

	static final Set<OrganisationKind> PARTNER_KINDS = EnumSet.of(OrganisationKind.MANUFACTURER,
			OrganisationKind.WAREHOUSE, OrganisationKind.LOGISTICS, OrganisationKind.LAB);

	@Transactional(readOnly = true)
	public Organisation get(Caller caller, long id) {
		Organisation organisation = this.organisations.findById(id)
			.filter(o -> caller.organisationId() == id || caller.readsAcrossTenants())
			.orElseThrow(() -> NotFoundException.of("Organisation", "No organisation " + id));
		return organisation;
	}

	/**
	 * Resolves an organisation id named in a request (e.g. a grantee); 400 when there is
	 * none.
	 */
	@Transactional(readOnly = true)
	public Organisation require(long id, String field) {
		return this.organisations.findById(id)
			.orElseThrow(() -> InvalidException.of(field, "no organisation with id " + id));
	}

	/** Owners and admins of the organisation must log in with a second factor. */
	@Transactional
	public void setRequireTotp(long id, boolean required) {
		this.organisations.findById(id)
			.orElseThrow(() -> NotFoundException.of("Organisation", "No organisation " + id))
			.setRequireTotp(required);
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.isPlatformAdmin()) {
			throw ForbiddenException.of("Only the platform operator's admin key may create organisations");
		}
	}

}
