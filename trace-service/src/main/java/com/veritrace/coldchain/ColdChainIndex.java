package com.veritrace.coldchain;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.ExpiringMap;
import org.springframework.stereotype.Component;

/**
 * The scan page's view of the cold chain: the excursions marking an item or lot, and a
 * {@link #fingerprint} of a GTIN's excursions that changes with each new one (a page
 * built under another is stale and is built again, as with recalls). The fingerprint is
 * the GTIN's count and highest id, read at most once per {@code print-ttl} per node and
 * GTIN (the node that records an excursion forgets its count at once): the same on every
 * node, so pages shared through Redis are not rebuilt back and forth.
 */
@Component
public class ColdChainIndex {

	/** Excursions shown on one page at most. */
	public static final int PAGE_LIMIT = 5;

	private final ExcursionStore store;

	private final ColdChainProperties properties;

	private final ExpiringMap<Long> prints = new ExpiringMap<>(50_000);

	ColdChainIndex(ExcursionStore store, ColdChainProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/** What the GTIN's excursions are now, as a number (0: none). */
	public long fingerprint(String gtin) {
		Long print = this.prints.get(gtin);
		if (print == null) {
			print = this.store.print(gtin);
			this.prints.put(gtin, print, this.properties.printTtl());
		}
		return print;
	}

	/**
	 * The excursions marking an item (itself or its whole lot) or, with no serial, a lot;
	 * newest first, at most {@link #PAGE_LIMIT}. One query at most, without a
	 * transaction: a read-only transaction costs a new scan's page several round trips to
	 * the database (read-only and autocommit switched on the connection and back), even
	 * when the GTIN has no excursion and nothing is read.
	 */
	public List<Excursion> excursionsOf(String gtin, @Nullable String serial, @Nullable String lotNumber) {
		if (fingerprint(gtin) == 0) {
			return List.of();
		}
		if (serial != null) {
			return this.store.ofItem(gtin, serial, lotNumber, PAGE_LIMIT);
		}
		return lotNumber == null ? List.of() : this.store.ofLot(gtin, lotNumber, PAGE_LIMIT);
	}

	/** Forgets the GTIN's count (an excursion of it was just committed on this node). */
	void changed(String gtin) {
		this.prints.remove(gtin);
	}

}
