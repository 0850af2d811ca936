package com.veritrace.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.codes.AiElement;
import com.veritrace.codes.EpcUris;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Timelines: all events of one item or one lot, in event-time order, for those allowed to
 * read them.
 */
@Service
public class TimelineService {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StoredEventReader store;

	private final Containments containments;

	private final ItemLots itemLots;

	private final CatalogService catalog;

	private final GrantService grants;

	private final ContainerOwners containerOwners;

	TimelineService(StoredEventReader store, Containments containments, ItemLots itemLots, CatalogService catalog,
			GrantService grants, ContainerOwners containerOwners) {
		this.store = store;
		this.containments = containments;
		this.itemLots = itemLots;
		this.catalog = catalog;
		this.grants = grants;
		this.containerOwners = containerOwners;
	}

	/**
	 * One page of a timeline; {@code next} is the cursor for the following page, if any.
	 */
	public record Timeline(String gtin, @Nullable String serial, @Nullable String lotNumber, List<StoredEvent> events,
			@Nullable String next) {
	}

	/**
	 * The item's own events, its lot's events (the lot named, else the lot the code
	 * registry holds for it: a lot-level inspection or recall applies to every item in
	 * it), and the events on every case or pallet (SSCC) while the item was inside it,
	 * directly or through a case inside a pallet. Container events count only when their
	 * reporter could have reported on the item itself (its brand, or a partner granted
	 * the right for its GTIN).
	 */
	@Transactional(readOnly = true)
	public Timeline item(Caller caller, String gtinText, String serial, @Nullable String lotNumber,
			@Nullable String cursor, int limit) {
		Product product = this.catalog.requireReadable(caller, gtinText);
		check("serial", "21", serial);
		if (lotNumber != null) {
			check("lot", "10", lotNumber);
		}
		return itemTimeline(product.getGtin(), product.getBrandId(), serial, lotNumber, cursor, limit);
	}

	private Timeline itemTimeline(String gtin, long brandId, String serial, @Nullable String lotNumber,
			@Nullable String cursor, int limit) {
		String lot = lotNumber != null ? lotNumber : this.itemLots.lotOf(gtin, serial);
		StoredEventReader.Cursor after = cursor(cursor);
		List<List<StoredEvent>> sources = new ArrayList<>();
		List<@Nullable Predicate<StoredEvent>> filters = new ArrayList<>();
		sources.add(this.store.itemTimeline(gtin, serial, after, limit + 1));
		filters.add(null);
		if (lot != null) {
			sources.add(this.store.lotTimeline(gtin, lot, after, limit + 1));
			filters.add(null);
		}
		Map<Long, Boolean> reporters = new HashMap<>();
		for (Containments.Containment span : containers("01/" + gtin + "/21/" + serial)) {
			sources.add(this.store.ssccTimeline(span.parentSscc(), span.fromMs(), span.toMs(), after, limit + 1));
			// other children going in or out of the container are not this item's
			// history; events on the container
			// count when their reporter may report on this item and, for a container
			// someone holds, on the container
			Long holder = this.containerOwners.ownerOf(span.parentSscc());
			Map<Long, Boolean> onContainer = new HashMap<>();
			filters.add(e -> !changesContentsOf(e, span.parentSscc())
					&& reporters.computeIfAbsent(e.reporterOrganisationId(), r -> mayReport(r, gtin, brandId, lot))
					&& (holder == null || onContainer.computeIfAbsent(e.reporterOrganisationId(),
							r -> this.grants.mayReportOnContainer(r, holder))));
		}
		return merge(gtin, serial, lot, sources, filters, limit);
	}

	/** True for an AggregationEvent whose parent is this SSCC. */
	static boolean changesContentsOf(StoredEvent e, String sscc) {
		if (!"AggregationEvent".equals(e.eventType())) {
			return false;
		}
		JsonNode parent = JSON.readTree(e.event()).get("parentID");
		if (parent == null || !parent.isString()) {
			return false;
		}
		String id = parent.asString();
		if (id.startsWith("urn:epc:id:sscc:")) {
			try {
				id = EpcUris.toDigitalLink(id);
			}
			catch (RuntimeException ex) {
				return false;
			}
		}
		return id.endsWith("/00/" + sscc);
	}

	/**
	 * Containment spans of a child, following cases into pallets (at most 3 levels, 100
	 * spans).
	 */
	private List<Containments.Containment> containers(String childKey) {
		List<Containments.Containment> out = new ArrayList<>();
		List<Containments.Containment> level = this.containments.containersOf(childKey);
		for (int depth = 0; depth < 3 && !level.isEmpty() && out.size() < 100; depth++) {
			out.addAll(level);
			List<Containments.Containment> next = new ArrayList<>();
			for (Containments.Containment inner : level) {
				for (Containments.Containment outer : this.containments.containersOf("00/" + inner.parentSscc())) {
					long from = Math.max(inner.fromMs(), outer.fromMs());
					Long to = inner.toMs() == null ? outer.toMs()
							: outer.toMs() == null ? inner.toMs() : Long.valueOf(Math.min(inner.toMs(), outer.toMs()));
					if (to == null || from < to) {
						next.add(new Containments.Containment(outer.parentSscc(), from, to));
					}
				}
			}
			level = next;
		}
		return out.size() > 100 ? out.subList(0, 100) : out;
	}

