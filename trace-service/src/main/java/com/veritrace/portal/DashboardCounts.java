package com.veritrace.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.events.EventCounts;
import com.veritrace.issuance.CodeCounts;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import org.springframework.stereotype.Component;

/**
 * The dashboard's numbers for an organisation, kept for {@link #TTL} per organisation and
 * web node: counting a million codes on every page view would be the dashboard's whole
 * cost. A brand gets its catalogue and codes counted; every kind gets the events it
 * reported in the last seven days.
 */
@Component
class DashboardCounts {

	static final Duration TTL = Duration.ofMinutes(1);

	static final Duration WEEK = Duration.ofDays(7);

	private static final int MAX_ENTRIES = 10_000;

	private final CatalogService catalog;

	private final CodeCounts codes;

	private final EventCounts events;

	private final Clock clock;

	private final ExpiringMap<Counts> entries = new ExpiringMap<>(MAX_ENTRIES);

	DashboardCounts(CatalogService catalog, CodeCounts codes, EventCounts events, Clock clock) {
		this.catalog = catalog;
		this.codes = codes;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * What the dashboard shows; brand-only numbers are null for other kinds.
	 * {@code countedAt}: when these were counted.
	 */
	record Counts(@Nullable Long products, @Nullable Long lots, @Nullable Long codesIssued, @Nullable Long codesActive,
			long eventsThisWeek, Instant countedAt) {
	}

	Counts of(Caller caller) {
		String key = Long.toString(caller.organisationId());
		Counts counts = this.entries.get(key);
		if (counts == null) {
			counts = count(caller, this.clock.instant());
			this.entries.put(key, counts, TTL);
		}
		return counts;
	}

	/**
	 * Counts again at the next view (after a change made through this node's portal; a
	 * change through the API or another node shows within {@link #TTL}).
	 */
	void forget(long organisationId) {
		this.entries.remove(Long.toString(organisationId));
	}

	private Counts count(Caller caller, Instant now) {
		long events = this.events.reportedSince(caller, now.minus(WEEK));
		if (caller.kind() != OrganisationKind.BRAND) {
			return new Counts(null, null, null, null, events, now);
		}
		CatalogService.Counts catalogue = this.catalog.counts(caller);
		CodeCounts.Counts issued = this.codes.of(caller);
		return new Counts(catalogue.products(), catalogue.lots(), issued.issued(), issued.active(), events, now);
	}

}
