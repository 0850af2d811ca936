package com.veritrace.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.tenancy.Caller;
import com.veritrace.web.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Timelines: all events of one item or one lot, in event-time order, for those allowed to read them. */
@Service
public class TimelineService {

	/** GS1 AI 10 and 21: 1 to 20 characters of character set 82. */
	private static final Pattern AI_X20 = Pattern.compile("[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}");

	private final EventStore store;

	private final CatalogService catalog;

	TimelineService(EventStore store, CatalogService catalog) {
		this.store = store;
		this.catalog = catalog;
	}

	/** One page of a timeline; {@code next} is the cursor for the following page, if any. */
	public record Timeline(String gtin, @Nullable String serial, @Nullable String lotNumber, List<StoredEvent> events,
			@Nullable String next) {
	}

	/**
	 * The item's own events; when {@code lotNumber} is given, the lot's events too (a lot-level
	 * inspection or recall applies to every item in it).
	 */
	@Transactional(readOnly = true)
	public Timeline item(Caller caller, String gtinText, String serial, @Nullable String lotNumber,
			@Nullable String cursor, int limit) {
		Product product = this.catalog.requireReadable(caller, gtinText);
		check("serial", serial);
		if (lotNumber != null) {
			check("lot", lotNumber);
		}
		EventStore.Cursor after = cursor(cursor);
		List<StoredEvent> events = new ArrayList<>(
				this.store.itemTimeline(product.getGtin(), serial, after, limit + 1));
		if (lotNumber != null) {
			events.addAll(this.store.lotTimeline(product.getGtin(), lotNumber, after, limit + 1));
			events.sort(Comparator.comparing(StoredEvent::eventTime).thenComparingLong(StoredEvent::rowId));
			events = dedupe(events);
		}
		return page(product.getGtin(), serial, lotNumber, events, limit);
	}

	/**
	 * An item's timeline without an access check, for the public scan page (which shows a
	 * consumer's view of it): the first {@code limit} events in time order.
	 */
	@Transactional(readOnly = true)
	public List<StoredEvent> publicItemEvents(String gtin14, String serial, @Nullable String lotNumber, int limit) {
		List<StoredEvent> events = new ArrayList<>(this.store.itemTimeline(gtin14, serial, null, limit));
		if (lotNumber != null) {
			events.addAll(this.store.lotTimeline(gtin14, lotNumber, null, limit));
			events.sort(Comparator.comparing(StoredEvent::eventTime).thenComparingLong(StoredEvent::rowId));
			events = dedupe(events);
		}
		return events.size() > limit ? List.copyOf(events.subList(0, limit)) : events;
	}

	/** A lot's events without an access check, for the public scan page. */
	@Transactional(readOnly = true)
	public List<StoredEvent> publicLotEvents(String gtin14, String lotNumber, int limit) {
		return this.store.lotTimeline(gtin14, lotNumber, null, limit);
	}

	@Transactional(readOnly = true)
	public Timeline lot(Caller caller, String gtinText, String lotNumber, @Nullable String cursor, int limit) {
		Product product = this.catalog.requireReadable(caller, gtinText);
		check("lotNumber", lotNumber);
		List<StoredEvent> events = this.store.lotTimeline(product.getGtin(), lotNumber, cursor(cursor), limit + 1);
		return page(product.getGtin(), null, lotNumber, events, limit);
	}

	private static Timeline page(String gtin, @Nullable String serial, @Nullable String lot, List<StoredEvent> events,
			int limit) {
		if (events.size() > limit) {
			List<StoredEvent> page = events.subList(0, limit);
			return new Timeline(gtin, serial, lot, List.copyOf(page),
					EventStore.Cursor.after(page.get(page.size() - 1)).toString());
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

	private static EventStore.@Nullable Cursor cursor(@Nullable String text) {
		try {
			return EventStore.Cursor.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalid("cursor", ex.getMessage());
		}
	}

	private static void check(String field, String value) {
		if (!AI_X20.matcher(value).matches()) {
			throw ApiProblem.invalid(field,
					"must be 1 to 20 characters of the GS1 character set 82 (letters, digits and !\"%&'()*+,-./:;<=>?_)");
		}
	}

}
