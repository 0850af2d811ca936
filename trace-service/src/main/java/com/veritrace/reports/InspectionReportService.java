package com.veritrace.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.CryptoProperties;
import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Lot;
import com.veritrace.catalog.Product;
import com.veritrace.events.EventRecorder;
import com.veritrace.events.StoredEvent;
import com.veritrace.ingest.EventSink;
import com.veritrace.inspection.DocumentDigest;
import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.inspection.DocumentStore;
import com.veritrace.inspection.DocumentType;
import com.veritrace.inspection.InspectionEvents;
import com.veritrace.inspection.InvalidReportException;
import com.veritrace.inspection.ReportMetadata;
import com.veritrace.inspection.ReportMetadataReader;
import com.veritrace.inspection.Verdict;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.shared.UnsupportedTypeException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inspection reports: labs upload them (metadata + document) for lots of brands that
 * granted them REPORTS; each accepted report is stored with its document's digest, its
 * document kept in the {@link DocumentStore}, and recorded as an EPCIS inspecting event
 * through the event recorder (so it is anchored like any event). Reports are never
 * changed or deleted: a lab corrects one by uploading a new report that supersedes it.
 * Every read checks the document and the record ({@link ReportIntegrity}).
 */
@Service
public class InspectionReportService {

	static final String DOCUMENT_PATH = InspectionConfiguration.UPLOAD_PATH + "/%s/document";

	private static final Logger log = LoggerFactory.getLogger(InspectionReportService.class);

	private static final int KEY_TESTS_WHEN_NONE_MARKED = 5;

	private final InspectionReportRepository reports;

	private final CatalogService catalog;

	private final GrantService grants;

	private final EventRecorder recorder;

	private final DocumentStore store;

	private final ReportIntegrity integrity;

	private final ReportMetadataReader reader;

	private final InspectionEvents inspectionEvents;

	private final InspectionProperties properties;

	/** The digest of new documents (the crypto profile's, or the configured one). */
	private final DocumentHashAlgorithm documentHash;

	private final JsonMapper json;

	private final Clock clock;

