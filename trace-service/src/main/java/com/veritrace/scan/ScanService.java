package com.veritrace.scan;

import java.time.Clock;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.analytics.Assessment;
import com.veritrace.analytics.CodeState;
import com.veritrace.analytics.ScanCounters;
import com.veritrace.analytics.ScanHistory;
import com.veritrace.analytics.ScanThresholds;
import com.veritrace.analytics.Verdict;
import com.veritrace.analytics.VerdictRules;
import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.LotStatus;
import com.veritrace.events.StoredEvent;
import com.veritrace.events.TimelineService;
import com.veritrace.inspection.InspectionEvents;
import com.veritrace.reports.InspectionReportService;
import com.veritrace.reports.LotReport;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
import com.veritrace.tenancy.OrganisationRepository;
import com.veritrace.web.ApiProblem;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * One consumer scan: resolves the code, counts the scan, decides the verdict, and assembles what
 * the page shows. The journey part (product, lot, events, proofs) is cached briefly per code; the
 * verdict never is.
 */
@Service
public class ScanService {

	private static final Logger log = LoggerFactory.getLogger(ScanService.class);

	static final int JOURNEY_LIMIT = 200;

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final CatalogService catalog;

	private final CodeRegistry registry;

	private final TimelineService timelines;

	private final InspectionReportService inspections;

	private final OrganisationRepository organisations;

	private final ScanCounters counters;

	private final ScanLogWriter scanLog;

	private final ScanProperties properties;

	private final MessageSource messages;

	private final JsonMapper json;

	private final Clock clock;

	private final PageCache pages;

	private final Counter countersUnavailable;

	private final PlaceToken placeTokens;

	/** What a product's or lot's codes share, read once per {@link #CATALOG_TTL} for all of them. */
	private final ExpiringMap<Object> catalogFacts = new ExpiringMap<>(20_000);

	static final Duration CATALOG_TTL = Duration.ofSeconds(5);

	/** Pages being built again in the background, and the thread that does it. */
	private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

