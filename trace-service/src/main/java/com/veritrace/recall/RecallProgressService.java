package com.veritrace.recall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A recall's progress for those who run it (its brand, its initiator, regulators; 404 for
 * anyone else): sums over the holder rows the build and the applier keep current, so an
 * answer reads a few hundred rows at most whatever the recall's size, plus the scans
 * (through {@link RecallProgressScans}), the alerts and the partners' responses.
 */
@Service
public class RecallProgressService {

	/** Holder rows shown at most. */
	static final int HOLDERS = 500;

	private final RecallService recalls;

	private final RecallStore store;

	private final RecallProgressStore progress;

	private final RecallAlertStore alerts;

	private final RecallResponsesStore responses;

	private final ObjectProvider<RecallProgressScans> scans;

	private final OrganisationRepository organisations;

	private final Clock clock;

	RecallProgressService(RecallService recalls, RecallStore store, RecallProgressStore progress,
			RecallAlertStore alerts, RecallResponsesStore responses, ObjectProvider<RecallProgressScans> scans,
			OrganisationRepository organisations, Clock clock) {
		this.recalls = recalls;
		this.store = store;
		this.progress = progress;
		this.alerts = alerts;
		this.responses = responses;
		this.scans = scans;
		this.organisations = organisations;
		this.clock = clock;
	}

	/**
	 * The recall's progress.
	 * @throws com.veritrace.shared.NotFoundException for a recall the caller does not run
	 */
	@Transactional(readOnly = true)
	public RecallProgress progress(Caller caller, String recallId) {
		RecallStore.Head head = runHead(caller, recallId);
		RecallProgressStore.Build build = this.progress.find(recallId);
		RecallProgressStore.Totals totals = build == null ? new RecallProgressStore.Totals(0, 0, 0, 0, 0)
				: this.progress.totals(build.id());
		List<RecallProgressStore.Holder> holderRows = build == null ? List.of()
				: this.progress.holders(build.id(), HOLDERS);
		List<RecallResponsesStore.Recipient> recipientRows = this.responses.recipients(recallId);
		Map<Long, RecallResponsesStore.Confirmations> confirmations = new HashMap<>();
		this.responses.confirmations(recallId).forEach(c -> confirmations.put(c.organisationId(), c));
		Set<Long> ids = new LinkedHashSet<>();
		holderRows.forEach(h -> ids.add(h.holderId()));
		recipientRows.forEach(r -> ids.add(r.organisationId()));
		Map<Long, String> names = names(ids);
		List<RecallProgress.Holder> holders = holderRows.stream().map(h -> holder(h, names)).toList();
		List<RecallProgress.Recipient> recipients = new ArrayList<>();
		for (RecallResponsesStore.Recipient r : recipientRows) {
			RecallResponsesStore.Confirmations c = confirmations.get(r.organisationId());
			recipients.add(new RecallProgress.Recipient(r.organisationId(),
					names.getOrDefault(r.organisationId(), "#" + r.organisationId()),
					Instant.ofEpochMilli(r.notifiedMs()),
					r.acknowledgedMs() == null ? null : Instant.ofEpochMilli(r.acknowledgedMs()), r.acknowledgedBy(),
					c == null ? 0 : c.count(), c == null ? null : Instant.ofEpochMilli(c.lastMs()),
					c == null ? 0 : c.itemsRemoved(), c == null ? null : c.latestQuantity()));
		}
		RecallProgress.Build buildView = build == null
				? new RecallProgress.Build("PENDING", 0, Instant.ofEpochMilli(head.issuedMs()), null)
				: new RecallProgress.Build(build.status(), build.itemsBuilt(), Instant.ofEpochMilli(build.startedMs()),
						build.finishedMs() == null ? null : Instant.ofEpochMilli(build.finishedMs()));
		return new RecallProgress(recallId, head.gtin(), head.status(), Instant.ofEpochMilli(head.issuedMs()),
				head.itemCount(), buildView, totals.items(), totals.itemsRemoved(),
				totals.items() - totals.itemsRemoved(), totals.itemsNotSeen(), totals.cases(), totals.casesRemoved(),
				this.alerts.countNoted(recallId, RecallAlertStore.REMOVAL), this.alerts.countAlerts(recallId), holders,
				build == null ? 0 : this.progress.countHolders(build.id()), scans(head), recipients,
				this.progress.countQueued(recallId), this.clock.instant());
	}

