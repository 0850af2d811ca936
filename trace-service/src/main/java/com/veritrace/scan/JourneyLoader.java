package com.veritrace.scan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.catalog.CatalogService;
import com.veritrace.coldchain.ColdChainIndex;
import com.veritrace.coldchain.Excursion;
import com.veritrace.coldchain.SensorReadings;
import com.veritrace.events.StoredEvent;
import com.veritrace.events.TimelineService;
import com.veritrace.recall.RecallIndex;
import com.veritrace.inspection.InspectionEvents;
import com.veritrace.reports.InspectionReportService;
import com.veritrace.reports.LotReport;
import com.veritrace.shared.ExpiringMap;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Loads what a code's page shows apart from the verdict (the {@link Journey}: product,
 * lot, recall, the item's or lot's public events as steps with their proofs, the lot's
 * lab reports), from the catalog, the timelines and the inspection reports. What many
 * codes share is read once per {@link #CATALOG_TTL}.
 */
@Component
class JourneyLoader {

	static final int JOURNEY_LIMIT = 200;

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final CatalogService catalog;

	private final TimelineService timelines;

	private final InspectionReportService inspections;

	private final OrganisationRepository organisations;

	private final MessageSource messages;

	private final JsonMapper json;

	private final RecallIndex recalls;

	private final ColdChainIndex coldChain;

	/**
	 * What a product's or lot's codes share, read once per {@link #CATALOG_TTL} for all
	 * of them.
	 */
	private final ExpiringMap<Object> catalogFacts = new ExpiringMap<>(20_000);

	static final Duration CATALOG_TTL = Duration.ofSeconds(5);

	JourneyLoader(CatalogService catalog, TimelineService timelines, InspectionReportService inspections,
			OrganisationRepository organisations, MessageSource messages, JsonMapper json, RecallIndex recalls,
			ColdChainIndex coldChain) {
		this.catalog = catalog;
		this.timelines = timelines;
		this.inspections = inspections;
		this.organisations = organisations;
		this.messages = messages;
		this.json = json;
		this.recalls = recalls;
		this.coldChain = coldChain;
	}

	Journey journey(ProductFacts product, @Nullable String serial, @Nullable String lotNumber, Locale locale) {
		String brand = organisationName(product.brandId());
		LotFacts lot = lotNumber == null ? null : lot(product, lotNumber);
		ScanResult.LotInfo lotInfo = lot == null ? null : lot.info();
		ScanResult.Recall recall = recall(product.gtin(), serial, lotNumber, locale);
		List<StoredEvent> events = serial != null
				? this.timelines.publicItemEvents(product.gtin(), product.brandId(), serial, lotNumber, JOURNEY_LIMIT)
				: lotNumber != null ? this.timelines.publicLotEvents(product.gtin(), lotNumber, JOURNEY_LIMIT)
						: List.of();
		List<ScanResult.ColdChain> excursions = this.coldChain.excursionsOf(product.gtin(), serial, lotNumber)
			.stream()
			.map(JourneyLoader::excursion)
			.toList();
		java.util.Set<String> outside = new java.util.HashSet<>();
		excursions.forEach(x -> outside.add(x.eventHash()));
		record Entry(Instant when, ScanResult.Step step, ScanResult.ProofLink proof) {
		}
		List<Entry> entries = new ArrayList<>();
		for (StoredEvent e : events) {
			String step = stepWord(e.bizStep(), e.disposition());
			String label = this.messages.getMessage("step." + step, null,
					this.messages.getMessage("step.other", null, locale), locale);
			String reporter = organisationName(e.reporterOrganisationId());
			double[] temperatures = temperatures(e.event());
			String localTime = LOCAL_TIME.format(e.eventTime().atOffset(ZoneOffset.of(e.eventTimeZoneOffset())));
			String shownTime = localTime + " (UTC" + e.eventTimeZoneOffset() + ")";
			Instant when = e.eventTime();
			// a lab report's event is recorded when the report is accepted; the consumer
			// is told when the lab
			// issued it (a date), in that order among the other steps (at the end of that
			// day)
			LocalDate issuedOn = "inspecting".equals(step) ? issuedOn(e.event()) : null;
			if (issuedOn != null) {
				localTime = issuedOn.toString();
				shownTime = localTime;
				when = issuedOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
			}
			entries.add(new Entry(when, new ScanResult.Step(step, label, e.eventTime(), shownTime,
					reporter.isEmpty() ? null : reporter, e.bizLocation() != null ? e.bizLocation() : e.readPoint(),
					temperatures == null ? null : temperatures[0], temperatures == null ? null : temperatures[1],
					e.eventHash(), outside.contains(e.eventHash())),
					new ScanResult.ProofLink(e.eventHash(), label + " " + localTime,
							"/api/v1/proofs/" + hex(e.eventHash()))));
		}
		entries.sort(java.util.Comparator.comparing(Entry::when)); // stable: events keep
																	// their order
																	// otherwise
		List<ScanResult.Step> steps = entries.stream().map(Entry::step).toList();
		List<ScanResult.ProofLink> proofs = entries.stream().map(Entry::proof).toList();
		List<ScanResult.Report> reports = lotNumber == null ? List.of() : reports(product.gtin(), lotNumber);
		return new Journey(new ScanResult.Product(product.name(), product.category(), brand, product.imageUrl()),
				lotInfo, recall, steps, reports, proofs, excursions);
	}

	private static ScanResult.ColdChain excursion(Excursion x) {
		return new ScanResult.ColdChain(x.reason(), x.celsius(), x.reading(),
				x.range().defined() ? x.range().label() : null, x.time(), x.localDate(), x.localTime(), x.placeLabel(),
				x.lotNumber(), x.eventHash());
	}

	/*
	 * What all codes of a product or lot share (the product, its brand, the lot and its
	 * reports, reporters' names) is read once per CATALOG_TTL for all of them, not once
	 * per code: a busy day's first scans of many items of one lot cost a registry read
	 * and the item's events each. A page is therefore at most page-cache-ttl +
	 * CATALOG_TTL behind the database.
	 */

	record ProductFacts(long id, String gtin, String name, @Nullable String category, long brandId,
			@Nullable String imageUrl) {
	}

	record LotFacts(ScanResult.LotInfo info) {
	}

	/**
	 * The recall covering the item or lot, from the recall index (in memory, current on
	 * every node within a second; {@link CodePages} drops pages built before a change).
	 */
	private ScanResult.@Nullable Recall recall(String gtin, @Nullable String serial, @Nullable String lotNumber,
			Locale locale) {
		RecallIndex.Notice notice = this.recalls.recallOf(gtin, serial, lotNumber);
		if (notice == null) {
			return null;
		}
		String language = Locale.CHINESE.getLanguage().equals(locale.getLanguage()) ? "zh-CN" : "en";
		String instructions = notice.consumerInstructions()
			.getOrDefault(language, notice.consumerInstructions().getOrDefault("en", ""));
		return new ScanResult.Recall(notice.recallId(), lotNumber, notice.status().name(), notice.recallClass().name(),
				notice.reasonCode().name(), notice.mandatory(), notice.issuedAt(),
				notice.issuedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(), instructions);
	}

	@SuppressWarnings("unchecked")
	private <T> T catalogFact(String key, java.util.function.Supplier<T> load) {
		Object fact = this.catalogFacts.get(key);
		if (fact == null) {
			fact = load.get();
			this.catalogFacts.put(key, fact, CATALOG_TTL);
		}
		return (T) fact;
	}

	Optional<ProductFacts> product(String gtin) {
		return catalogFact("product " + gtin,
				() -> this.catalog.findByGtin(gtin)
					.map(p -> new ProductFacts(p.getId(), p.getGtin(), p.getName(), p.getCategory(), p.getBrandId(),
							p.getImageUrl())));
	}

	private String organisationName(long id) {
		return catalogFact("organisation " + id,
				() -> this.organisations.findById(id).map(o -> o.getName()).orElse(""));
	}

	private @Nullable LotFacts lot(ProductFacts product, String lotNumber) {
		Optional<LotFacts> lot = catalogFact(
				"lot " + product.id() + "/" + lotNumber + "/" + this.recalls.fingerprint(product.gtin()),
				() -> this.catalog.findLot(product.id(), lotNumber)
					.map(l -> new LotFacts(new ScanResult.LotInfo(l.getLotNumber(), l.getProductionDate(),
							l.getExpiryDate(), l.getStatus().name()))));
		return lot.orElse(null);
	}

	private List<ScanResult.Report> reports(String gtin, String lotNumber) {
		return catalogFact("reports " + gtin + "/" + lotNumber,
				() -> this.inspections.reportsOfLot(gtin, lotNumber).stream().map(JourneyLoader::report).toList());
	}

	/**
	 * The issue date of the lab report an inspecting event records, or null (not a
	 * report's, or no date).
	 */
	private static @Nullable LocalDate issuedOn(String eventJson) {
		String issuedOn = InspectionEvents.extension(eventJson, "issuedOn");
		try {
			return issuedOn == null ? null : LocalDate.parse(issuedOn);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static ScanResult.Report report(LotReport r) {
		List<String> tests = r.keyTests()
			.stream()
			.map(t -> t.name() + ": " + t.result() + (t.unit() == null ? "" : " " + t.unit())
					+ (t.limit() == null ? "" : " (" + t.limit() + ")") + " " + t.outcome())
			.toList();
		return new ScanResult.Report(r.reportNumber(), r.labName(), r.verdict().name(), r.issuedOn().toString(),
				r.validUntil() == null ? null : r.validUntil().toString(), tests, "/h5/reports/" + r.id() + "/document",
				r.documentHash(), r.documentCheck().name(), r.status().name());
	}

	/**
	 * The CBV word of a bizStep URI ({@code https://ref.gs1.org/cbv/BizStep-shipping} ->
	 * shipping).
	 */
	static String stepWord(@Nullable String bizStep, @Nullable String disposition) {
		if (bizStep == null) {
			// a recall order is an event with disposition recalled and no business step
			return disposition != null && disposition.endsWith("Disp-recalled") ? "recalled" : "other";
		}
		int dash = bizStep.lastIndexOf("BizStep-");
		return dash >= 0 ? bizStep.substring(dash + "BizStep-".length()) : "other";
	}

	/**
	 * Min and max (°C) of the temperature readings of an event's sensor elements, or
	 * null.
	 */
	double @Nullable [] temperatures(String eventJson) {
		return SensorReadings.celsiusRange(this.json.readTree(eventJson));
	}

	private static String hex(String hashId) {
		int semi = hashId.indexOf(';');
		int q = hashId.indexOf('?');
		return semi > 0 && q > semi ? hashId.substring(semi + 1, q) : HexFormat.of().formatHex(hashId.getBytes());
	}

}
