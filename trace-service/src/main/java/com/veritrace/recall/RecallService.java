package com.veritrace.recall;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.events.AffectedEvents;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationRepository;
import com.veritrace.tenancy.Scope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Recall orders: a brand recalls its own products, a regulator any brand's. Issuing one
 * is one transaction: the recall, its first version and resolved scope, the lots marked
 * RECALLED, the recall's EPCIS event (stored, hence anchored), the change every node's
 * scan pages pick up, the audit line and {@link RecallChanged} for what follows the
 * commit. Nothing a recall says is edited: an amendment is a new version (scope only
 * grows), and its lifecycle moves forward only.
 */
@Service
public class RecallService {

	private static final Logger log = LoggerFactory.getLogger(RecallService.class);

	/** Items a serial range may list in the recall's event; more: recall the lots. */
	static final int MAX_LISTED_ITEMS = 100_000;

	private final RecallStore store;

	private final RecallEvents events;

	private final RecallIndex index;

	private final CatalogService catalog;

	private final CodeRegistry registry;

	private final OrganisationRepository organisations;

	private final AuditLog audit;

	private final ApplicationEventPublisher publisher;

	private final JsonMapper json;

	private final Clock clock;

	RecallService(RecallStore store, RecallEvents events, RecallIndex index, CatalogService catalog,
			CodeRegistry registry, OrganisationRepository organisations, AuditLog audit,
			ApplicationEventPublisher publisher, JsonMapper json, Clock clock) {
		this.store = store;
		this.events = events;
		this.index = index;
		this.catalog = catalog;
		this.registry = registry;
		this.organisations = organisations;
		this.audit = audit;
		this.publisher = publisher;
		this.json = json;
		this.clock = clock;
	}

	/** What a request would recall, without recalling it: for a confirmation step. */
	public record Preview(String gtin, String productName, List<String> lots, List<RecallScope> serialRanges,
			long itemCount) {
	}

	/**
	 * Resolves and counts the request's scope as {@link #issue} would, changing nothing.
	 */
	@Transactional(readOnly = true)
	public Preview preview(Caller caller, RecallRequest request) {
		Checked checked = check(caller, request, null);
		return new Preview(checked.product().getGtin(), checked.product().getName(), checked.lots(), checked.ranges(),
				checked.itemCount());
	}

	/**
	 * Issues a recall.
	 * @throws ForbiddenException when the caller may not recall (not a brand or
	 * regulator, or no {@code recalls:write})
	 * @throws NotFoundException for a GTIN the caller does not own (a brand) or nobody
	 * registered
	 * @throws InvalidException listing every problem of the request (unknown lots, an
	 * empty scope, a missing instruction...)
	 */
	@Transactional
	public RecallView issue(Caller caller, RecallRequest request) {
		Checked checked = check(caller, request, null);
		Product product = checked.product();
		String id = UUID.randomUUID().toString();
		Instant now = this.clock.instant();
		long at = now.toEpochMilli();
		this.store.insertHead(new RecallStore.Head(id, product.getBrandId(), product.getGtin(), caller.organisationId(),
				caller.kind().name(), RecallStatus.ISSUED, 1, checked.recallClass(), checked.itemCount(), at, at));
		writeVersion(caller, id, 1, product, checked, now, null);
		this.store.insertTransition(id,
				new RecallStore.TransitionRow(RecallStatus.ISSUED, at, caller.organisationId(), caller.label(), null));
		this.audit.record(caller, "recall.issued", id, "GTIN " + product.getGtin() + ", class " + checked.recallClass()
				+ ", " + checked.itemCount() + " items");
		if (product.getBrandId() != caller.organisationId()) {
			this.audit.record(product.getBrandId(), caller, "recall.issued", id,
					"mandatory recall by " + caller.organisationName() + " of GTIN " + product.getGtin());
		}
		this.publisher.publishEvent(new RecallChanged(id, 1, RecallChanged.Change.ISSUED));
		log.info("Recall {} issued by organisation {} for GTIN {}: {} lots, {} serial ranges, {} items", id,
				caller.organisationId(), product.getGtin(), checked.lots().size(), checked.ranges().size(),
				checked.itemCount());
		return view(id);
	}

