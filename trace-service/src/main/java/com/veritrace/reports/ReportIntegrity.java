package com.veritrace.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.events.EventRecorder;
import com.veritrace.events.StoredEvent;
import com.veritrace.shared.IntegrityFailureException;
import com.veritrace.inspection.DocumentDigest;
import com.veritrace.inspection.DocumentStore;
import com.veritrace.inspection.InspectionEvents;
import org.springframework.stereotype.Component;

/**
 * Checks a stored report on every read: the document must hash to the digest recorded at
 * upload, and the report's EPCIS event (whose hash is anchored) must carry that digest
 * and the same verdict. A failure is loud: an ERROR log naming report, key and both
 * digests, the counter {@code veritrace.inspection.integrity.failures} (tag
 * {@code check}), and for single reads a 500 {@code document-integrity} problem instead
 * of the report.
 */
@Component
class ReportIntegrity {

	static final String METRIC = "veritrace.inspection.integrity.failures";

	private static final Logger log = LoggerFactory.getLogger(ReportIntegrity.class);

	private final DocumentStore store;

	private final EventRecorder events;

	private final MeterRegistry meters;

	private final ReportIntegrityAlerts alerts;

	ReportIntegrity(DocumentStore store, EventRecorder events, MeterRegistry meters, ReportIntegrityAlerts alerts) {
		this.alerts = alerts;
		this.store = store;
		this.events = events;
		this.meters = meters;
		for (DocumentCheck check : DocumentCheck.values()) {
			if (check != DocumentCheck.VERIFIED) {
				counter(check);
			}
		}
	}

	/**
	 * The failure counter of one check, registered at start so that dashboards see 0
	 * before the first failure.
	 */
	private Counter counter(DocumentCheck check) {
		return Counter.builder(METRIC)
			.description("Inspection reports whose stored document or record no longer matches what was accepted")
			.tag("check", check.name())
			.register(this.meters);
	}

	/** Checks without throwing (for lists); a failure is logged and counted. */
	DocumentCheck check(InspectionReportRow report) {
		DocumentCheck check = recordCheck(report);
		if (check == DocumentCheck.VERIFIED) {
			try (InputStream in = this.store.open(report.documentKey())) {
				DocumentDigest actual = DocumentDigest.of(report.documentDigest().algorithm(), in);
				check = actual.matches(report.documentDigest()) ? DocumentCheck.VERIFIED : failed(report,
						DocumentCheck.DOCUMENT_MISMATCH, "the stored document hashes to " + actual.ni());
			}
			catch (NoSuchFileException ex) {
				check = failed(report, DocumentCheck.DOCUMENT_MISSING, "no document is stored under the key");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read the document of report " + report.id(), ex);
			}
		}
		return check;
	}

	/** Checks and throws the 500 problem on a failure. */
	void require(InspectionReportRow report) {
		DocumentCheck check = check(report);
		if (check != DocumentCheck.VERIFIED) {
			throw problem(report, check);
		}
	}

	/**
	 * Reads the document (at most {@code maxBytes}) and checks it and the record; the
	 * bytes returned are the very bytes that were checked.
	 */
	byte[] readVerified(InspectionReportRow report, long maxBytes) {
		DocumentCheck recordCheck = recordCheck(report);
		if (recordCheck != DocumentCheck.VERIFIED) {
			throw problem(report, recordCheck);
		}
		byte[] content;
		try (InputStream in = this.store.open(report.documentKey())) {
			content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		}
		catch (NoSuchFileException ex) {
			throw problem(report,
					failed(report, DocumentCheck.DOCUMENT_MISSING, "no document is stored under the key"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the document of report " + report.id(), ex);
		}
		DocumentDigest actual = DocumentDigest.of(report.documentDigest().algorithm(),
				report.documentDigest().algorithm().newDigest().digest(content));
		if (!actual.matches(report.documentDigest())) {
			throw problem(report, failed(report, DocumentCheck.DOCUMENT_MISMATCH,
					"the stored document (" + content.length + " bytes read) hashes to " + actual.ni()));
		}
		return content;
	}

	private DocumentCheck recordCheck(InspectionReportRow report) {
		StoredEvent event = this.events.find(report.eventHash());
		if (event == null) {
			return failed(report, DocumentCheck.RECORD_MISMATCH, "the report's EPCIS event is not in the event store");
		}
		String eventDigest = InspectionEvents.extension(event.event(), "documentHash");
		String eventVerdict = InspectionEvents.extension(event.event(), "verdict");
		if (!Objects.equals(eventDigest, report.documentDigest().ni())
				|| !Objects.equals(eventVerdict, report.verdict().name())) {
			return failed(report, DocumentCheck.RECORD_MISMATCH,
					"the report's EPCIS event says digest " + eventDigest + " and verdict " + eventVerdict);
		}
		return DocumentCheck.VERIFIED;
	}

	private DocumentCheck failed(InspectionReportRow report, DocumentCheck check, String found) {
		log.error(
				"INTEGRITY FAILURE: inspection report {} ({} of lab {}) failed its check {}: recorded digest {}, "
						+ "verdict {}; {} (store {}, key {})",
				report.id(), report.reportNumber(), report.labId(), check, report.documentDigest().ni(),
				report.verdict(), found, this.store.kind(), report.documentKey());
		counter(check).increment();
		this.alerts.raise(report, check, found);
		return check;
	}

	private static IntegrityFailureException problem(InspectionReportRow report, @Nullable DocumentCheck check) {
		return new IntegrityFailureException("document-integrity", "Report failed its integrity check",
				"Inspection report " + report.id() + " is withheld: " + describe(check) + "; the recorded digest is "
						+ report.documentDigest().ni() + ". The platform operator has been alerted.");
	}

	private static String describe(@Nullable DocumentCheck check) {
		if (check == null) {
			return "it could not be checked";
		}
		return switch (check) {
			case DOCUMENT_MISMATCH -> "its stored document no longer matches the digest recorded when it was uploaded";
			case DOCUMENT_MISSING -> "its stored document is missing";
			case RECORD_MISMATCH -> "its record no longer matches its anchored EPCIS event";
			case VERIFIED -> "verified";
		};
	}

}