	InspectionReportService(InspectionReportRepository reports, CatalogService catalog, GrantService grants,
			EventRecorder recorder, DocumentStore store, ReportIntegrity integrity, ReportMetadataReader reader,
			InspectionEvents inspectionEvents, InspectionProperties properties, CryptoProperties crypto,
			JsonMapper json, Clock clock) {
		this.documentHash = crypto.profile().documentHash(properties.hashAlgorithm());
		this.reports = reports;
		this.catalog = catalog;
		this.grants = grants;
		this.recorder = recorder;
		this.store = store;
		this.integrity = integrity;
		this.reader = reader;
		this.inspectionEvents = inspectionEvents;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * An uploaded document: the type the client declared (if any), its declared size and
	 * its bytes.
	 */
	public record IncomingDocument(@Nullable String declaredType, long size, InputStreamSource content) {
	}

	/**
	 * Accepts a lab's report.
	 * @throws DomainException 403 (not a lab, missing scope, not granted, correcting
	 * another lab's report), 400 (every metadata problem), 413 (document too large), 415
	 * (not an allowed type, by content), 404 (unknown product, lot or superseded report),
	 * 409 (report number taken, report already corrected)
	 */
	@Transactional
	public InspectionReportView upload(Caller caller, byte @Nullable [] metadataJson,
			@Nullable IncomingDocument document) {
		if (caller.kind() != OrganisationKind.LAB) {
			throw ForbiddenException.of("Only inspection labs upload reports; this key belongs to a " + caller.kind()
					+ ". A brand cannot write, change or delete a lab's report.");
		}
		caller.require(Scope.REPORTS_WRITE);
		long maxDocument = this.properties.maxDocumentSize().toBytes();
		if (document != null && document.size() > maxDocument) {
			throw tooLarge(document.size(), maxDocument);
		}
		DocumentType type = document == null ? null : checkType(document);
		List<FieldProblem> problems = new ArrayList<>();
		ReportMetadata metadata = null;
		if (metadataJson == null || metadataJson.length == 0) {
			problems.add(new FieldProblem("metadata", "is required: the report's metadata as a JSON part"));
		}
		else if (metadataJson.length > this.properties.maxMetadataSize().toBytes()) {
			problems.add(new FieldProblem("metadata",
					"is larger than " + this.properties.maxMetadataSize().toBytes() + " bytes"));
		}
		else {
			try {
				metadata = this.reader.read(metadataJson, LocalDate.now(this.clock.withZone(ZoneOffset.UTC)));
			}
			catch (InvalidReportException ex) {
				ex.problems().forEach(p -> problems.add(new FieldProblem(p.field(), p.reason())));
			}
		}
		if (document == null) {
			problems.add(
					new FieldProblem("document", "is required: the report document (PDF, PNG or JPEG) as a file part"));
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		return accept(caller, metadata, document, type);
	}

	private InspectionReportView accept(Caller caller, ReportMetadata m, IncomingDocument document, DocumentType type) {
		Product product = this.catalog.findByGtin(m.gtin())
			.orElseThrow(() -> new NotFoundException("not-found", "Product not found",
					"No product with GTIN " + m.gtin() + " is registered on Veritrace",
					List.of(new FieldProblem("metadata.gtin", "no product with GTIN " + m.gtin()))));
		this.grants.checkMayReport(caller.organisationId(), GrantRight.REPORTS, m.gtin(), m.lotNumber());
		Lot lot = this.catalog.findLot(product.getId(), m.lotNumber())
			.orElseThrow(() -> new NotFoundException("not-found", "Lot not found",
					"No lot '" + m.lotNumber() + "' of GTIN " + m.gtin(), List.of(new FieldProblem("metadata.lotNumber",
							"no lot '" + m.lotNumber() + "' of GTIN " + m.gtin()))));
		if (m.supersedes() != null) {
			checkCorrection(caller, m);
		}
		if (this.reports.numberTaken(caller.organisationId(), m.reportNumber())) {
			throw ConflictException.of(
					"Your lab already uploaded a report numbered " + m.reportNumber()
							+ "; a correction needs a number of its own (ISO/IEC 17025 7.8.8)",
					"metadata.reportNumber");
		}
		DocumentStore.StoredDocument stored = storeDocument(document);
		String id = UUID.randomUUID().toString();
		Instant acceptedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		EventSink.HashedEvent event = this.inspectionEvents.event(new InspectionEvents.ReportFacts(id, m.reportNumber(),
				caller.organisationId(), m.gtin(), m.lotNumber(), m.serials(), m.verdict(), m.issuedOn().toString(),
				stored.digest(), m.supersedes(), acceptedAt));
		EventSink.Outcome outcome = this.recorder
			.record(caller.organisationId(), GrantRight.REPORTS, List.of(event), true)
			.get(0);
		if (outcome.status() == EventSink.Status.REJECTED) {
			throw new ForbiddenException("not-granted", "Not granted",
					"The report's event was refused: " + outcome.reason());
		}
		InspectionReportRow row = new InspectionReportRow(id, caller.organisationId(), caller.organisationName(),
				product.getBrandId(), m.reportNumber(), m.gtin(), lot.getLotNumber(), m.verdict(), m.issuedOn(),
				m.validUntil(), acceptedAt, this.json.writeValueAsString(m), stored.key(), type, stored.size(),
				stored.digest(), event.hash().digest(), m.supersedes(), null);
		this.reports.insert(row);
		log.info(
				"Inspection report {} ({}, {}) of lab {} accepted for GTIN {} lot {}: document {} ({} bytes), event {}{}",
				id, m.reportNumber(), m.verdict(), caller.organisationId(), m.gtin(), m.lotNumber(),
				stored.digest().ni(), stored.size(), event.hash().ni(),
				m.supersedes() == null ? "" : ", superseding " + m.supersedes());
		return view(row, m, DocumentCheck.VERIFIED);
	}

	private void checkCorrection(Caller caller, ReportMetadata m) {
		// another lab's report is not there for this lab: the same answer as for none (no
		// existence oracle)
		InspectionReportRow old = this.reports.find(m.supersedes())
			.filter(r -> r.labId() == caller.organisationId())
			.orElseThrow(() -> new NotFoundException("not-found", "Report not found",
					"No inspection report " + m.supersedes() + " to supersede",
					List.of(new FieldProblem("metadata.supersedes", "no report " + m.supersedes()))));
		if (!old.gtin().equals(m.gtin()) || !old.lotNumber().equals(m.lotNumber())) {
			throw InvalidException.of("metadata.supersedes", "a correction must be about the same product and lot as "
					+ "the report it supersedes (GTIN " + old.gtin() + ", lot " + old.lotNumber() + ")");
		}
		if (old.supersededBy() != null) {
			throw ConflictException.of("Report " + old.id() + " is already superseded by " + old.supersededBy()
					+ "; correct that one instead", "metadata.supersedes");
		}
	}

	private DocumentType checkType(IncomingDocument document) {
		byte[] head;
		try (InputStream in = document.content().getInputStream()) {
			head = in.readNBytes(DocumentType.SNIFF_LENGTH);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the uploaded document", ex);
		}
		String allowed = this.properties.allowedTypes()
			.stream()
			.sorted()
			.map(DocumentType::mediaType)
			.toList()
			.toString();
		DocumentType sniffed = DocumentType.sniff(head).orElse(null);
		if (sniffed == null || !this.properties.allowedTypes().contains(sniffed)) {
			String what = sniffed == null ? "content starting with 0x" + HexFormat.of().formatHex(head)
					: sniffed.mediaType() + " content";
			throw unsupported(head.length == 0 ? "the document is empty"
					: "the document is " + what + ", which is not an allowed type; allowed: " + allowed);
		}
		String declared = document.declaredType();
		if (declared != null && !declared.isBlank() && !declared.startsWith("application/octet-stream")) {
			DocumentType declaredType = DocumentType.fromMediaType(declared).orElse(null);
			if (declaredType != sniffed) {
				throw unsupported(
						"the document was declared as " + declared + " but its content is " + sniffed.mediaType());
			}
		}
		return sniffed;
	}

	private DocumentStore.StoredDocument storeDocument(IncomingDocument document) {
		long max = this.properties.maxDocumentSize().toBytes();
		try (InputStream in = document.content().getInputStream()) {
			return this.store.put(in, this.documentHash, max);
		}
		catch (DocumentStore.DocumentTooLargeException ex) {
			throw tooLarge(max + 1, max);
		}
		catch (IOException ex) {
			// the store wrote to a temporary file and removed it: nothing is half
			// written, and no report row exists yet (it is inserted after this)
			if (noSpaceLeft(ex)) {
				log.error("Document store full: an upload was refused ({})", ex.toString());
				throw new UnavailableException("document-store-full", "Document store full",
						"The report's document could not be stored: the document store has no space left. Nothing "
								+ "was recorded; upload it again later.");
			}
			log.error("Document store failed: an upload was refused", ex);
			throw new UnavailableException("document-store-unavailable", "Document store unavailable",
					"The report's document could not be stored. Nothing was recorded; upload it again later.");
		}
	}

	/** ENOSPC (or a quota), as the JDK words it, anywhere in the causes. */
	public static boolean noSpaceLeft(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			String message = (t instanceof java.nio.file.FileSystemException fs) ? fs.getReason() : t.getMessage();
			if (message != null && (message.contains("No space left on device")
					|| message.contains("Disk quota exceeded") || message.contains("There is not enough space"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One report, after checking its document and record.
	 * @throws DomainException 404 unknown, 403 for organisations other than its lab, its
	 * brand, regulators and the platform, 500 {@code document-integrity} when the check
	 * fails
	 */
	@Transactional(readOnly = true)
	public InspectionReportView get(Caller caller, String id) {
		InspectionReportRow row = readable(caller, id);
		this.integrity.require(row);
		return view(row, metadata(row), DocumentCheck.VERIFIED);
	}

	/** A report's document, as the very bytes that were checked against its digest. */
	@Transactional(readOnly = true)
	public VerifiedDocument document(Caller caller, String id) {
		InspectionReportRow row = readable(caller, id);
		byte[] content = this.integrity.readVerified(row, this.properties.maxDocumentSize().toBytes());
		return new VerifiedDocument(row.reportNumber(), row.documentType(), row.documentDigest(), content);
	}

	/**
	 * A report's document for the public scan page, which lists every report of a lot:
	 * the report id (a random UUID) is the capability; the bytes are checked as for the
	 * API.
	 */
	@Transactional(readOnly = true)
	public VerifiedDocument publicDocument(String id) {
		InspectionReportRow row = this.reports.find(id)
			.orElseThrow(() -> NotFoundException.of("Inspection report", "No inspection report " + id));
		byte[] content = this.integrity.readVerified(row, this.properties.maxDocumentSize().toBytes());
		return new VerifiedDocument(row.reportNumber(), row.documentType(), row.documentDigest(), content);
	}

	/** A checked document and what it must hash to. */
	public record VerifiedDocument(String reportNumber, DocumentType type, DocumentDigest digest, byte[] content) {

		/** The document's media type, e.g. {@code application/pdf}. */
		public String mediaType() {
			return this.type.mediaType();
		}

		/** A file name for a download: the report number and the type's extension. */
		public String fileName() {
			return this.reportNumber.replace('/', '_') + "." + this.type.extension();
		}

		/** The digest as {@code ni:///sha-256;…}. */
		public String digestNi() {
			return this.digest.ni();
		}

	}

	/**
	 * The reports of a lot, newest first, each checked: the lot's brand, regulators and
	 * the platform see all; a lab sees its own.
	 */
	@Transactional(readOnly = true)
	public List<InspectionReportView> listForLot(Caller caller, String gtinText, String lotNumber) {
		caller.require(Scope.READ);
		String gtin = CatalogService.gtin(gtinText);
		Long onlyLab = null;
		if (caller.kind() == OrganisationKind.LAB) {
			onlyLab = caller.organisationId();
		}
		else if (!caller.readsAcrossTenants()) {
			this.catalog.lot(caller, gtin, lotNumber);
		}
		return this.reports.ofLot(gtin, lotNumber, onlyLab)
			.stream()
			.map(row -> view(row, metadata(row), this.integrity.check(row)))
			.toList();
	}

	/**
	 * For the consumer scan page (public, no caller): every report of the lot, current
	 * ones first, newest first, with the tests that matter and the result of a fresh
	 * integrity check. A report that fails its check stays in the list, marked, so that
	 * the page can say so.
	 */
	@Transactional(readOnly = true)
	public List<LotReport> reportsOfLot(String gtin14, String lotNumber) {
		return this.reports.ofLot(gtin14, lotNumber, null)
			.stream()
			.sorted(Comparator.comparing((InspectionReportRow r) -> r.supersededBy() != null))
			.map(row -> {
				ReportMetadata m = metadata(row);
				return new LotReport(row.id(), row.reportNumber(), row.labName(), row.issuedOn(), row.validUntil(),
						row.verdict(), keyTests(m), DOCUMENT_PATH.formatted(row.id()), row.documentDigest().ni(),
						this.integrity.check(row), status(row), row.supersededBy());
			})
			.toList();
	}

	/** One line of a report list (no document check: that is made when it is opened). */
	public record ReportListing(String id, String reportNumber, String labName, String gtin, String lotNumber,
			Verdict verdict, LocalDate issuedOn, Instant acceptedAt, ReportStatus status) {
	}

	/**
	 * A page of reports, newest first; {@code next} is the cursor of the following one.
	 */
	public record ReportPage(List<ReportListing> reports, @Nullable String next) {
	}

	/**
	 * The caller's reports newest first, a keyset page after {@code cursor}: a lab's own
	 * uploads, a brand's reports about its lots; regulators and the platform see all.
	 * @throws InvalidException a cursor this method did not return
	 */
	@Transactional(readOnly = true)
	public ReportPage list(Caller caller, @Nullable String cursor, int limit) {
		caller.require(Scope.READ);
		Long afterMs = null;
		String afterId = null;
		if (cursor != null && !cursor.isBlank()) {
			int dot = cursor.indexOf('.');
			try {
				afterMs = Long.parseLong(cursor.substring(0, dot));
				afterId = cursor.substring(dot + 1);
			}
			catch (RuntimeException ex) {
				throw InvalidException.of("cursor", "'" + cursor + "' is not a cursor of this list");
			}
		}
		Long labId = null;
		Long brandId = null;
		if (caller.kind() == OrganisationKind.LAB) {
			labId = caller.organisationId();
		}
		else if (!caller.readsAcrossTenants()) {
			brandId = caller.organisationId();
		}
		List<InspectionReportRow> rows = this.reports.page(labId, brandId, afterMs, afterId, limit + 1);
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			InspectionReportRow last = rows.get(limit - 1);
			next = last.acceptedAt().toEpochMilli() + "." + last.id();
		}
		return new ReportPage(rows.stream()
			.map(r -> new ReportListing(r.id(), r.reportNumber(), r.labName(), r.gtin(), r.lotNumber(), r.verdict(),
					r.issuedOn(), r.acceptedAt(), status(r)))
			.toList(), next);
	}

	/**
	 * The tests a lab marked as key; when it marked none, failed tests first, at most
	 * five.
	 */
	static List<ReportMetadata.TestResult> keyTests(ReportMetadata m) {
		List<ReportMetadata.TestResult> marked = m.tests().stream().filter(ReportMetadata.TestResult::key).toList();
		if (!marked.isEmpty()) {
			return marked;
		}
		return m.tests()
			.stream()
			.sorted(Comparator.comparing((ReportMetadata.TestResult t) -> t.outcome() != Verdict.FAIL))
			.limit(KEY_TESTS_WHEN_NONE_MARKED)
			.toList();
	}

	private InspectionReportRow readable(Caller caller, String id) {
		caller.require(Scope.READ);
		return this.reports.find(id)
			.filter(row -> row.labId() == caller.organisationId() || row.brandId() == caller.organisationId()
					|| caller.readsAcrossTenants())
			.orElseThrow(() -> NotFoundException.of("Inspection report", "No inspection report " + id));
	}

	private ReportMetadata metadata(InspectionReportRow row) {
		return this.json.readValue(row.metadataJson(), ReportMetadata.class);
	}

	private static InspectionReportView view(InspectionReportRow row, ReportMetadata m, DocumentCheck check) {
		return new InspectionReportView(row.id(), row.reportNumber(),
				new InspectionReportView.Lab(row.labId(), row.labName()), row.gtin(), row.lotNumber(), m.serials(),
				row.verdict(), m.conditions(), row.issuedOn(), row.validUntil(), m.sample(), m.tests(), m.signer(),
				row.acceptedAt(),
				new InspectionReportView.Document(DOCUMENT_PATH.formatted(row.id()), row.documentType().mediaType(),
						row.documentSize(), row.documentDigest().ni(), check),
				StoredEvent.hashId("sha-256", row.eventHash()), row.supersedes(), row.supersededBy(), status(row));
	}

	private static ReportStatus status(InspectionReportRow row) {
		return row.supersededBy() == null ? ReportStatus.CURRENT : ReportStatus.SUPERSEDED;
	}

	/**
	 * A caller acting for a lab, for reports that arrive through a connector rather than
	 * a key.
	 */
	static Caller labCaller(long labId, String labName) {
		return new Caller(labId, labName, OrganisationKind.LAB, 0, EnumSet.of(Scope.REPORTS_WRITE, Scope.READ));
	}

	private static TooLargeException tooLarge(long size, long max) {
		String reason = "is " + size + " bytes; the limit is " + max + " bytes";
		return new TooLargeException("too-large", "Document too large", "The report document " + reason,
				List.of(new FieldProblem("document", reason)));
	}

	private static UnsupportedTypeException unsupported(String reason) {
		return new UnsupportedTypeException("unsupported-media-type", "Unsupported document type",
				"The report document is not accepted: " + reason, List.of(new FieldProblem("document", reason)));
	}

}