	/**
	 * Amends a recall: a new version saying what the request says (omitted fields carry
	 * over) and adding its scope to the recall's; {@code note} says why. By its initiator
	 * or a regulator; not once closed.
	 */
	@Transactional
	public RecallView amend(Caller caller, String id, RecallRequest request) {
		caller.require(Scope.RECALLS_WRITE);
		RecallStore.Head head = mayChange(caller, id);
		if (head.status() == RecallStatus.CLOSED) {
			throw new ConflictException("recall-closed", "Recall closed",
					"Recall " + id + " is closed; issue a new recall instead");
		}
		List<RecallStore.VersionRow> versions = this.store.versions(id);
		RecallStore.VersionRow last = versions.get(versions.size() - 1);
		Checked checked = check(caller, request, new Amended(head, last, this.store.scopes(id)));
		int version = head.currentVersion() + 1;
		Instant now = this.clock.instant();
		long itemCount = head.itemCount() + checked.itemCount();
		writeVersion(caller, id, version, checked.product(), checked.withItemCount(itemCount), now,
				blankToNull(request.note()));
		this.store.newVersion(id, version, checked.recallClass(), itemCount);
		this.audit.record(caller, "recall.amended", id, "version " + version + ": " + request.note());
		this.publisher.publishEvent(new RecallChanged(id, version, RecallChanged.Change.AMENDED));
		log.info("Recall {} amended to version {} by organisation {}", id, version, caller.organisationId());
		return view(id);
	}

	/**
	 * Moves a recall on: to IN_PROGRESS (from ISSUED) or CLOSED (with a closing note). By
	 * its initiator or a regulator.
	 */
	@Transactional
	public RecallView transition(Caller caller, String id, @Nullable RecallStatus to, @Nullable String note) {
		caller.require(Scope.RECALLS_WRITE);
		RecallStore.Head head = mayChange(caller, id);
		if (to == null || to == RecallStatus.ISSUED) {
			throw InvalidException.of("status", "the status to move to must be IN_PROGRESS or CLOSED");
		}
		if (to == RecallStatus.CLOSED && blankToNull(note) == null) {
			throw InvalidException.of("note", "a recall is closed with a closing note");
		}
		if (note != null && note.length() > 2000) {
			throw InvalidException.of("note", "at most 2000 characters");
		}
		move(head, to, caller.organisationId(), caller.label(), blankToNull(note));
		this.audit.record(caller, "recall." + to.name().toLowerCase(Locale.ROOT), id, note);
		return view(id);
	}

	/**
	 * Marks a recall IN_PROGRESS when it still is ISSUED (a partner acknowledged it or
	 * removal started), on behalf of {@code byOrganisation}; nothing when it is already
	 * further.
	 */
	@Transactional
	public void started(String id, long byOrganisation, String byLabel) {
		RecallStore.Head head = this.store.head(id, true);
		if (head != null && head.status() == RecallStatus.ISSUED) {
			move(head, RecallStatus.IN_PROGRESS, byOrganisation, byLabel, null);
		}
	}

	private void move(RecallStore.Head head, RecallStatus to, long byOrg, String byLabel, @Nullable String note) {
		RecallStatus from = head.status();
		boolean allowed = to == RecallStatus.IN_PROGRESS ? from == RecallStatus.ISSUED : from != RecallStatus.CLOSED;
		if (!allowed) {
			throw new ConflictException("recall-status", "Not allowed now",
					"Recall " + head.id() + " is " + from + "; it cannot move to " + to);
		}
		long at = this.clock.millis();
		this.store.moveStatus(head.id(), from, to, at);
		this.store.insertTransition(head.id(), new RecallStore.TransitionRow(to, at, byOrg, byLabel, note));
		this.store.insertChange(head.id(), head.gtin(), at);
		this.publisher.publishEvent(new RecallChanged(head.id(), head.currentVersion(),
				to == RecallStatus.CLOSED ? RecallChanged.Change.CLOSED : RecallChanged.Change.IN_PROGRESS));
		refreshIndexAfterCommit();
		log.info("Recall {} moved from {} to {} by organisation {}", head.id(), from, to, byOrg);
	}

