package com.veritrace.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.TaskConfiguration;
import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * EPCIS 2.0 capture: validates the whole document in the request (an invalid one is
 * refused whole, with every violation), keeps it in {@code capture_job}, answers at once,
 * and stores the events in the background. A job left behind by a crash is picked up
 * again, and storing is idempotent on the event hash, so nothing accepted is lost and
 * nothing is stored twice.
 */
@Service
public class CaptureService {

	private static final Logger log = LoggerFactory.getLogger(CaptureService.class);

	/**
	 * A RUNNING job not finished after this long is presumed abandoned by a crashed node.
	 */
	static final Duration STALE = Duration.ofMinutes(2);

	private static final TypeReference<List<CaptureJob.EventError>> ERRORS = new TypeReference<>() {
	};

	private static final TypeReference<List<CaptureJob.RecalledEvent>> RECALLED = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final EventRecorder recorder;

	private final EpcisDocumentParser parser;

	private final EventHasher hasher = new EventHasher();

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * Two threads ({@link TaskConfiguration#CAPTURE_EXECUTOR}), shut down after this
	 * service.
	 */
	private final TaskExecutor workers;

	private final ObjectProvider<RecalledEvents> recalls;

	CaptureService(JdbcTemplate jdbc, EventRecorder recorder, EpcisDocumentParser parser, JsonMapper json, Clock clock,
			@Qualifier(TaskConfiguration.CAPTURE_EXECUTOR) TaskExecutor workers,
			ObjectProvider<RecalledEvents> recalls) {
		this.recalls = recalls;
		this.jdbc = jdbc;
		this.recorder = recorder;
		this.parser = parser;
		this.json = json;
		this.clock = clock;
		this.workers = workers;
	}

	/**
	 * Validates and queues a capture document.
	 * @throws com.veritrace.ingest.InvalidEventException listing every violation
	 */
	public CaptureJob capture(Caller caller, String document, CaptureJob.ErrorBehaviour behaviour) {
		caller.require(Scope.EVENTS_WRITE);
		EpcisDocument parsed = this.parser.parse(document);
		if (parsed.events().isEmpty()) {
			throw InvalidException.of("/epcisBody/eventList", "the document holds no events");
		}
		String id = UUID.randomUUID().toString();
		long now = this.clock.millis();
		this.jdbc.update(
				"INSERT INTO capture_job (id, reporter_id, status, error_behaviour, document, event_count, "
						+ "created_ms) VALUES (?,?,?,?,?,?,?)",
				id, caller.organisationId(), CaptureJob.Status.PENDING.name(), behaviour.name(), document,
				parsed.events().size(), now);
		log.info("Capture {} accepted from organisation {}: {} events", id, caller.organisationId(),
				parsed.events().size());
		submit(id);
		return find(id);
	}

	/**
	 * Validates and queues an EPCIS 2.0 or 1.2 XML document: mapped to its JSON-LD shape
	 * (the standard's XML-JSON correspondence), which is what the job keeps and stores,
	 * so validation, the job and the event hashes are exactly those of the JSON-LD twin.
	 * @throws com.veritrace.ingest.InvalidEventException malformed or hostile XML, or
	 * every violation of the standard
	 */
	public CaptureJob captureXml(Caller caller, byte[] xml, CaptureJob.ErrorBehaviour behaviour) {
		caller.require(Scope.EVENTS_WRITE);
		return capture(caller, this.parser.xmlToJsonLd(xml).toString(), behaviour);
	}

	/**
	 * The hash IDs of a document's events (JSON-LD, or XML), in document order, without
	 * storing anything, and the violations of the standard found, as warnings: the hash
	 * is defined for what the reference generator reads, a capture is not.
	 */
	public Hashes hashes(byte[] document, boolean xml) {
		EpcisDocumentParser.Hashable read = this.parser.parseForHashing(document, xml);
		return new Hashes(read.document().events().stream().map(e -> this.hasher.hash(e).ni()).toList(),
				read.warnings());
	}

	/** Hash IDs in document order, and the violations found. */
	public record Hashes(List<String> eventHashes, List<com.veritrace.ingest.Violation> warnings) {
	}

	public CaptureJob job(Caller caller, String id) {
		CaptureJob job = find(id);
		if (job == null || job.reporterOrganisationId() != caller.organisationId() && !caller.readsAcrossTenants()) {
			throw NotFoundException.of("Capture job", "No capture job " + id);
		}
		return job;
	}

	/**
	 * Picks up jobs that are pending (e.g. queued before a restart) or abandoned while
	 * running.
	 */
	@Scheduled(fixedDelayString = "${veritrace.capture.recovery-interval:PT5S}", initialDelay = 2000)
	void recover() {
		long staleBefore = this.clock.millis() - STALE.toMillis();
		List<String> ids = this.jdbc.queryForList(
				"SELECT id FROM capture_job WHERE status = 'PENDING' OR (status = 'RUNNING' AND claimed_ms < ?) "
						+ "ORDER BY created_ms LIMIT 100",
				String.class, staleBefore);
		ids.forEach(this::submit);
	}

	private void submit(String id) {
		try {
			this.workers.execute(() -> process(id));
		}
		catch (RejectedExecutionException shuttingDown) {
			log.info("Capture {} left pending: shutting down; it resumes at the next start", id);
		}
	}

	void process(String id) {
		long now = this.clock.millis();
		int claimed = this.jdbc.update(
				"UPDATE capture_job SET status = 'RUNNING', claimed_ms = ? WHERE id = ? AND "
						+ "(status = 'PENDING' OR (status = 'RUNNING' AND claimed_ms < ?))",
				now, id, now - STALE.toMillis());
		if (claimed == 0) {
			return;
		}
		try {
			Row row = this.jdbc.queryForObject(
					"SELECT reporter_id, error_behaviour, document FROM capture_job WHERE id = ?",
					(rs, n) -> new Row(rs.getLong(1), CaptureJob.ErrorBehaviour.valueOf(rs.getString(2)),
							rs.getString(3)),
					id);
			List<EventSink.HashedEvent> events = new ArrayList<>();
			for (EpcisEvent event : this.parser.parse(row.document()).events()) {
				events.add(new EventSink.HashedEvent(event, this.hasher.hash(event)));
			}
			List<EventSink.Outcome> outcomes = this.recorder.record(row.reporterId(), events,
					row.behaviour() == CaptureJob.ErrorBehaviour.ROLLBACK);
			finish(id, outcomes);
		}
		catch (RuntimeException ex) {
			// a database outage, say: the job stays RUNNING and is retried once it is
			// stale
			log.warn("Capture {} could not be processed; it will be retried: {}", id, ex.toString());
		}
	}

	private void finish(String id, List<EventSink.Outcome> outcomes) {
		int stored = 0;
		int duplicates = 0;
		List<CaptureJob.EventError> errors = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			EventSink.Outcome outcome = outcomes.get(i);
			switch (outcome.status()) {
				case STORED -> stored++;
				case DUPLICATE -> duplicates++;
				case REJECTED -> errors.add(new CaptureJob.EventError(i, outcome.hash().ni(), outcome.reason()));
			}
		}
		CaptureJob.Status status = errors.isEmpty() ? CaptureJob.Status.SUCCESS : CaptureJob.Status.FAILED;
		List<CaptureJob.RecalledEvent> recalled = recalled(outcomes);
		this.jdbc.update(
				"UPDATE capture_job SET status = ?, document = NULL, stored_count = ?, duplicate_count = ?, "
						+ "errors = ?, recalled = ?, finished_ms = ? WHERE id = ?",
				status.name(), stored, duplicates, errors.isEmpty() ? null : this.json.writeValueAsString(errors),
				recalled.isEmpty() ? null : this.json.writeValueAsString(recalled), this.clock.millis(), id);
		log.info("Capture {} {}: {} stored, {} duplicates, {} refused, {} on recalled items", id, status, stored,
				duplicates, errors.size(), recalled.size());
	}

	/**
	 * The events of the document, stored now or before, that touched recalled items, in
	 * document order (one line per event and recall).
	 */
	private List<CaptureJob.RecalledEvent> recalled(List<EventSink.Outcome> outcomes) {
		RecalledEvents recalls = this.recalls.getIfAvailable();
		Map<String, Integer> positions = new HashMap<>();
		List<byte[]> digests = new ArrayList<>();
		for (int i = 0; i < outcomes.size(); i++) {
			EventSink.Outcome outcome = outcomes.get(i);
			if (outcome.status() != EventSink.Status.REJECTED) {
				positions.putIfAbsent(HexFormat.of().formatHex(outcome.hash().digest()), i);
				digests.add(outcome.hash().digest());
			}
		}
		if (recalls == null || digests.isEmpty()) {
			return List.of();
		}
		List<CaptureJob.RecalledEvent> recalled = new ArrayList<>();
		for (RecalledEvents.Notice notice : recalls.notices(digests)) {
			Integer index = positions.get(HexFormat.of().formatHex(notice.digest()));
			if (index != null) {
				recalled.add(new CaptureJob.RecalledEvent(index, outcomes.get(index).hash().ni(), notice.recallId(),
						notice.kind()));
			}
		}
		recalled.sort(java.util.Comparator.comparingInt(CaptureJob.RecalledEvent::eventIndex)
			.thenComparing(CaptureJob.RecalledEvent::recallId));
		return recalled;
	}

	@Nullable CaptureJob find(String id) {
		List<CaptureJob> jobs = this.jdbc.query("SELECT id, reporter_id, status, error_behaviour, event_count, "
				+ "stored_count, duplicate_count, errors, recalled, created_ms, finished_ms FROM capture_job WHERE id = ?",
				(rs, n) -> {
					String errors = rs.getString("errors");
					String recalled = rs.getString("recalled");
					long finished = rs.getLong("finished_ms");
					return new CaptureJob(rs.getString("id"), rs.getLong("reporter_id"),
							CaptureJob.Status.valueOf(rs.getString("status")),
							CaptureJob.ErrorBehaviour.valueOf(rs.getString("error_behaviour")),
							rs.getInt("event_count"), rs.getInt("stored_count"), rs.getInt("duplicate_count"),
							errors == null ? List.of() : this.json.readValue(errors, ERRORS),
							recalled == null ? List.of() : this.json.readValue(recalled, RECALLED),
							Instant.ofEpochMilli(rs.getLong("created_ms")),
							rs.wasNull() || finished == 0 ? null : Instant.ofEpochMilli(finished));
				}, id);
		return jobs.isEmpty() ? null : jobs.get(0);
	}

	private record Row(long reporterId, CaptureJob.ErrorBehaviour behaviour, String document) {
	}

}
