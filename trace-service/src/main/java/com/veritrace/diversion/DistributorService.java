package com.veritrace.diversion;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.partners.GrantService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A brand's distributors, as the API and the portal read and change them. Reading needs
 * {@code read}; changing needs {@code grants:manage} (a brand's ADMIN or OWNER, or a key
 * with that scope). A distributor of another organisation is not found (404).
 */
@Service
public class DistributorService {

	private static final Logger log = LoggerFactory.getLogger(DistributorService.class);

	static final int MAX_REGIONS = 100;

	static final int MAX_LOCATIONS = 100;

	/** An EPCIS location: an EPC URN or an http(s) URI (GS1 Digital Link), no spaces. */
	private static final Pattern LOCATION = Pattern.compile("(urn:[a-zA-Z0-9][a-zA-Z0-9-]{0,31}:|https?://)\\S{1,240}");

	private final DistributorStore store;

	private final DistributorDirectory directory;

	private final OrganisationService organisations;

	private final GrantService grants;

	private final AuditLog audit;

	private final Clock clock;

	DistributorService(DistributorStore store, DistributorDirectory directory, OrganisationService organisations,
			GrantService grants, AuditLog audit, Clock clock) {
		this.store = store;
		this.directory = directory;
		this.organisations = organisations;
		this.grants = grants;
		this.audit = audit;
		this.clock = clock;
	}

	/** What a distributor is made of, as sent. */
	public record Draft(@Nullable String name, @Nullable Long partnerOrganisationId, @Nullable List<String> regions,
			@Nullable List<String> locations) {
	}

	@Transactional(readOnly = true)
	public List<Distributor> list(Caller caller) {
		caller.require(Scope.READ);
		return this.store.list(caller.organisationId());
	}

	@Transactional(readOnly = true)
	public Distributor get(Caller caller, long id) {
		caller.require(Scope.READ);
		return this.store.find(caller.organisationId(), id).orElseThrow(() -> notFound(id));
	}

	@Transactional
	public Distributor create(Caller caller, Draft draft) {
		requireWriter(caller);
		Valid valid = validate(caller, draft, 0);
		long id;
		try {
			id = this.store.insert(caller.organisationId(), valid.name(), valid.partnerId(), this.clock.millis());
			this.store.replaceParts(id, caller.organisationId(), valid.regions(), valid.locations());
		}
		catch (DuplicateKeyException ex) {
			throw ConflictException.of("Another distributor of this brand has this name or one of these locations",
					"name");
		}
		this.directory.changed();
		this.audit.record(caller, "distributor.created", "distributor " + id + " " + valid.name(),
				"regions " + valid.regions());
		log.info("Brand {} added distributor {} (regions {})", caller.organisationId(), id, valid.regions());
		return get(caller, id);
	}

	@Transactional
	public Distributor update(Caller caller, long id, Draft draft) {
		requireWriter(caller);
		get(caller, id);
		Valid valid = validate(caller, draft, id);
		try {
			this.store.update(id, valid.name(), valid.partnerId(), this.clock.millis());
			this.store.replaceParts(id, caller.organisationId(), valid.regions(), valid.locations());
		}
		catch (DuplicateKeyException ex) {
			throw ConflictException.of("Another distributor of this brand has this name or one of these locations",
					"name");
		}
		this.directory.changed();
		this.audit.record(caller, "distributor.updated", "distributor " + id + " " + valid.name(),
				"regions " + valid.regions());
		log.info("Brand {} changed distributor {} (regions {})", caller.organisationId(), id, valid.regions());
		return get(caller, id);
	}

	@Transactional
	public void delete(Caller caller, long id) {
		requireWriter(caller);
		Distributor d = get(caller, id);
		this.store.delete(id);
		this.directory.changed();
		this.audit.record(caller, "distributor.deleted", "distributor " + id + " " + d.name(), null);
		log.info("Brand {} removed distributor {}", caller.organisationId(), id);
	}