	private boolean mayReport(long reporterId, String gtin, long brandId, @Nullable String lot) {
		if (reporterId == brandId) {
			return true;
		}
		try {
			this.grants.checkMayReport(reporterId, GrantRight.EVENTS, gtin, lot);
			return true;
		}
		catch (DomainException refused) {
			return false;
		}
	}

	/**
	 * Merges sources fetched with {@code limit + 1} rows each. A source that came back
	 * full may have more rows after its last one, so the merged page stops there;
	 * filtering some sources' rows then cannot hide events that belong on this page.
	 */
	private static Timeline merge(String gtin, String serial, @Nullable String lot, List<List<StoredEvent>> sources,
			List<@Nullable Predicate<StoredEvent>> filters, int limit) {
		Comparator<StoredEvent> order = Comparator.comparing(StoredEvent::eventTime)
			.thenComparingLong(StoredEvent::rowId);
		StoredEvent boundary = null;
		List<StoredEvent> all = new ArrayList<>();
		for (int i = 0; i < sources.size(); i++) {
			List<StoredEvent> source = sources.get(i);
			if (source.size() > limit) {
				StoredEvent last = source.get(source.size() - 1);
				if (boundary == null || order.compare(last, boundary) < 0) {
					boundary = last;
				}
			}
			Predicate<StoredEvent> filter = filters.get(i);
			for (StoredEvent e : source) {
				if (filter == null || filter.test(e)) {
					all.add(e);
				}
			}
		}
		all.sort(order);
		List<StoredEvent> events = dedupe(all);
		if (boundary != null) {
			StoredEvent cut = boundary;
			events = new ArrayList<>(events.stream().filter(e -> order.compare(e, cut) <= 0).toList());
		}
		if (events.size() > limit) {
			List<StoredEvent> page = events.subList(0, limit);
			return new Timeline(gtin, serial, lot, List.copyOf(page),
					StoredEventReader.Cursor.after(page.get(page.size() - 1)).toString());
		}
		if (boundary != null) {
			return new Timeline(gtin, serial, lot, List.copyOf(events),
					StoredEventReader.Cursor.after(boundary).toString());
		}
		return new Timeline(gtin, serial, lot, List.copyOf(events), null);
	}

	/**
	 * An item's timeline (as {@link #item}: its own, its lot's and its containers'
	 * events) without an access check, for the public scan page: the first {@code limit}
	 * events in time order. The caller knows the product already (its GTIN and brand):
	 * this reads events only.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> publicItemEvents(String gtin14, long brandId, String serial, @Nullable String lotNumber,
			int limit) {
		return itemTimeline(gtin14, brandId, serial, lotNumber, null, limit).events();
	}

	/** A lot's events without an access check, for the public scan page. */
	@Transactional(readOnly = true)
	public List<StoredEvent> publicLotEvents(String gtin14, String lotNumber, int limit) {
		return this.store.lotTimeline(gtin14, lotNumber, null, limit);
	}

	@Transactional(readOnly = true)
	public Timeline lot(Caller caller, String gtinText, String lotNumber, @Nullable String cursor, int limit) {
		Product product = this.catalog.requireReadable(caller, gtinText);
		check("lotNumber", "10", lotNumber);
		List<StoredEvent> events = this.store.lotTimeline(product.getGtin(), lotNumber, cursor(cursor), limit + 1);
		return page(product.getGtin(), null, lotNumber, events, limit);
	}

	private static Timeline page(String gtin, @Nullable String serial, @Nullable String lot, List<StoredEvent> events,
			int limit) {
		if (events.size() > limit) {
			List<StoredEvent> page = events.subList(0, limit);
			return new Timeline(gtin, serial, lot, List.copyOf(page),
					StoredEventReader.Cursor.after(page.get(page.size() - 1)).toString());
		}
		return new Timeline(gtin, serial, lot, events, null);
	}

	private static List<StoredEvent> dedupe(List<StoredEvent> sorted) {
		List<StoredEvent> out = new ArrayList<>(sorted.size());
		long last = -1;
		for (StoredEvent e : sorted) {
			if (e.rowId() != last) {
				out.add(e);
			}
			last = e.rowId();
		}
		return out;
	}

	private static StoredEventReader.@Nullable Cursor cursor(@Nullable String text) {
		try {
			return StoredEventReader.Cursor.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidException.of("cursor", ex.getMessage());
		}
	}

	/** GS1 AI 10 (lot) and AI 21 (serial): 1 to 20 characters of character set 82. */
	private static void check(String field, String ai, String value) {
		if (!AiElement.isValid(ai, value)) {
			throw InvalidException.of(field,
					"must be 1 to 20 characters of the GS1 character set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_)");
		}
	}

}
