package com.veritrace.diversion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.events.Containments;
import com.veritrace.events.EventWatch;
import com.veritrace.events.NewEvent;
import com.veritrace.events.RecalledEvents;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records which items went to which distributor, in the transaction that stores the
 * events. An event sends its items to a distributor when a destination
 * ({@code destinationList}) names one of the distributor's locations, when its
 * {@code bizLocation} (or, without one, its {@code readPoint}) does and it is not a
 * shipping event (a shipment's own place is where it leaves), or when it is a receiving
 * event reported by the distributor's partner organisation. Only a distributor of the
 * brand that owns an item's GTIN gets it. Items are the EPCs named (items and lots by
 * quantity), and the contents of the SSCCs named, as the containment history tells them
 * (nested cases too), at most {@code max-items-per-event} per event. A batch that names
 * no distributor costs a few map look-ups per event and no query.
 */
@Component
class ShipmentWatch implements EventWatch {

	private static final Logger log = LoggerFactory.getLogger(ShipmentWatch.class);

	private final DistributorDirectory directory;

	private final Containments containments;

	private final CatalogService catalog;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final int maxItems;

	ShipmentWatch(DistributorDirectory directory, Containments containments, CatalogService catalog, JdbcTemplate jdbc,
			JsonMapper json, DiversionProperties properties) {
		this.directory = directory;
		this.containments = containments;
		this.catalog = catalog;
		this.jdbc = jdbc;
		this.json = json;
		this.maxItems = properties.maxItemsPerEvent();
	}

	@Override
	public void stored(List<RecalledEvents.Stored> events) {
		DistributorDirectory.Snapshot distributors = this.directory.current();
		if (distributors.isEmpty()) {
			return;
		}
		Map<String, Optional<Long>> brands = new HashMap<>();
		for (RecalledEvents.Stored stored : events) {
			Set<Distributor> targets = targets(distributors, stored.event());
			if (!targets.isEmpty()) {
				record(stored, targets, brands);
			}
		}
	}

	/** The distributors an event sends its items to. */
	Set<Distributor> targets(DistributorDirectory.Snapshot distributors, NewEvent event) {
		Set<Distributor> targets = new LinkedHashSet<>();
		String step = word(event.bizStep());
		if (!distributors.byLocation().isEmpty()) {
			if (!"shipping".equals(step)) {
				String place = event.bizLocation() != null ? event.bizLocation() : event.readPoint();
				if (place != null) {
					targets.addAll(distributors.byLocation().getOrDefault(place, List.of()));
				}
			}
			if (event.json().contains("destinationList")) {
				for (String destination : destinations(event.json())) {
					targets.addAll(distributors.byLocation().getOrDefault(destination, List.of()));
				}
			}
		}
		if ("receiving".equals(step)) {
			targets.addAll(distributors.byPartner().getOrDefault(event.reporterId(), List.of()));
		}
		return targets;
	}

	/**
	 * The CBV word of a business step ({@code https://ref.gs1.org/cbv/BizStep-shipping}).
	 */
	static @Nullable String word(@Nullable String bizStep) {
		if (bizStep == null) {
			return null;
		}
		int cut = Math.max(bizStep.lastIndexOf('-'), Math.max(bizStep.lastIndexOf(':'), bizStep.lastIndexOf('/')));
		return bizStep.substring(cut + 1).toLowerCase(java.util.Locale.ROOT);
	}

	private List<String> destinations(String eventJson) {
		List<String> uris = new ArrayList<>();
		JsonNode list = this.json.readTree(eventJson).path("destinationList");
		for (JsonNode d : list) {
			String uri = d.path("destination").asString(null);
			if (uri == null) {
				uri = d.path("destination").path("id").asString(null);
			}
			if (uri != null) {
				uris.add(uri.strip());
			}
		}
		return uris;
	}

	private void record(RecalledEvents.Stored stored, Set<Distributor> targets, Map<String, Optional<Long>> brands) {
		NewEvent event = stored.event();
		Map<String, String> items = new LinkedHashMap<>();
		for (NewEvent.ItemKey item : event.items()) {
			items.put("01/" + item.gtin() + "/21/" + item.serial(), item.gtin());
		}
		for (NewEvent.LotKey lot : event.lots()) {
			items.put("01/" + lot.gtin() + "/10/" + lot.lotNumber(), lot.gtin());
		}
		contents(stored.ssccs(), items);
		if (items.size() > this.maxItems) {
			log.warn("Event {} sends {} items to distributors; {} recorded (veritrace.diversion.max-items-per-event)",
					stored.rowId(), items.size(), this.maxItems);
		}
		long shippedMs = event.eventTime().toEpochMilli();
		List<Object[]> rows = new ArrayList<>();
		int n = 0;
		for (Map.Entry<String, String> item : items.entrySet()) {
			if (n++ >= this.maxItems) {
				break;
			}
			Long brand = brands
				.computeIfAbsent(item.getValue(), gtin -> this.catalog.findByGtin(gtin).map(Product::getBrandId))
				.orElse(null);
			for (Distributor d : targets) {
				if (brand != null && d.brandId() == brand) {
					rows.add(new Object[] { item.getKey(), d.id(), d.brandId(), shippedMs, stored.rowId() });
				}
			}
		}
		for (int from = 0; from < rows.size(); from += 500) {
			// the latest shipment wins: an older event reported late does not move an
			// item back
			this.jdbc.batchUpdate("INSERT INTO distributed_item (item, distributor_id, brand_id, shipped_ms, event_id) "
					+ "VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE "
					+ "event_id = CASE WHEN VALUES(shipped_ms) >= shipped_ms THEN VALUES(event_id) ELSE event_id END, "
					+ "shipped_ms = GREATEST(shipped_ms, VALUES(shipped_ms))",
					rows.subList(from, Math.min(rows.size(), from + 500)));
		}
		if (!rows.isEmpty()) {
			log.debug("Event {} sent {} items to distributors {}", stored.rowId(), items.size(),
					targets.stream().map(Distributor::id).toList());
		}
	}

	/**
	 * Adds the items inside these SSCCs (and inside cases inside them), up to the cap.
	 */
	private void contents(Set<String> ssccs, Map<String, String> items) {
		Deque<String> open = new ArrayDeque<>(ssccs);
		Set<String> seen = new java.util.HashSet<>();
		while (!open.isEmpty() && items.size() <= this.maxItems && seen.size() < 10_000) {
			String sscc = open.pop();
			if (!seen.add(sscc)) {
				continue;
			}
			for (String child : this.containments.contentsOf(sscc)) {
				if (child.startsWith("00/")) {
					open.push(child.substring(3));
				}
				else if (child.startsWith("01/") && child.length() > 20) {
					items.put(child, child.substring(3, 17));
				}
			}
		}
	}

}