	/** One recall, for its brand, its initiator, partners told of it and regulators. */
	@Transactional(readOnly = true)
	public RecallView get(Caller caller, String id) {
		caller.require(Scope.READ);
		RecallStore.Head head = this.store.head(id, false);
		if (head == null || !mayRead(caller, head)) {
			throw notFound(id);
		}
		return view(id);
	}

	/**
	 * Recalls newest first: a regulator's (and the platform's) every recall, an
	 * organisation's those of its products, those it issued and those it was told about.
	 */
	@Transactional(readOnly = true)
	public List<RecallView.Summary> list(Caller caller, @Nullable RecallStatus status, @Nullable String gtin,
			@Nullable Long beforeMs, @Nullable String beforeId, int limit) {
		caller.require(Scope.READ);
		String gtin14 = gtin == null || gtin.isBlank() ? null : CatalogService.gtin(gtin);
		List<RecallStore.Head> heads = this.store.page(caller.readsAcrossTenants() ? null : caller.organisationId(),
				status, gtin14, beforeMs, beforeId, Math.max(1, Math.min(limit, 200)));
		// one query for the reasons, and each product and organisation name looked up
		// once
		// per page rather than per row
		Map<String, RecallReason> reasons = this.store.latestReasons(heads.stream().map(RecallStore.Head::id).toList());
		Map<String, String> products = new HashMap<>();
		Map<Long, String> organisations = new HashMap<>();
		List<RecallView.Summary> summaries = new ArrayList<>();
		for (RecallStore.Head head : heads) {
			String productName = products.computeIfAbsent(head.gtin(),
					(g) -> this.catalog.findByGtin(g).map(Product::getName).orElse(g));
			summaries.add(new RecallView.Summary(head.id(), head.gtin(), productName, head.brandId(),
					organisations.computeIfAbsent(head.brandId(), this::name), head.initiatorKind(), isMandatory(head),
					head.status(), head.currentVersion(), head.recallClass(), reasons.get(head.id()), head.itemCount(),
					Instant.ofEpochMilli(head.issuedMs()), Instant.ofEpochMilli(head.statusMs())));
		}
		return summaries;
	}

	/**
	 * Whether the caller may read the recall: for the other modules (progress, records,
	 * notices), which answer 404 otherwise.
	 */
	@Transactional(readOnly = true)
	public boolean readable(Caller caller, String id) {
		RecallStore.Head head = this.store.head(id, false);
		return head != null && caller.has(Scope.READ) && mayRead(caller, head);
	}

	/**
	 * Whether the caller runs the recall: its brand, its initiator or a regulator (who
	 * see its progress and records, unlike partners told of it).
	 */
	@Transactional(readOnly = true)
	public boolean runs(Caller caller, String id) {
		RecallStore.Head head = this.store.head(id, false);
		return head != null && caller.has(Scope.READ) && (head.brandId() == caller.organisationId()
				|| head.initiatorId() == caller.organisationId() || caller.readsAcrossTenants());
	}

	/**
	 * One recall, for the modules that act on its changes after the commit (notices), not
	 * for answering a caller: that is {@link #get}.
	 * @throws NotFoundException for an unknown id
	 */
	@Transactional(readOnly = true)
	public RecallView read(String id) {
		return view(id);
	}

	/**
	 * What the recall covers, as the events module selects goods: its lots, and the items
	 * of its serial ranges, of its GTIN.
	 */
	@Transactional(readOnly = true)
	public AffectedEvents.Selection affected(String id) {
		RecallStore.Head head = this.store.head(id, false);
		if (head == null) {
			throw notFound(id);
		}
		Set<String> lots = new LinkedHashSet<>();
		List<RecallScope> ranges = new ArrayList<>();
		for (RecallStore.ScopeRow row : this.store.scopes(id)) {
			if (row.scope().isLot()) {
				lots.add(row.scope().lotNumber());
			}
			else {
				ranges.add(row.scope());
			}
		}
		String gtin = head.gtin();
		return new AffectedEvents.Selection(gtin, lots,
				serial -> ranges.stream().anyMatch(r -> r.covers(gtin, serial, null)));
	}

	/** A recall's resolved scope, for the other modules. */
	@Transactional(readOnly = true)
	public List<RecallScope> scope(String id) {
		return this.store.scopes(id).stream().map(RecallStore.ScopeRow::scope).toList();
	}

