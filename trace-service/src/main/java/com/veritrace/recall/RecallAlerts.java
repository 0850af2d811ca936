package com.veritrace.recall;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recall alerts, as stored by the recall watch: one by id for their delivery
 * ({@link RecallAlertRaised} names it), a recall's list for those who run it.
 */
@Service
public class RecallAlerts {

	private final RecallAlertStore store;

	private final RecallService recalls;

	private final OrganisationRepository organisations;

	RecallAlerts(RecallAlertStore store, RecallService recalls, OrganisationRepository organisations) {
		this.store = store;
		this.recalls = recalls;
		this.organisations = organisations;
	}

	/**
	 * The alert, for its delivery to the recall's initiator, brand and regulators (no
	 * caller: the delivering module decides who is told).
	 * @throws NotFoundException when there is no such alert
	 */
	@Transactional(readOnly = true)
	public RecallAlert alert(long alertId) {
		RecallAlertStore.AlertRow row = this.store.alert(alertId);
		if (row == null) {
			throw NotFoundException.of("Recall alert", "No recall alert " + alertId);
		}
		return view(row);
	}

	/**
	 * A recall's alerts, newest first, before the alert id {@code beforeId} (null: from
	 * the newest); for those who run the recall (its brand, its initiator, regulators),
	 * 404 for anyone else.
	 */
	@Transactional(readOnly = true)
	public List<RecallAlert> list(Caller caller, String recallId, @Nullable Long beforeId, int limit) {
		if (!this.recalls.runs(caller, recallId)) {
			throw RecallService.notFound(recallId);
		}
		return this.store.alerts(recallId, beforeId, Math.max(1, Math.min(limit, 500)))
			.stream()
			.map(this::view)
			.toList();
	}

	private RecallAlert view(RecallAlertStore.AlertRow row) {
		String location = row.bizLocation() != null ? row.bizLocation() : row.readPoint();
		return new RecallAlert(row.id(), row.recallId(), RecallService.hashId(row.eventHash()), row.reporterId(),
				this.organisations.findById(row.reporterId()).map(Organisation::getName).orElse("#" + row.reporterId()),
				row.eventType(), row.action(), row.bizStep(), row.disposition(), row.readPoint(), row.bizLocation(),
				location, row.what(), row.itemCount(), Instant.ofEpochMilli(row.eventTimeMs()),
				Instant.ofEpochMilli(row.raisedMs()));
	}

}
