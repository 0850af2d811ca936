package com.veritrace.coldchain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cold-chain excursions counted for dashboards: per UTC day of their reading for one
 * brand (or every brand, for regulators), and the latest ones. The caller checks who may
 * see which brand.
 */
@Service
public class ColdChainStats {

	/** Excursions read on one UTC day. */
	public record Day(LocalDate day, long excursions) {
	}

	private final ExcursionStore store;

	ColdChainStats(ExcursionStore store) {
		this.store = store;
	}

	/**
	 * Excursions per UTC day with a reading in {@code [from, to)}, days without any left
	 * out, oldest first.
	 * @param brandId the brand, or null for all brands
	 */
	@Transactional(readOnly = true)
	public List<Day> perDay(@Nullable Long brandId, Instant from, Instant to) {
		return this.store.perDay(brandId, from.toEpochMilli(), to.toEpochMilli())
			.stream()
			.map(row -> new Day(LocalDate.ofEpochDay(row[0]), row[1]))
			.toList();
	}

	/** The latest excursions by reading time, at most {@code limit} (1 to 500). */
	@Transactional(readOnly = true)
	public List<Excursion> latest(@Nullable Long brandId, int limit) {
		return this.store.latest(brandId, Math.max(1, Math.min(limit, 500)));
	}

}