	private boolean mayRead(Caller caller, RecallStore.Head head) {
		return head.brandId() == caller.organisationId() || head.initiatorId() == caller.organisationId()
				|| caller.readsAcrossTenants() || this.store.isRecipient(head.id(), caller.organisationId());
	}

	/**
	 * The recall, locked, if the caller may change it: its initiator or a regulator; 404
	 * for anyone who may not read it, 403 for a reader who may not change it.
	 */
	private RecallStore.Head mayChange(Caller caller, String id) {
		RecallStore.Head head = this.store.head(id, true);
		if (head == null || !mayRead(caller, head)) {
			throw notFound(id);
		}
		if (head.initiatorId() != caller.organisationId() && caller.kind() != OrganisationKind.REGULATOR) {
			throw ForbiddenException
				.of(isMandatory(head) ? "This recall was ordered by a regulator; only a regulator changes it"
						: "Only the organisation that issued this recall, or a regulator, changes it");
		}
		return head;
	}

	private static boolean isMandatory(RecallStore.Head head) {
		return OrganisationKind.REGULATOR.name().equals(head.initiatorKind());
	}

	private void writeVersion(Caller caller, String id, int version, Product product, Checked checked, Instant now,
			@Nullable String note) {
		List<String> serials = new ArrayList<>();
		for (RecallScope range : checked.ranges()) {
			serials.addAll(this.registry.serialsInRange(product.getGtin(),
					new CodeRegistry.SerialRange(range.serialFrom(), range.serialTo()), MAX_LISTED_ITEMS + 1));
		}
		if (serials.size() > MAX_LISTED_ITEMS) {
			throw InvalidException.of("serialRanges", "the serial ranges cover more than " + MAX_LISTED_ITEMS
					+ " items, which the recall's event lists one by one; recall their lots instead");
		}
		byte[] eventHash = this.events.record(caller.organisationId(), id, version, now, product.getGtin(),
				checked.lots(), serials, checked.recallClass(), checked.reasonCode());
		List<RecallScope> scopes = new ArrayList<>();
		checked.lots().forEach(lot -> scopes.add(RecallScope.lot(product.getGtin(), lot)));
		scopes.addAll(checked.ranges());
		this.store.insertVersion(new RecallStore.VersionRow(id, version, checked.recallClass(), checked.reasonCode(),
				checked.reason(), checked.consumerInstructions(), checked.partnerInstructions(), checked.deadline(),
				this.json.writeValueAsString(checked.requestedScope()), note, checked.itemCount(), now.toEpochMilli(),
				caller.organisationId(), caller.label(), eventHash));
		if (!scopes.isEmpty()) {
			this.store.insertScopes(id, version, scopes);
		}
		this.catalog.markRecalled(product.getId(), checked.lots());
		this.store.insertChange(id, product.getGtin(), now.toEpochMilli());
		refreshIndexAfterCommit();
	}