	private static void requireWriter(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands define distributors; this caller belongs to a " + caller.kind());
		}
		caller.require(Scope.GRANTS_MANAGE);
	}

	private static NotFoundException notFound(long id) {
		return NotFoundException.of("Distributor", "No distributor " + id);
	}

	private record Valid(String name, @Nullable Long partnerId, List<String> regions, List<String> locations) {
	}

	/** The draft checked; every problem found at once (400 problem details). */
	private Valid validate(Caller caller, Draft draft, long id) {
		List<FieldProblem> errors = new ArrayList<>();
		String name = draft.name() == null ? "" : draft.name().strip();
		if (name.isEmpty() || name.length() > 200) {
			errors.add(new FieldProblem("name", "is required, at most 200 characters"));
		}
		else if (this.store.named(caller.organisationId(), name, id).isPresent()) {
			errors.add(new FieldProblem("name", "another distributor of this brand is named “" + name + "”"));
		}
		Long partnerId = draft.partnerOrganisationId();
		if (partnerId != null) {
			if (partnerId == caller.organisationId()) {
				errors.add(new FieldProblem("partnerOrganisationId", "is the brand itself"));
			}
			else if (!exists(partnerId) || !this.grants.mayReportOnContainer(partnerId, caller.organisationId())) {
				errors.add(new FieldProblem("partnerOrganisationId", "organisation " + partnerId
						+ " is not a partner of this brand (it holds no live grant to report its events)"));
			}
		}
		Set<String> regions = new LinkedHashSet<>();
		List<String> regionTexts = draft.regions() == null ? List.of() : draft.regions();
		if (regionTexts.isEmpty() || regionTexts.size() > MAX_REGIONS) {
			errors.add(new FieldProblem("regions", "lists 1 to " + MAX_REGIONS + " regions"));
		}
		for (int i = 0; i < Math.min(regionTexts.size(), MAX_REGIONS); i++) {
			String text = regionTexts.get(i) == null ? "" : regionTexts.get(i);
			String region = Regions.canonical(text);
			if (region == null) {
				errors.add(new FieldProblem("regions[" + i + "]", Regions.problem(text)));
			}
			else {
				regions.add(region);
			}
		}
		Set<String> locations = new LinkedHashSet<>();
		List<String> locationTexts = draft.locations() == null ? List.of() : draft.locations();
		if (locationTexts.size() > MAX_LOCATIONS) {
			errors.add(new FieldProblem("locations", "lists at most " + MAX_LOCATIONS + " locations"));
		}
		for (int i = 0; i < Math.min(locationTexts.size(), MAX_LOCATIONS); i++) {
			String text = locationTexts.get(i) == null ? "" : locationTexts.get(i).strip();
			if (!LOCATION.matcher(text).matches() || text.length() > 255) {
				errors.add(new FieldProblem("locations[" + i + "]",
						"is not a location URI (e.g. urn:epc:id:sgln:0614141.00777.0 or https://id.gs1.org/414/...)"));
			}
			else {
				locations.add(text);
			}
		}
		if (partnerId == null && locationTexts.isEmpty()) {
			errors.add(new FieldProblem("locations",
					"a distributor is a partner organisation or its locations: give at least one of them"));
		}
		Map<String, String> owners = this.store.locationOwners(caller.organisationId(), List.copyOf(locations), id);
		int i = 0;
		for (String location : locations) {
			if (owners.containsKey(location)) {
				errors.add(new FieldProblem("locations[" + i + "]",
						"is already a location of distributor “" + owners.get(location) + "”"));
			}
			i++;
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		return new Valid(name, partnerId, List.copyOf(regions), List.copyOf(locations));
	}

	private boolean exists(long organisationId) {
		try {
			this.organisations.require(organisationId, "partnerOrganisationId");
			return true;
		}
		catch (InvalidException ex) {
			return false;
		}
	}

}
