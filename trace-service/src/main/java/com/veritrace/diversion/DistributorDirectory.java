package com.veritrace.diversion;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Every brand's distributors, as the event and scan watches need them: by location, by
 * partner organisation, by id. Read from the database at most once per
 * {@code veritrace.diversion.cache-ttl} (at once after a change on this node), so a batch
 * of events or scans that concerns no distributor costs a few map look-ups. Its size is
 * that of the distributors' configuration (at most 100 regions and 100 locations each),
 * not of the traffic.
 */
@Component
class DistributorDirectory {

	private final DistributorStore store;

	private final long ttlNanos;

	private volatile @Nullable Snapshot snapshot;

	DistributorDirectory(DistributorStore store, DiversionProperties properties) {
		this.store = store;
		this.ttlNanos = properties.cacheTtl().toNanos();
	}

	/** The distributors as of one read. */
	record Snapshot(long readNanos, Map<Long, Distributor> byId, Map<String, List<Distributor>> byLocation,
			Map<Long, List<Distributor>> byPartner, Set<Long> brands) {

		boolean isEmpty() {
			return this.byId.isEmpty();
		}

	}

	Snapshot current() {
		Snapshot s = this.snapshot;
		if (s == null || System.nanoTime() - s.readNanos() > this.ttlNanos) {
			s = read();
			this.snapshot = s;
		}
		return s;
	}

	/** A distributor changed on this node: read them again next time. */
	void changed() {
		this.snapshot = null;
		if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			// and again once the change is committed, in case a watch read the old rows
			// meanwhile
			org.springframework.transaction.support.TransactionSynchronizationManager
				.registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
					@Override
					public void afterCommit() {
						DistributorDirectory.this.snapshot = null;
					}
				});
		}
	}

	private Snapshot read() {
		Map<Long, Distributor> byId = new HashMap<>();
		Map<String, List<Distributor>> byLocation = new HashMap<>();
		Map<Long, List<Distributor>> byPartner = new HashMap<>();
		Set<Long> brands = new HashSet<>();
		for (Distributor d : this.store.list(null)) {
			byId.put(d.id(), d);
			brands.add(d.brandId());
			for (String location : d.locations()) {
				byLocation.computeIfAbsent(location, k -> new java.util.ArrayList<>()).add(d);
			}
			if (d.partnerId() != null) {
				byPartner.computeIfAbsent(d.partnerId(), k -> new java.util.ArrayList<>()).add(d);
			}
		}
		return new Snapshot(System.nanoTime(), Map.copyOf(byId), Map.copyOf(byLocation), Map.copyOf(byPartner),
				Set.copyOf(brands));
	}

}