	/**
	 * The node that committed a change shows it at once; the others at their next poll.
	 */
	private void refreshIndexAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					RecallService.this.index.refresh();
				}
			});
		}
	}

	/** What an amendment starts from. */
	private record Amended(RecallStore.Head head, RecallStore.VersionRow last, List<RecallStore.ScopeRow> scopes) {
	}

	/** A checked request: what the version says, and the scope it adds, resolved. */
	private record Checked(Product product, RecallClass recallClass, RecallReason reasonCode, String reason,
			Map<String, String> consumerInstructions, Map<String, String> partnerInstructions,
			@Nullable LocalDate deadline, List<String> lots, List<RecallScope> ranges, long itemCount,
			Map<String, Object> requestedScope) {

		Checked withItemCount(long count) {
			return new Checked(this.product, this.recallClass, this.reasonCode, this.reason, this.consumerInstructions,
					this.partnerInstructions, this.deadline, this.lots, this.ranges, count, this.requestedScope);
		}

	}

	/**
	 * Checks who asks and what: every problem of the request at once. For an amendment,
	 * omitted fields carry over and the scope may be empty (nothing added).
	 */
	private Checked check(Caller caller, RecallRequest r, @Nullable Amended amended) {
		caller.require(Scope.RECALLS_WRITE);
		if (caller.kind() != OrganisationKind.BRAND && caller.kind() != OrganisationKind.REGULATOR) {
			throw new ForbiddenException("recall-not-allowed", "Not allowed",
					"Only a brand (for its own products) or a regulator issues recalls");
		}
		List<FieldProblem> problems = new ArrayList<>();
		RecallStore.VersionRow last = amended == null ? null : amended.last();
		String gtinText = r.gtin();
		if (amended != null && (gtinText == null || gtinText.isBlank())) {
			gtinText = amended.head().gtin();
		}
		if (gtinText == null || gtinText.isBlank()) {
			throw InvalidException.of("gtin", "the GTIN of the product to recall is required");
		}
		String gtin;
		try {
			gtin = CatalogService.gtin(gtinText);
		}
		catch (RuntimeException ex) {
			throw InvalidException.of("gtin", ex.getMessage() == null ? "not a valid GTIN" : ex.getMessage());
		}
		if (amended != null && !gtin.equals(amended.head().gtin())) {
			throw InvalidException.of("gtin", "an amendment is about the recall's GTIN " + amended.head().gtin());
		}
		Product product = this.catalog.findByGtin(gtin).orElseThrow(() -> CatalogService.notFound(gtin));
		if (caller.kind() == OrganisationKind.BRAND && product.getBrandId() != caller.organisationId()) {
			throw CatalogService.notFound(gtin);
		}
		RecallClass recallClass = parse(RecallClass.class, r.recallClass(), "recallClass",
				last == null ? null : last.recallClass(), problems);
		RecallReason reasonCode = parse(RecallReason.class, r.reasonCode(), "reasonCode",
				last == null ? null : last.reasonCode(), problems);
		String reason = text(r.reason(), "reason", 2000, last == null ? null : last.reason(), problems);
		Map<String, String> consumer = instructions(r.consumerInstructions(), "consumerInstructions",
				last == null ? null : last.consumerInstructions(), problems);
		Map<String, String> partner = instructions(r.partnerInstructions(), "partnerInstructions",
				last == null ? null : last.partnerInstructions(), problems);
		LocalDate deadline = r.deadline() != null ? r.deadline() : last == null ? null : last.deadline();
		if (r.deadline() != null && r.deadline().isBefore(LocalDate.now(this.clock))) {
			problems.add(new FieldProblem("deadline", "the deadline is in the past"));
		}
		if (amended != null && blankToNull(r.note()) == null) {
			problems.add(new FieldProblem("note", "an amendment says what it changes and why"));
		}
		if (r.note() != null && r.note().length() > 2000) {
			problems.add(new FieldProblem("note", "at most 2000 characters"));
		}
		// the scope
		Set<String> already = new LinkedHashSet<>();
		List<RecallScope> alreadyRanges = new ArrayList<>();
		if (amended != null) {
			for (RecallStore.ScopeRow row : amended.scopes()) {
				if (row.scope().isLot()) {
					already.add(row.scope().lotNumber());
				}
				else {
					alreadyRanges.add(row.scope());
				}
			}
		}
		List<Lot> productLots = this.catalog.allLots(product.getId());
		Map<String, Lot> byNumber = new LinkedHashMap<>();
		productLots.forEach(l -> byNumber.put(l.getLotNumber(), l));
		Set<String> lots = new LinkedHashSet<>();
		List<String> requestedLots = r.lots() == null ? List.of() : r.lots();
		if (requestedLots.size() > 1000) {
			problems.add(new FieldProblem("lots", "at most 1000 lots per request"));
		}
		for (int i = 0; i < requestedLots.size() && i < 1000; i++) {
			String lot = requestedLots.get(i);
			if (lot == null || lot.isBlank()) {
				problems.add(new FieldProblem("lots[" + i + "]", "a lot number is required"));
			}
			else if (!byNumber.containsKey(lot)) {
				problems.add(new FieldProblem("lots[" + i + "]", "GTIN " + gtin + " has no lot '" + clip(lot) + "'"));
			}
			else {
				lots.add(lot);
			}
		}
		if (Boolean.TRUE.equals(r.allLots())) {
			if (productLots.isEmpty()) {
				problems.add(new FieldProblem("allLots", "GTIN " + gtin + " has no lots yet"));
			}
			lots.addAll(byNumber.keySet());
		}
		if (r.producedFrom() != null || r.producedTo() != null) {
			if (r.producedFrom() == null || r.producedTo() == null) {
				problems.add(new FieldProblem(r.producedFrom() == null ? "producedFrom" : "producedTo",
						"a production date range needs both producedFrom and producedTo"));
			}
			else if (r.producedTo().isBefore(r.producedFrom())) {
				problems.add(new FieldProblem("producedTo", "the range ends before it starts"));
			}
			else {
				int before = lots.size();
				boolean any = false;
				for (Lot lot : productLots) {
					LocalDate made = lot.getProductionDate();
					if (made != null && !made.isBefore(r.producedFrom()) && !made.isAfter(r.producedTo())) {
						lots.add(lot.getLotNumber());
						any = true;
					}
				}
				if (!any && before == lots.size()) {
					problems.add(new FieldProblem("producedFrom", "no lot of GTIN " + gtin
							+ " has a production date from " + r.producedFrom() + " to " + r.producedTo()));
				}
			}
		}
		lots.removeAll(already);
		List<RecallScope> ranges = new ArrayList<>();
		List<RecallRequest.SerialRange> requestedRanges = r.serialRanges() == null ? List.of() : r.serialRanges();
		if (requestedRanges.size() > 100) {
			problems.add(new FieldProblem("serialRanges", "at most 100 serial ranges per request"));
		}
		for (int i = 0; i < requestedRanges.size() && i < 100; i++) {
			RecallRequest.SerialRange range = requestedRanges.get(i);
			String field = "serialRanges[" + i + "]";
			String from = range == null ? null : blankToNull(range.from());
			String to = range == null ? null : blankToNull(range.to());
			if (from == null || to == null) {
				problems.add(new FieldProblem(field, "a serial range has a 'from' and a 'to'"));
				continue;
			}
			if (from.length() > 20 || to.length() > 20) {
				problems.add(new FieldProblem(field, "serials are at most 20 characters (GS1 AI 21)"));
				continue;
			}
			if (RecallScope.SERIAL_ORDER.compare(from, to) > 0) {
				problems.add(new FieldProblem(field, "'from' comes after 'to'"));
				continue;
			}
			RecallScope scope = RecallScope.serials(gtin, from, to);
			if (!alreadyRanges.contains(scope) && !ranges.contains(scope)) {
				ranges.add(scope);
			}
		}
		boolean askedForScope = !requestedLots.isEmpty() || !requestedRanges.isEmpty()
				|| Boolean.TRUE.equals(r.allLots()) || r.producedFrom() != null || r.producedTo() != null;
		if (amended == null && !askedForScope) {
			problems.add(new FieldProblem("lots",
					"the scope is empty: name lots, serial ranges, allLots or a production date range"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		List<Long> lotIds = lots.stream().map(l -> byNumber.get(l).getId()).toList();
		long itemCount = this.registry.countItems(gtin, lotIds,
				ranges.stream().map(s -> new CodeRegistry.SerialRange(s.serialFrom(), s.serialTo())).toList());
		for (int i = 0; i < ranges.size(); i++) {
			RecallScope s = ranges.get(i);
			if (this.registry.countItems(gtin, List.of(),
					List.of(new CodeRegistry.SerialRange(s.serialFrom(), s.serialTo()))) == 0) {
				problems.add(new FieldProblem("serialRanges", "no issued code of GTIN " + gtin + " has a serial from "
						+ s.serialFrom() + " to " + s.serialTo()));
			}
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		Map<String, Object> requested = new LinkedHashMap<>();
		requested.put("gtin", gtin);
		if (!requestedLots.isEmpty()) {
			requested.put("lots", requestedLots);
		}
		if (!requestedRanges.isEmpty()) {
			requested.put("serialRanges", requestedRanges);
		}
		if (Boolean.TRUE.equals(r.allLots())) {
			requested.put("allLots", true);
		}
		if (r.producedFrom() != null) {
			requested.put("producedFrom", r.producedFrom().toString());
			requested.put("producedTo", String.valueOf(r.producedTo()));
		}
		return new Checked(product, recallClass, reasonCode, reason, consumer, partner, deadline, List.copyOf(lots),
				ranges, itemCount, requested);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, @Nullable String text, String field, @Nullable E carried,
			List<FieldProblem> problems) {
		if (text == null || text.isBlank()) {
			if (carried == null) {
				problems.add(new FieldProblem(field, "required; one of " + names(type)));
			}
			return carried;
		}
		try {
			return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.add(new FieldProblem(field, "'" + clip(text) + "' is not one of " + names(type)));
			return carried;
		}
	}

	private static String names(Class<? extends Enum<?>> type) {
		return String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
	}

	private static String text(@Nullable String text, String field, int max, @Nullable String carried,
			List<FieldProblem> problems) {
		if (text == null || text.isBlank()) {
			if (carried == null) {
				problems.add(new FieldProblem(field, "required"));
				return "";
			}
			return carried;
		}
		if (text.length() > max) {
			problems.add(new FieldProblem(field, "at most " + max + " characters"));
		}
		return text.strip();
	}

	private static Map<String, String> instructions(@Nullable Map<String, String> given, String field,
			@Nullable Map<String, String> carried, List<FieldProblem> problems) {
		if (given == null || given.isEmpty()) {
			if (carried == null) {
				problems.add(new FieldProblem(field, "required in " + String.join(" and ", RecallRequest.LANGUAGES)));
				return Map.of();
			}
			return carried;
		}
		Map<String, String> texts = new LinkedHashMap<>();
		for (String language : RecallRequest.LANGUAGES) {
			String text = given.get(language);
			if (text == null || text.isBlank()) {
				problems.add(new FieldProblem(field + "." + language, "required"));
			}
			else if (text.length() > 2000) {
				problems.add(new FieldProblem(field + "." + language, "at most 2000 characters"));
			}
			else {
				texts.put(language, text.strip());
			}
		}
		for (String language : given.keySet()) {
			if (!RecallRequest.LANGUAGES.contains(language)) {
				problems.add(new FieldProblem(field + "." + clip(language),
						"unsupported language; give " + String.join(" and ", RecallRequest.LANGUAGES)));
			}
		}
		return texts;
	}

	private RecallView view(String id) {
		RecallStore.Head head = this.store.head(id, false);
		if (head == null) {
			throw notFound(id);
		}
		List<RecallStore.VersionRow> versions = this.store.versions(id);
		RecallStore.VersionRow current = versions.get(versions.size() - 1);
		List<RecallView.Version> versionViews = versions.stream()
			.map(v -> new RecallView.Version(v.version(), v.version() > 1 ? v.version() - 1 : null, v.recallClass(),
					v.reasonCode(), v.reason(), v.consumerInstructions(), v.partnerInstructions(), v.deadline(),
					v.note(), v.itemCount(), Instant.ofEpochMilli(v.createdMs()), v.createdBy(), hashId(v.eventHash())))
			.toList();
		List<RecallView.Scope> scope = this.store.scopes(id)
			.stream()
			.map(s -> new RecallView.Scope(s.version(), s.scope().lotNumber(), s.scope().serialFrom(),
					s.scope().serialTo()))
			.toList();
		List<RecallView.Transition> history = this.store.transitions(id)
			.stream()
			.map(t -> new RecallView.Transition(t.status(), Instant.ofEpochMilli(t.atMs()),
					name(t.byOrg()) + " (" + t.byLabel() + ")", t.note()))
			.toList();
		String productName = this.catalog.findByGtin(head.gtin()).map(Product::getName).orElse(head.gtin());
		return new RecallView(id, head.gtin(), productName, head.brandId(), name(head.brandId()), head.initiatorId(),
				name(head.initiatorId()), head.initiatorKind(), isMandatory(head), head.status(), head.currentVersion(),
				current.recallClass(), current.reasonCode(), current.reason(), current.consumerInstructions(),
				current.partnerInstructions(), current.deadline(), scope, head.itemCount(),
				Instant.ofEpochMilli(head.issuedMs()), Instant.ofEpochMilli(head.statusMs()),
				hashId(current.eventHash()), versionViews, history);
	}

	private String name(long organisationId) {
		return this.organisations.findById(organisationId).map(Organisation::getName).orElse("#" + organisationId);
	}

	static String hashId(byte[] digest) {
		return com.veritrace.events.StoredEvent.hashId("sha-256", digest);
	}

	static NotFoundException notFound(String id) {
		return NotFoundException.of("Recall", "No recall " + clip(id));
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

	private static String clip(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

}
