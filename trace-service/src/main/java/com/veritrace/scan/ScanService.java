package com.veritrace.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.analytics.Assessment;
import com.veritrace.analytics.CodeReview;
import com.veritrace.analytics.CodeState;
import com.veritrace.analytics.ScanCounters;
import com.veritrace.analytics.ScanHistory;
import com.veritrace.analytics.ScanThresholds;
import com.veritrace.analytics.Verdict;
import com.veritrace.analytics.VerdictRules;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.UnavailableException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * One consumer scan: checks the code, takes its page ({@link CodePages}: product, lot,
 * journey, cached briefly per code), counts the scan, decides the verdict (never cached)
 * and logs the scan ({@link ScanLogWriter}); and adds the phone's approximate area to a
 * scan ({@link #place}).
 */
@Service
public class ScanService {

	private static final Logger log = LoggerFactory.getLogger(ScanService.class);

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private final CodeRegistry registry;

	private final CodePages pages;

	private final ScanCounters counters;

	private final ScanLogWriter scanLog;

	private final ScanProperties properties;

	private final MessageSource messages;

	/**
	 * The reasons' patterns as formats, per thread: the message source shares one
	 * synchronized format per message and locale, a lock every counted scan waited on
	 * (docs/BENCHMARKS.md, the scan page's profile of issue 15).
	 */
	private final ThreadLocal<Map<String, MessageFormat>> reasonFormats = ThreadLocal.withInitial(HashMap::new);

	private final Clock clock;

	private final Counter countersUnavailable;

	private final PlaceToken placeTokens;

	private final ClientKeys clientKeys;

	private final VerdictSettings settings;

	ScanService(CodeRegistry registry, CodePages pages, ScanConfiguration.ScanStores stores, ScanLogWriter scanLog,
			ScanProperties properties, MessageSource messages, Clock clock, MeterRegistry meters,
			PlaceToken placeTokens, ClientKeys clientKeys, ObjectProvider<VerdictSettings> settings) {
		this.clientKeys = clientKeys;
		this.settings = settings.getIfAvailable(() -> VerdictSettings.NONE);
		this.registry = registry;
		this.pages = pages;
		this.counters = stores.counters();
		this.countersUnavailable = Counter.builder("veritrace.scan.counters.unavailable")
			.description("Scans whose history could not be read or counted (counter store down)")
			.register(meters);
		this.scanLog = scanLog;
		this.properties = properties;
		this.messages = messages;
		this.clock = clock;
		this.placeTokens = placeTokens;
	}

	/** A scanned code: GTIN-14, and serial and/or lot as printed in the Digital Link. */
	public record Scanned(String gtin, @Nullable String serial, @Nullable String lot, String uri) {
	}

	/**
	 * Who scanned, coarsely: a place from the edge and the browser family; the client's
	 * opaque key ({@link ScanWatch.LoggedScan#client()}) or null; its network address,
	 * for the region lookup only (never stored), or null.
	 */
	public record Scanner(@Nullable String place, String agentFamily, @Nullable String client,
			@Nullable String address) {

		@Override
		public String toString() {
			return "Scanner[" + this.place + ", " + this.agentFamily + "]";
		}

	}

	/**
	 * A scan, counted unless it comes from a known crawler (its agent family is
	 * {@code crawler}).
	 */
	public ScanResult scan(Scanned code, Scanner scanner, Locale locale) {
		return scan(code, scanner, locale, !CRAWLER.equals(scanner.agentFamily()));
	}

	/** The agent family of known crawlers: their scans are shown, never counted. */
	public static final String CRAWLER = "crawler";

	/**
	 * A scan; {@code counted} false for a prefetch, a HEAD request or a crawler: it is
	 * answered from the code's history as it stands, without counting it or giving a
	 * token to confirm it.
	 */
	public ScanResult scan(Scanned code, Scanner scanner, Locale locale, boolean counted) {
		return scan(code, scanner, locale, counted, null);
	}

	/**
	 * A scan opened by an NFC chip's tap ({@code chip} VERIFIED or REPLAYED): the same
	 * page and log as a QR scan, with the chip's verdict. A verified tap proves the chip
	 * is present, so it outweighs the copied-label heuristics (GENUINE, "chip verified,
	 * tap n"); it does not outweigh a recall, a voided or not activated code. A replayed
	 * message is SUSPICIOUS whatever the code's history. {@code counted} as for a scan.
	 */
	public ScanResult tap(Scanned code, Scanner scanner, Locale locale, ChipTaps.ChipTap chip, boolean counted) {
		if (chip.status() == ChipTaps.Status.UNKNOWN) {
			throw new IllegalArgumentException("an unknown chip has no item to show");
		}
		return scan(code, scanner, locale, counted, chip);
	}

	private ScanResult scan(Scanned code, Scanner scanner, Locale locale, boolean counted,
			ChipTaps.@Nullable ChipTap chip) {
		Instant now = this.clock.instant();
		if (code.serial() != null && !this.registry.passesCheck(code.gtin(), code.serial())) {
			return unknown(code, locale, "reason.unknown", now, scanner); // forged:
																			// refused
																			// without a
																			// read
		}
		CodePage page = this.pages.page(code, locale);
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
			history = counted ? history(code, scanner, now, thresholds) : peek(code, now, thresholds);
			assessment = assess(code, page, history, thresholds, review(code));
			if (chip != null) {
				assessment = chipAssessment(assessment, page.status(), chip);
			}
			if (!counted) {
				history = null; // no token: nothing to confirm
			}
		}
		// a scan that should have been counted and was not (counters down): ScanRecount
		// counts it late
		boolean uncounted = counted && code.serial() != null && history == null;
		this.scanLog.enqueue(new ScanLogWriter.Row(code.gtin(), code.serial(), page.lotNumber(), page.brandId(),
				now.toEpochMilli(), assessment.verdict().name(), scanner.place(), scanner.agentFamily(),
				scanner.client(), scanner.address(), uncounted));
		// the page's script confirms a counted scan with its token, and the phone may add
		// its approximate area to one that has no place from the edge
		// a chip's tap needs no confirmation by the page's script (the chip's signature
		// is
		// stronger evidence), whose answer would replace the chip's verdict on the page
		String placeToken = history == null || chip != null ? null
				: this.placeTokens.issue(code.gtin(), code.serial(), code.lot(), now.toEpochMilli(),
						new PlaceToken.Scanner(scanner.client() == null ? "" : scanner.client(),
								this.clientKeys.network(scanner.address(), scanner.place()), scanner.place()));
		return new ScanResult(assessment.verdict(), reason(assessment, locale), assessment.reason(),
				new ScanResult.Code(code.gtin(), code.serial(), page.lotNumber(),
						code.serial() == null ? "LOT" : page.status().name(), code.uri()),
				journey.product(), journey.lot(), journey.recall(), journey.steps(), journey.reports(),
				journey.proofs(), history == null ? null : new ScanResult.Scans(history.scans(), history.firstScanAt()),
				placeToken, page.id(), journey.coldChain(), placeToken != null && scanner.place() == null,
				chip == null ? null : new ScanResult.Chip(chip.status().name(), chip.counter()));
	}

	/**
	 * The verdict of a chip's tap, given the verdict the code's state and history give.
	 */
	static Assessment chipAssessment(Assessment assessment, CodeStatus status, ChipTaps.ChipTap chip) {
		if (chip.status() == ChipTaps.Status.REPLAYED) {
			return assessment.verdict() == Verdict.UNKNOWN_CODE ? assessment
					: new Assessment(Verdict.SUSPICIOUS, "reason.chip-replayed",
							List.of(String.valueOf(chip.counter()), String.valueOf(chip.lastCounter())));
		}
		if (assessment.verdict() == Verdict.RECALLED || assessment.verdict() == Verdict.UNKNOWN_CODE
				|| status != CodeStatus.ACTIVE) {
			return assessment;
		}
		return new Assessment(Verdict.GENUINE, "reason.chip-verified", List.of(String.valueOf(chip.counter())));
	}

	/**
	 * Adds the phone's approximate area ({@link PlaceCell}) to the scan a place token was
	 * issued for: as the confirming client's place (once per scan), and to the scan's log
	 * row when it has no place. Answers the verdict the code now gets, without counting a
	 * scan. 4xx problem details for a token that is forged, expired or used, or a cell
	 * that is not rounded; 503 when the counters cannot be reached.
	 * @param device the page's device cookie, or null
	 */
	public ScanResult.Placed place(@Nullable String token, @Nullable String cellText, @Nullable String device,
			Locale locale) {
		PlaceToken.Claims claims = this.placeTokens.verify(token);
		String cell = PlaceCell.parse(cellText);
		ScanResult.Placed placed = confirm(claims, "place", cell, device, locale);
		this.scanLog.enqueue(new ScanLogWriter.Place(claims.gtin(), claims.serial(), claims.scannedMs(), cell));
		return placed;
	}

	/** {@link #place} without a place: before the device cookie (tests). */
	public ScanResult.Placed place(@Nullable String token, @Nullable String cellText, Locale locale) {
		return place(token, cellText, null, locale);
	}

	/**
	 * The page's script ran for the scan its token was issued for: the client that
	 * scanned (its device cookie, else as the scan saw it) counts among the code's
	 * confirmed clients, with the trusted edge's place if the scan had one. Once per
	 * scan. Answers the verdict the code now gets; 4xx problem details for a token that
	 * is forged, expired or used, 503 when the counters cannot be reached.
	 */
	public ScanResult.Placed seen(@Nullable String token, @Nullable String device, Locale locale) {
		PlaceToken.Claims claims = this.placeTokens.verify(token);
		return confirm(claims, "seen", claims.edgePlace(), device, locale);
	}

	private ScanResult.Placed confirm(PlaceToken.Claims claims, String kind, @Nullable String place,
			@Nullable String device, Locale locale) {
		Scanned code = new Scanned(claims.gtin(), claims.serial(), claims.lot(), "");
		CodePage page = this.pages.page(code, locale);
		if (page.unknownReason() != null) {
			throw NotFoundException.of("Code", "The scanned code is not known (any more)");
		}
		ScanThresholds thresholds = thresholds(page);
		Instant now = this.clock.instant();
		String fromDevice = ClientKeys.device(device);
		String client = fromDevice != null ? this.clientKeys.client(fromDevice, null, "")
				: claims.client().isEmpty() ? claims.network() : claims.client();
		ScanHistory history;
		try {
			history = this.counters.confirm(code.gtin() + "/" + code.serial(), claims.scanId(), kind,
					new ScanCounters.Confirmation(client, claims.network(), place), now, thresholds.burstWindow(),
					Duration.ofMillis(claims.expiresMs() - now.toEpochMilli()).plusMinutes(1));
		}
		catch (RuntimeException ex) {
			this.countersUnavailable.increment();
			log.warn("Scan counters unavailable ({}); a confirmation was not counted", ex.toString());
			throw new UnavailableException("counters-unavailable", "Try again later",
					"The scan could not be confirmed just now");
		}
		if (history == null) {
			throw new ConflictException("place-token-used", "Token used",
					"This scan was confirmed already; a token confirms its scan once");
		}
		Assessment assessment = assess(code, page, history, thresholds, review(code));
		if (assessment.verdict() == Verdict.SUSPICIOUS && VerdictRules.EVIDENCE_REASONS.contains(assessment.reason())) {
			this.scanLog.enqueue(new ScanLogWriter.Flag(
					new VerdictWatch.Flagged(code.gtin(), code.serial(), page.lotNumber(), page.brandId(),
							now.toEpochMilli(), assessment.reason(), history, null),
					claims.edgePlace(), "place".equals(kind) ? place : null));
		}
		return new ScanResult.Placed(assessment.verdict(),
				this.messages.getMessage("verdict." + assessment.verdict().name(), null, locale),
				reason(assessment, locale), assessment.reason(), place == null ? "" : place);
	}

	private CodeReview review(Scanned code) {
		return code.serial() == null ? CodeReview.NONE : this.settings.review(code.gtin(), code.serial());
	}

	/**
	 * The history without counting this scan: as if it were the first when there is none.
	 */
	private @Nullable ScanHistory peek(Scanned code, Instant now, ScanThresholds thresholds) {
		try {
			ScanHistory history = this.counters.peek(code.gtin() + "/" + code.serial(), now, thresholds.burstWindow());
			return history != null ? history : new ScanHistory(1, now, 0, 1);
		}
		catch (RuntimeException ex) {
			this.countersUnavailable.increment();
			return null;
		}
	}

	/** The brand's own thresholds (set through the API), else the configured ones. */
	private ScanThresholds thresholds(CodePage page) {
		ScanThresholds own = this.settings.thresholds(page.brandId(), page.category());
		return own != null ? own : this.properties.thresholds().forProduct(page.brandId(), page.category());
	}

	/**
	 * The verdict of a scan of an individual item (a serial), given its history or null
	 * when it is unknown.
	 */
	private static Assessment assess(Scanned code, CodePage page, @Nullable ScanHistory history,
			ScanThresholds thresholds, CodeReview review) {
		boolean recalled = page.journey().recalled();
		if (code.lot() != null && page.issuedLot() != null && !code.lot().equals(page.issuedLot()) && !recalled) {
			return new Assessment(Verdict.SUSPICIOUS, "reason.lot-mismatch", List.of());
		}
		if (history == null) {
			return VerdictRules.decideWithoutHistory(state(page.status()), recalled);
		}
		return VerdictRules.decide(state(page.status()), recalled, history, thresholds, review);
	}

	/**
	 * Counts the scan; null when the counters cannot be reached (Redis down): the page is
	 * then served with a verdict from the code's state alone rather than failing (the
	 * scan log still has the scan).
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

	private ScanResult unknown(Scanned code, Locale locale, String reasonKey, Instant now, Scanner scanner) {
		this.scanLog.enqueue(new ScanLogWriter.Row(code.gtin(), code.serial(), code.lot(), null, now.toEpochMilli(),
				Verdict.UNKNOWN_CODE.name(), scanner.place(), scanner.agentFamily(), scanner.client(),
				scanner.address(), false));
		return new ScanResult(Verdict.UNKNOWN_CODE, this.messages.getMessage(reasonKey, null, locale), reasonKey,
				new ScanResult.Code(code.gtin(), code.serial(), code.lot(), CodeStatus.UNKNOWN_CODE.name(), code.uri()),
				null, null, null, List.of(), List.of(), List.of(), null, null, null, List.of(), false);
	}

	private String reason(Assessment assessment, Locale locale) {
		Object[] args = assessment.arguments()
			.stream()
			.map(a -> a instanceof Instant i ? LOCAL_TIME.format(i.atOffset(ZoneOffset.UTC)) + " UTC" : a)
			.toArray();
		if (args.length == 0) {
			return this.messages.getMessage(assessment.reason(), null, locale);
		}
		return this.reasonFormats.get()
			.computeIfAbsent(assessment.reason() + " " + locale.toLanguageTag(),
					k -> new MessageFormat(this.messages.getMessage(assessment.reason(), null, locale), locale))
			.format(args);
	}

	private static CodeState state(CodeStatus status) {
		return switch (status) {
			case UNKNOWN_CODE -> CodeState.UNKNOWN;
			case ISSUED -> CodeState.ISSUED;
			case ACTIVE -> CodeState.ACTIVE;
			case VOIDED -> CodeState.VOIDED;
		};
	}

}
