package com.veritrace.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.ingest.Cbv;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading stored events. An event is visible to the organisation that reported it, to the
 * brand of any GTIN it touches, and to regulators and the platform operator.
 */
@Service
public class EventQueryService {

	private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern NI = Pattern.compile("ni:///sha-256;([0-9a-fA-F]{64})\\?ver=CBV2\\.0");

	private final StoredEventReader store;

	private final CatalogService catalog;

	EventQueryService(StoredEventReader store, CatalogService catalog) {
		this.store = store;
		this.catalog = catalog;
	}

	/**
	 * One event by its hash ID ({@code ni:///sha-256;<hex>?ver=CBV2.0} or the bare hex)
	 * or its eventID.
	 */
	@Transactional(readOnly = true)
	public StoredEvent event(Caller caller, String hashOrEventId) {
		caller.require(Scope.READ);
		byte[] digest = digestOf(hashOrEventId);
		List<StoredEvent> candidates = digest != null ? nullable(this.store.findByHash(digest))
				: this.store.findByEventId(hashOrEventId);
		for (StoredEvent event : candidates) {
			if (visible(caller, event)) {
				return event;
			}
		}
		// none, or none the caller may see: the same answer (no existence oracle)
		throw NotFoundException.of("Event", "No event with hash or eventID " + hashOrEventId);
	}

	/** A page of events matching the filters, within what the caller may see. */
	@Transactional(readOnly = true)
	public List<StoredEvent> query(Caller caller, @Nullable String gtinText, @Nullable String serial,
			@Nullable String lot, @Nullable String bizStep, @Nullable String from, @Nullable String to,
			@Nullable Long reporter, @Nullable String cursor, int limit) {
		caller.require(Scope.READ);
		List<FieldProblem> errors = new java.util.ArrayList<>();
		String gtin = null;
		if (gtinText != null) {
			try {
				gtin = CatalogService.gtin(gtinText);
			}
			catch (DomainException ex) {
				errors.addAll(ex.errors());
			}
		}
		if ((serial != null || lot != null) && gtinText == null) {
			errors.add(new FieldProblem(serial != null ? "serial" : "lot", "needs gtin"));
		}
		if (serial != null && lot != null) {
			errors.add(new FieldProblem("lot", "give either serial or lot, not both"));
		}
		Long fromMs = instant("from", from, errors);
		Long toMs = instant("to", to, errors);
		StoredEventReader.Cursor after = null;
		try {
			after = StoredEventReader.Cursor.parse(cursor);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldProblem("cursor", ex.getMessage()));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		Long reporterId = reporter;
		if (!caller.readsAcrossTenants()) {
			boolean ownsGtin = false;
			if (gtin != null) {
				Product product = this.catalog.findByGtin(gtin).orElse(null);
				ownsGtin = product != null && product.getBrandId() == caller.organisationId();
			}
			if (!ownsGtin) {
				if (reporterId != null && reporterId != caller.organisationId()) {
					// another reporter's events outside one's own products are not there
					// for the caller
					return List.of();
				}
				reporterId = caller.organisationId();
			}
		}
		return this.store.query(
				new StoredEventReader.EventFilter(gtin, serial, lot, bizStep(bizStep), fromMs, toMs, reporterId), after,
				limit);
	}

	private boolean visible(Caller caller, StoredEvent event) {
		if (caller.readsAcrossTenants() || event.reporterOrganisationId() == caller.organisationId()) {
			return true;
		}
		if (caller.kind() != OrganisationKind.BRAND) {
			return false;
		}
		return this.store.gtinsOf(event.rowId())
			.stream()
			.anyMatch(
					g -> this.catalog.findByGtin(g).map(p -> p.getBrandId() == caller.organisationId()).orElse(false));
	}

	/**
	 * CBV bizStep in any accepted form, as stored (the web URI); user vocabulary URIs as
	 * ingest stores them.
	 */
	static @Nullable String bizStep(@Nullable String value) {
		return value == null || value.isBlank() ? null : Cbv.BIZ_STEP.canonical(value.strip());
	}

	static byte @Nullable [] digestOf(String text) {
		var ni = NI.matcher(text);
		if (ni.matches()) {
			return HexFormat.of().parseHex(ni.group(1).toLowerCase(Locale.ROOT));
		}
		if (HEX64.matcher(text).matches()) {
			return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
		}
		return null;
	}

	private static @Nullable Long instant(String field, @Nullable String text, List<FieldProblem> errors) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.parse(text).toEpochMilli();
			}
			catch (DateTimeParseException again) {
				errors.add(new FieldProblem(field,
						"'" + text + "' is not a date-time with offset, e.g. 2026-04-01T00:00:00Z"));
				return null;
			}
		}
	}

	private static <T> List<T> nullable(@Nullable T value) {
		return value == null ? List.of() : List.of(value);
	}

}
