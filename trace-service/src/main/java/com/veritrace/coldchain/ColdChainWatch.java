package com.veritrace.coldchain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.events.EventWatch;
import com.veritrace.events.ItemLots;
import com.veritrace.events.ItemSightings;
import com.veritrace.events.NewEvent;
import com.veritrace.events.RecalledEvents.Stored;
import com.veritrace.events.StoredEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Checks the temperature readings of newly stored events, in the storing transaction: for
 * each product an event concerns (the items it names, the contents of the cases it names
 * at its time, the lots of its quantity lists and class-level EPCs) whose readings are an
 * excursion by the {@link ExcursionRule}, records one excursion per lot (items of no
 * known lot together) with its marks and raises its alert ({@link ColdChainAlerts}).
 * <p>
 * Cost: a substring test per event when no event of the batch has sensor reports; else
 * one parse per such event, one catalog read per GTIN, one query per level of case
 * nesting and one per GTIN for the lots of its items.
 */
@Component
class ColdChainWatch implements EventWatch {

	private static final Logger log = LoggerFactory.getLogger(ColdChainWatch.class);

	/** Cases in pallets in ...: how deep the contents of a named SSCC are followed. */
	static final int MAX_DEPTH = 4;

	private final CatalogService catalog;

	private final ItemSightings sightings;

	private final ItemLots itemLots;

	private final ExcursionStore store;

	private final ColdChainAlerts alerts;

	private final ColdChainIndex index;

	private final JsonMapper json;

	private final Clock clock;

	ColdChainWatch(CatalogService catalog, ItemSightings sightings, ItemLots itemLots, ExcursionStore store,
			ColdChainAlerts alerts, ColdChainIndex index, JsonMapper json, Clock clock) {
		this.catalog = catalog;
		this.sightings = sightings;
		this.itemLots = itemLots;
		this.store = store;
		this.alerts = alerts;
		this.index = index;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void stored(List<Stored> events) {
		Map<String, Optional<Product>> products = new HashMap<>();
		Set<String> changed = new LinkedHashSet<>();
		for (Stored stored : events) {
			NewEvent event = stored.event();
			if (!SensorReports.mayHaveSensors(event.json())) {
				continue;
			}
			List<TemperatureReading> readings = SensorReports.temperatures(this.json.readTree(event.json()),
					event.eventTime());
			if (readings.isEmpty()) {
				continue;
			}
			Map<String, Set<String>> items = items(stored);
			Map<String, Set<String>> lots = new LinkedHashMap<>();
			event.lots().forEach(l -> lots.computeIfAbsent(l.gtin(), g -> new LinkedHashSet<>()).add(l.lotNumber()));
			Set<String> gtins = new LinkedHashSet<>(items.keySet());
			gtins.addAll(lots.keySet());
			for (String gtin : gtins) {
				Product product = products.computeIfAbsent(gtin, this.catalog::findByGtin).orElse(null);
				if (product == null) {
					continue;
				}
				ExcursionRule.Verdict verdict = ExcursionRule.worst(readings, product.getStorage());
				if (verdict != null) {
					record(stored, product, verdict, items.getOrDefault(gtin, Set.of()),
							lots.getOrDefault(gtin, Set.of()));
					changed.add(gtin);
				}
			}
		}
		if (!changed.isEmpty() && TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					changed.forEach(ColdChainWatch.this.index::changed);
				}
			});
		}
	}

	/** One excursion per lot the event touched of the product, with its marks. */
	private void record(Stored stored, Product product, ExcursionRule.Verdict verdict, Set<String> serials,
			Set<String> wholeLots) {
		String gtin = product.getGtin();
		Map<String, String> lotOfSerial = serials.isEmpty() ? Map.of() : this.itemLots.lotsOf(gtin, serials);
		// lot ("" for items of no known lot) -> its marks; whole lots first
		Map<String, List<ExcursionStore.Mark>> byLot = new TreeMap<>();
		for (String lot : wholeLots) {
			byLot.computeIfAbsent(lot, l -> new ArrayList<>()).add(new ExcursionStore.Mark(gtin, null, lot));
		}
		for (String serial : serials) {
			String lot = lotOfSerial.get(serial);
			if (lot != null && wholeLots.contains(lot)) {
				continue; // the whole lot is marked already
			}
			byLot.computeIfAbsent(lot == null ? "" : lot, l -> new ArrayList<>())
				.add(new ExcursionStore.Mark(gtin, serial, lot));
		}
		NewEvent event = stored.event();
		String place = event.bizLocation() != null ? event.bizLocation() : event.readPoint();
		String hashId = StoredEvent.hashId(event.hashAlgorithm(), event.hash());
		String ssccs = stored.ssccs().isEmpty() ? null : String.join(",", new java.util.TreeSet<>(stored.ssccs()));
		long now = this.clock.millis();
		byLot.forEach((lot, marks) -> {
			String lotNumber = lot.isEmpty() ? null : lot;
			int itemCount = (int) marks.stream().filter(m -> m.serial() != null).count();
			Excursion excursion = new Excursion(0, product.getBrandId(), gtin, lotNumber, verdict.reason().name(),
					verdict.celsius(), product.getStorage(), verdict.reading().time(), event.eventTimeZoneOffset(),
					place, verdict.reading().deviceId(), hashId, itemCount, ssccs);
			long id = this.store.record(excursion, stored.rowId(), now, marks);
			log.info("Cold-chain excursion {} ({}) of GTIN {} lot {}: {} items, event row {}", id, verdict.reason(),
					gtin, lotNumber, itemCount, stored.rowId());
			this.alerts.raise(excursion.withId(id), product.getName());
		});
	}

	/**
	 * The items (by GTIN) the event names itself or through the cases it names, as they
	 * held at its time.
	 */
	private Map<String, Set<String>> items(Stored stored) {
		Map<String, Set<String>> items = new LinkedHashMap<>();
		stored.event()
			.items()
			.forEach(i -> items.computeIfAbsent(i.gtin(), g -> new LinkedHashSet<>()).add(i.serial()));
		long time = stored.event().eventTime().toEpochMilli();
		Set<String> frontier = new LinkedHashSet<>(stored.ssccs());
		Set<String> seen = new LinkedHashSet<>(frontier);
		for (int depth = 0; depth < MAX_DEPTH && !frontier.isEmpty(); depth++) {
			Set<String> next = new LinkedHashSet<>();
			for (ItemSightings.Span span : this.sightings.contentsOf(frontier, time)) {
				if (!span.covers(time)) {
					continue;
				}
				String child = span.child();
				if (child.startsWith("00/")) {
					if (seen.add(child.substring(3))) {
						next.add(child.substring(3));
					}
				}
				else if (child.length() > 21 && child.startsWith("01/") && child.startsWith("/21/", 17)) {
					items.computeIfAbsent(child.substring(3, 17), g -> new LinkedHashSet<>()).add(child.substring(21));
				}
			}
			frontier = next;
		}
		return items;
	}

}