	private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new ArrayBlockingQueue<>(1_000), runnable -> {
				Thread thread = new Thread(runnable, "scan-page-refresh");
				thread.setDaemon(true);
				return thread;
			});

	ScanService(CatalogService catalog, CodeRegistry registry, TimelineService timelines,
			InspectionReportService inspections, OrganisationRepository organisations,
			ScanConfiguration.ScanStores stores, ScanLogWriter scanLog, ScanProperties properties,
			MessageSource messages, JsonMapper json, Clock clock, MeterRegistry meters, PlaceToken placeTokens) {
		this.catalog = catalog;
		this.registry = registry;
		this.timelines = timelines;
		this.inspections = inspections;
		this.organisations = organisations;
		this.counters = stores.counters();
		this.pages = stores.pages();
		this.countersUnavailable = Counter.builder("veritrace.scan.counters.unavailable")
			.description("Scans whose history could not be read or counted (counter store down)")
			.register(meters);
		this.scanLog = scanLog;
		this.properties = properties;
		this.messages = messages;
		this.json = json;
		this.clock = clock;
		this.placeTokens = placeTokens;
	}

	/** A scanned code: GTIN-14, and serial and/or lot as printed in the Digital Link. */
	public record Scanned(String gtin, @Nullable String serial, @Nullable String lot, String uri) {
	}

	/** Who scanned, coarsely: a region from the edge and the browser family; nothing personal. */
	public record Scanner(@Nullable String place, String agentFamily) {
	}

	public ScanResult scan(Scanned code, Scanner scanner, Locale locale) {
		Instant now = this.clock.instant();
		if (code.serial() != null && !this.registry.passesCheck(code.gtin(), code.serial())) {
			return unknown(code, locale, "reason.unknown", now, scanner); // forged: refused without a read
		}
		CodePage page = page(code, locale);
		if (page.unknownReason() != null) {
			return unknown(code, locale, page.unknownReason(), now, scanner);
		}
		Journey journey = page.journey();
		Assessment assessment;
		ScanHistory history = null;
		if (code.serial() == null) {
			assessment = new Assessment(journey.recalled() ? Verdict.RECALLED : Verdict.GENUINE,
					journey.recalled() ? "reason.recalled" : "reason.lot-only", List.of());
		}
		else {
			ScanThresholds thresholds = thresholds(page);
			history = history(code, scanner, now, thresholds);
			assessment = assess(code, page, history, thresholds);
		}
		this.scanLog.enqueue(new ScanLogWriter.Row(code.gtin(), code.serial(), page.lotNumber(), page.brandId(),
				now.toEpochMilli(), assessment.verdict().name(), scanner.place(), scanner.agentFamily()));
		// the phone may add its approximate area to a counted scan that has no place from the edge
		String placeToken = history == null || scanner.place() != null ? null
				: this.placeTokens.issue(code.gtin(), code.serial(), code.lot(), now.toEpochMilli());
		return new ScanResult(assessment.verdict(), reason(assessment, locale), assessment.reason(),
				new ScanResult.Code(code.gtin(), code.serial(), page.lotNumber(),
						code.serial() == null ? "LOT" : page.status().name(), code.uri()),
				journey.product(), journey.lot(), journey.recall(), journey.steps(), journey.reports(), journey.proofs(),
				history == null ? null : new ScanResult.Scans(history.scans(), history.firstScanAt()), placeToken,
				page.id());
	}

	/**
	 * Adds the phone's approximate area ({@link PlaceCell}) to the scan a place token was issued for: to the
	 * code's distinct places, once per scan, and to the scan's log row when it has no place. Answers the verdict
	 * the code now gets, without counting a scan. 4xx problem details for a token that is forged, expired or
	 * used, or a cell that is not rounded; 503 when the counters cannot be reached.
	 */
	public ScanResult.Placed place(@Nullable String token, @Nullable String cellText, Locale locale) {
		PlaceToken.Claims claims = this.placeTokens.verify(token);
		String cell = PlaceCell.parse(cellText);
		Scanned code = new Scanned(claims.gtin(), claims.serial(), claims.lot(), "");
		CodePage page = page(code, locale);
		if (page.unknownReason() != null) {
			throw ApiProblem.notFound("Code", "The scanned code is not known (any more)");
		}
		ScanThresholds thresholds = thresholds(page);
		Instant now = this.clock.instant();
		ScanHistory history;
		try {
			history = this.counters.addPlace(code.gtin() + "/" + code.serial(), claims.scanId(), cell, now,
					thresholds.burstWindow(), Duration.ofMillis(claims.expiresMs() - now.toEpochMilli()).plusMinutes(1));
		}
		catch (RuntimeException ex) {
			this.countersUnavailable.increment();
			log.warn("Scan counters unavailable ({}); a place was not added", ex.toString());
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "counters-unavailable", "Try again later",
					"The place could not be added just now");
		}
		if (history == null) {
			throw new ApiProblem(HttpStatus.CONFLICT, "place-token-used", "Place already added",
					"This scan's place was added already; a token adds one place once");
		}
		this.scanLog.enqueue(new ScanLogWriter.Place(code.gtin(), code.serial(), claims.scannedMs(), cell));
		Assessment assessment = assess(code, page, history, thresholds);
		return new ScanResult.Placed(assessment.verdict(),
				this.messages.getMessage("verdict." + assessment.verdict().name(), null, locale),
				reason(assessment, locale), assessment.reason(), cell);
	}

	private ScanThresholds thresholds(CodePage page) {
		return this.properties.thresholds().forProduct(page.brandId(), page.category());
	}

	/** The verdict of a scan of an individual item (a serial), given its history or null when it is unknown. */
	private static Assessment assess(Scanned code, CodePage page, @Nullable ScanHistory history,
			ScanThresholds thresholds) {
		boolean recalled = page.journey().recalled();
		if (code.lot() != null && page.issuedLot() != null && !code.lot().equals(page.issuedLot()) && !recalled) {
			return new Assessment(Verdict.SUSPICIOUS, "reason.lot-mismatch", List.of());
		}
		if (history == null) {
			return VerdictRules.decideWithoutHistory(state(page.status()), recalled);
		}
		return VerdictRules.decide(state(page.status()), recalled, history, thresholds);
	}

	/**
	 * Counts the scan; null when the counters cannot be reached (Redis down): the page is then served
	 * with a verdict from the code's state alone rather than failing (the scan log still has the scan).
	 */
	private @Nullable ScanHistory history(Scanned code, Scanner scanner, Instant now, ScanThresholds thresholds) {
		try {
			return this.counters.record(code.gtin() + "/" + code.serial(), scanner.place(), now,
					thresholds.burstWindow());
		}
		catch (RuntimeException ex) {
			this.countersUnavailable.increment();
			log.warn("Scan counters unavailable ({}); verdict from the code's state alone", ex.toString());
			return null;
		}
	}

	/**
	 * What one code's page shows apart from the verdict, as of when it was loaded: the product's brand
	 * and category (for thresholds), the code's registry status and issued lot, and the journey; or
	 * why the code is unknown. Cached for {@code veritrace.scan.page-cache-ttl} per code and language.
	 */
	record CodePage(String id, @Nullable String unknownReason, long brandId, @Nullable String category, CodeStatus status,
			@Nullable String issuedLot, @Nullable String lotNumber, @Nullable Journey journey, long loadedMs) {

		static CodePage unknown(String reasonKey, long loadedMs) {
			return new CodePage(UUID.randomUUID().toString(), reasonKey, 0, null, CodeStatus.UNKNOWN_CODE, null, null,
					null, loadedMs);
		}

	}

	private CodePage page(Scanned code, Locale locale) {
		String key = code.gtin() + "/" + code.serial() + "/" + code.lot() + "/" + locale.toLanguageTag();
		CodePage page = this.pages.get(key);
		if (page == null) {
			page = loadPage(code, locale);
			cache(key, page);
		}
		else if (page.unknownReason() == null
				&& this.clock.millis() - page.loadedMs() > this.properties.pageCacheTtl().toMillis() * 2 / 3) {
			refreshInBackground(key, code, locale);
		}
		return page;
	}

	private void cache(String key, CodePage page) {
		// an unknown code may be issued soon (a job completing): remember that it is unknown only briefly.
		// Known pages live 80-100 % of the TTL: pages cached together (a start, a busy minute) do not all
		// expire together and send their rebuilds to the database in one burst
		Duration ttl = this.properties.pageCacheTtl();
		this.pages.put(key, page, page.unknownReason() == null
				? ttl.minusMillis(ThreadLocalRandom.current().nextLong(ttl.toMillis() / 5 + 1))
				: ttl.compareTo(UNKNOWN_TTL) < 0 ? ttl : UNKNOWN_TTL);
	}

	/**
	 * A page scanned after two thirds of its TTL is built again on the refresh thread while the scans go on
	 * being served from the cached one: a code scanned often never has a scan wait for the database (a
	 * scan that does wait is the slowest 1 % of a busy minute). Once per page at a time; when the refresh
	 * queue is full the page is refreshed by a later scan, or built by the scan that finds it expired.
	 */
	private void refreshInBackground(String key, Scanned code, Locale locale) {
		if (!this.refreshing.add(key)) {
			return;
		}
		try {
			this.refresher.execute(() -> {
				try {
					cache(key, loadPage(code, locale));
				}
				catch (RuntimeException ex) {
					log.warn("Scan page {} could not be refreshed ({}); it expires as cached", key, ex.toString());
				}
				finally {
					this.refreshing.remove(key);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.refreshing.remove(key);
		}
	}

	@PreDestroy
	void stopRefreshing() {
		this.refresher.shutdownNow();
	}

	static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

	private CodePage loadPage(Scanned code, Locale locale) {
		Optional<ProductFacts> product = product(code.gtin());
		if (product.isEmpty()) {
			return CodePage.unknown("error.unknown-product", this.clock.millis());
		}
		CodeRegistry.Entry entry = code.serial() == null ? null : this.registry.entry(code.gtin(), code.serial());
		if (entry != null && entry.status() == CodeStatus.UNKNOWN_CODE) {
			return CodePage.unknown("reason.unknown", this.clock.millis());
		}
		String lotNumber = entry != null && entry.lotNumber() != null ? entry.lotNumber() : code.lot();
		return new CodePage(UUID.randomUUID().toString(), null, product.get().brandId(), product.get().category(),
				entry == null ? CodeStatus.ACTIVE : entry.status(), entry == null ? null : entry.lotNumber(), lotNumber,
				loadJourney(product.get(), code.serial(), lotNumber, locale), this.clock.millis());
	}

	private ScanResult unknown(Scanned code, Locale locale, String reasonKey, Instant now, Scanner scanner) {
		this.scanLog.enqueue(new ScanLogWriter.Row(code.gtin(), code.serial(), code.lot(), null, now.toEpochMilli(),
				Verdict.UNKNOWN_CODE.name(), scanner.place(), scanner.agentFamily()));
		return new ScanResult(Verdict.UNKNOWN_CODE, this.messages.getMessage(reasonKey, null, locale), reasonKey,
				new ScanResult.Code(code.gtin(), code.serial(), code.lot(), CodeStatus.UNKNOWN_CODE.name(), code.uri()),
				null, null, null, List.of(), List.of(), List.of(), null, null, null);
	}

	private String reason(Assessment assessment, Locale locale) {
		Object[] args = assessment.arguments().stream().map(a -> a instanceof Instant i ? LOCAL_TIME.format(
				i.atOffset(ZoneOffset.UTC)) + " UTC" : a).toArray();
		return this.messages.getMessage(assessment.reason(), args, locale);
	}

	private static CodeState state(CodeStatus status) {
		return switch (status) {
			case UNKNOWN_CODE -> CodeState.UNKNOWN;
			case ISSUED -> CodeState.ISSUED;
			case ACTIVE -> CodeState.ACTIVE;
			case VOIDED -> CodeState.VOIDED;
		};
	}

	record Journey(ScanResult.Product product, ScanResult.@Nullable LotInfo lot,
			ScanResult.@Nullable Recall recall, List<ScanResult.Step> steps, List<ScanResult.Report> reports,
			List<ScanResult.ProofLink> proofs) {

		@com.fasterxml.jackson.annotation.JsonIgnore
		boolean recalled() {
			return this.recall != null;
		}

	}

	private Journey loadJourney(ProductFacts product, @Nullable String serial, @Nullable String lotNumber,
			Locale locale) {
		String brand = organisationName(product.brandId());
		LotFacts lot = lotNumber == null ? null : lot(product, lotNumber);
		ScanResult.LotInfo lotInfo = lot == null ? null : lot.info();
		ScanResult.Recall recall = lot == null ? null : lot.recall();
		List<StoredEvent> events = serial != null
				? this.timelines.publicItemEvents(product.gtin(), product.brandId(), serial, lotNumber, JOURNEY_LIMIT)
				: lotNumber != null ? this.timelines.publicLotEvents(product.gtin(), lotNumber, JOURNEY_LIMIT)
						: List.of();
		record Entry(Instant when, ScanResult.Step step, ScanResult.ProofLink proof) {
		}
		List<Entry> entries = new ArrayList<>();
		for (StoredEvent e : events) {
			String step = stepWord(e.bizStep());
			String label = this.messages.getMessage("step." + step, null,
					this.messages.getMessage("step.other", null, locale), locale);
			String reporter = organisationName(e.reporterOrganisationId());
			double[] temperatures = temperatures(e.event());
			String localTime = LOCAL_TIME.format(e.eventTime().atOffset(ZoneOffset.of(e.eventTimeZoneOffset())));
			String shownTime = localTime + " (UTC" + e.eventTimeZoneOffset() + ")";
			Instant when = e.eventTime();
			// a lab report's event is recorded when the report is accepted; the consumer is told when the lab
			// issued it (a date), in that order among the other steps (at the end of that day)
			LocalDate issuedOn = "inspecting".equals(step) ? issuedOn(e.event()) : null;
			if (issuedOn != null) {
				localTime = issuedOn.toString();
				shownTime = localTime;
				when = issuedOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
			}
			entries.add(new Entry(when,
					new ScanResult.Step(step, label, e.eventTime(), shownTime, reporter.isEmpty() ? null : reporter,
							e.bizLocation() != null ? e.bizLocation() : e.readPoint(),
							temperatures == null ? null : temperatures[0], temperatures == null ? null : temperatures[1],
							e.eventHash()),
					new ScanResult.ProofLink(e.eventHash(), label + " " + localTime, "/api/v1/proofs/" + hex(e.eventHash()))));
		}
		entries.sort(java.util.Comparator.comparing(Entry::when)); // stable: events keep their order otherwise
		List<ScanResult.Step> steps = entries.stream().map(Entry::step).toList();
		List<ScanResult.ProofLink> proofs = entries.stream().map(Entry::proof).toList();
		List<ScanResult.Report> reports = lotNumber == null ? List.of() : reports(product.gtin(), lotNumber);
		return new Journey(new ScanResult.Product(product.name(), product.category(), brand), lotInfo, recall,
				steps, reports, proofs);
	}

	/*
	 * What all codes of a product or lot share (the product, its brand, the lot and its reports, reporters'
	 * names) is read once per CATALOG_TTL for all of them, not once per code: a busy day's first scans of
	 * many items of one lot cost a registry read and the item's events each. A page is therefore at most
	 * page-cache-ttl + CATALOG_TTL behind the database.
	 */

	record ProductFacts(long id, String gtin, String name, @Nullable String category, long brandId) {
	}

	record LotFacts(ScanResult.LotInfo info, ScanResult.@Nullable Recall recall) {
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

	private Optional<ProductFacts> product(String gtin) {
		return catalogFact("product " + gtin, () -> this.catalog.findByGtin(gtin)
			.map(p -> new ProductFacts(p.getId(), p.getGtin(), p.getName(), p.getCategory(), p.getBrandId())));
	}

	private String organisationName(long id) {
		return catalogFact("organisation " + id,
				() -> this.organisations.findById(id).map(o -> o.getName()).orElse(""));
	}

	private @Nullable LotFacts lot(ProductFacts product, String lotNumber) {
		Optional<LotFacts> lot = catalogFact("lot " + product.id() + "/" + lotNumber,
				() -> this.catalog.findLot(product.id(), lotNumber).map(l -> new LotFacts(
						new ScanResult.LotInfo(l.getLotNumber(), l.getProductionDate(), l.getExpiryDate(),
								l.getStatus().name()),
						l.getStatus() == LotStatus.RECALLED ? new ScanResult.Recall(l.getLotNumber(), l.getStatus().name())
								: null)));
		return lot.orElse(null);
	}

	private List<ScanResult.Report> reports(String gtin, String lotNumber) {
		return catalogFact("reports " + gtin + "/" + lotNumber,
				() -> this.inspections.reportsOfLot(gtin, lotNumber).stream().map(ScanService::report).toList());
	}

	/** The issue date of the lab report an inspecting event records, or null (not a report's, or no date). */
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

	/** The CBV word of a bizStep URI ({@code https://ref.gs1.org/cbv/BizStep-shipping} -> shipping). */
	static String stepWord(@Nullable String bizStep) {
		if (bizStep == null) {
			return "other";
		}
		int dash = bizStep.lastIndexOf("BizStep-");
		return dash >= 0 ? bizStep.substring(dash + "BizStep-".length()) : "other";
	}

	/** Min and max of the temperature readings of an event's sensor elements, or null. */
	double @Nullable [] temperatures(String eventJson) {
		JsonNode event = this.json.readTree(eventJson);
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (JsonNode element : event.path("sensorElementList")) {
			for (JsonNode report : element.path("sensorReport")) {
				String type = report.path("type").asString("");
				if (type.endsWith("Temperature")) {
					for (String field : new String[] { "value", "minValue", "maxValue", "meanValue" }) {
						if (report.has(field) && report.get(field).isNumber()) {
							double v = report.get(field).asDouble();
							min = Math.min(min, v);
							max = Math.max(max, v);
						}
					}
				}
			}
		}
		return min == Double.POSITIVE_INFINITY ? null : new double[] { min, max };
	}

	private static String hex(String hashId) {
		int semi = hashId.indexOf(';');
		int q = hashId.indexOf('?');
		return semi > 0 && q > semi ? hashId.substring(semi + 1, q) : HexFormat.of().formatHex(hashId.getBytes());
	}

}