	/**
	 * A page of the recall's affected items in serial order after {@code after}:
	 * optionally only those last seen by an organisation ({@code holder}; 0: those no
	 * event named yet), only removed ones or only those in circulation.
	 */
	@Transactional(readOnly = true)
	public RecallProgress.ItemPage items(Caller caller, String recallId, @Nullable Long holder,
			@Nullable Boolean removed, @Nullable String after, int limit) {
		runHead(caller, recallId);
		RecallProgressStore.Build build = this.progress.find(recallId);
		if (build == null) {
			return new RecallProgress.ItemPage(List.of(), null);
		}
		int size = Math.max(1, Math.min(limit, 1000));
		List<Long> holderRows = holder == null ? null : this.progress.holderRowsOf(build.id(), holder);
		List<RecallProgressStore.State> rows = this.progress.items(build.id(), holderRows, removed, after, size);
		Map<Long, RecallProgressStore.Holder> holders = this.progress
			.holdersById(rows.stream().map(RecallProgressStore.State::holderRow).distinct().toList());
		Map<Long, String> names = names(holders.values().stream().map(RecallProgressStore.Holder::holderId).toList());
		List<RecallProgress.Item> items = new ArrayList<>();
		for (RecallProgressStore.State s : rows) {
			RecallProgressStore.Holder h = holders.get(s.holderRow());
			Long org = h == null || h.holderId() == 0 ? null : h.holderId();
			items.add(new RecallProgress.Item(s.key(), s.lotNumber(), org, org == null ? null : names.get(org),
					h == null || h.location().isEmpty() ? null : h.location(),
					s.seenMs() == null ? null : Instant.ofEpochMilli(s.seenMs()), s.sscc(), s.removed(), s.removedHow(),
					s.removedBy()));
		}
		return new RecallProgress.ItemPage(items, rows.size() == size ? rows.get(rows.size() - 1).key() : null);
	}

	private RecallStore.Head runHead(Caller caller, String recallId) {
		RecallStore.Head head = this.store.head(recallId, false);
		if (head == null || !this.recalls.runs(caller, recallId)) {
			throw RecallService.notFound(recallId);
		}
		return head;
	}

	private RecallProgress.Scans scans(RecallStore.Head head) {
		RecallProgressScans port = this.scans.getIfAvailable();
		if (port == null) {
			return new RecallProgress.Scans(0, 0, null);
		}
		List<String> lots = new ArrayList<>();
		List<RecallScope> ranges = new ArrayList<>();
		for (RecallStore.ScopeRow row : this.store.scopes(head.id())) {
			if (row.scope().isLot()) {
				lots.add(row.scope().lotNumber());
			}
			else {
				ranges.add(row.scope());
			}
		}
		RecallProgressScans.Scans found = port.recalledScans(head.gtin(), lots, ranges, head.issuedMs());
		return new RecallProgress.Scans(found.scans(), found.items(), found.last());
	}

	private static RecallProgress.Holder holder(RecallProgressStore.Holder h, Map<Long, String> names) {
		Long org = h.holderId() == 0 ? null : h.holderId();
		return new RecallProgress.Holder(org, org == null ? null : names.getOrDefault(org, "#" + org),
				h.location().isEmpty() ? null : h.location(), h.items(), h.itemsRemoved(), h.items() - h.itemsRemoved(),
				h.cases(), h.casesRemoved(), h.lastSeenMs() == null ? null : Instant.ofEpochMilli(h.lastSeenMs()));
	}

	private Map<Long, String> names(java.util.Collection<Long> ids) {
		Map<Long, String> names = new HashMap<>();
		for (Organisation organisation : this.organisations.findAllById(ids)) {
			names.put(organisation.getId(), organisation.getName());
		}
		return names;
	}

}
