package com.veritrace.reports;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.DomainException;
import com.veritrace.shared.IntegrityFailureException;
import com.veritrace.shared.UnavailableException;
import com.veritrace.inspection.InvalidReportException;
import com.veritrace.inspection.LabConnection;
import com.veritrace.inspection.LabResultPuller;
import com.veritrace.inspection.ReportProblem;
import com.veritrace.inspection.RetryPolicy;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.shared.NodeRoles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The pull connector's schedule: every {@code veritrace.inspection.pull.interval}, each
 * lab system under {@code veritrace.inspection.pull.labs} is polled for new results from
 * the cursor kept in {@code inspection_pull_cursor}, and each result is uploaded as that
 * lab, through the same checks as a REST upload. A result already imported (same report
 * number) counts as done, so re-delivered pages are harmless; a result the upload refuses
 * (bad metadata, not granted, wrong type) is skipped and logged; anything else ends the
 * poll before the cursor moves past the page.
 */
@Component
class LabPullJob {

	private static final Logger log = LoggerFactory.getLogger(LabPullJob.class);

	private final InspectionProperties properties;

	private final InspectionReportService reports;

	private final OrganisationService organisations;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final NodeRoles roles;

	LabPullJob(InspectionProperties properties, InspectionReportService reports, OrganisationService organisations,
			JdbcTemplate jdbc, JsonMapper json, Clock clock, TaskScheduler scheduler, NodeRoles roles) {
		this.roles = roles;
		this.properties = properties;
		this.reports = reports;
		this.organisations = organisations;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	@EventListener(ApplicationReadyEvent.class)
	void schedule() {
		List<InspectionProperties.Lab> labs = this.properties.pull().labs();
		if (labs.isEmpty() || !this.roles.has(NodeRoles.Role.JOBS)) {
			return;
		}
		this.scheduler.scheduleWithFixedDelay(() -> labs.forEach(this::pollQuietly), this.properties.pull().interval());
		log.info("Polling {} lab system(s) for inspection results every {}", labs.size(),
				this.properties.pull().interval());
	}

	private void pollQuietly(InspectionProperties.Lab lab) {
		try {
			poll(lab);
		}
		catch (RuntimeException ex) {
			log.warn("Polling {} failed; retried at the next interval: {}", lab, ex.getMessage());
		}
	}

	/** Polls one lab system now. */
	LabResultPuller.PollSummary poll(InspectionProperties.Lab lab) {
		Organisation organisation = this.organisations.require(lab.organisationId(), "organisationId");
		if (organisation.getKind() != OrganisationKind.LAB) {
			throw new IllegalStateException("veritrace.inspection.pull: organisation " + lab.organisationId() + " is a "
					+ organisation.getKind() + ", not a LAB");
		}
		var caller = InspectionReportService.labCaller(organisation.getId(), organisation.getName());
		LabConnection connection = new LabConnection(lab.baseUrl(), lab.token(), lab.connectTimeout(),
				lab.requestTimeout(), new RetryPolicy(lab.maxAttempts(), lab.initialBackoff(), lab.maxBackoff()),
				lab.allowPrivateNetwork());
		LabResultPuller puller = new LabResultPuller(connection, this.properties.pull().pageSize(),
				this.properties.maxDocumentSize().toBytes());
		return puller.poll(new CursorStore(lab.organisationId()), (result, document) -> {
			byte[] metadata = this.json.writeValueAsBytes(result.metadata());
			try {
				this.reports.upload(caller, metadata, new InspectionReportService.IncomingDocument(document.mediaType(),
						document.content().length, new ByteArrayResource(document.content())));
			}
			catch (DomainException refused) {
				if (refused instanceof ConflictException
						&& refused.errors().stream().anyMatch(e -> e.field().equals("metadata.reportNumber"))) {
					log.debug("Lab result {} was imported before", result.id());
					return;
				}
				// the lab's result is refused (a client error); not when the platform
				// fails (retried)
				if (!(refused instanceof UnavailableException || refused instanceof IntegrityFailureException)) {
					throw new InvalidReportException(refused.errors().isEmpty()
							? List.of(new ReportProblem("result " + result.id(), refused.getMessage()))
							: refused.errors().stream().map(e -> new ReportProblem(e.field(), e.reason())).toList());
				}
				throw refused;
			}
		}, this.properties.pull().maxPagesPerPoll());
	}

	/** The lab feed's cursor in {@code inspection_pull_cursor}. */
	private final class CursorStore implements LabResultPuller.CursorStore {

		private final long labId;

		CursorStore(long labId) {
			this.labId = labId;
		}

		@Override
		public Optional<String> load() {
			return LabPullJob.this.jdbc
				.queryForList("SELECT cursor_value FROM inspection_pull_cursor WHERE lab_id = ?", String.class,
						this.labId)
				.stream()
				.findFirst();
		}

		@Override
		public void save(String cursor) {
			LabPullJob.this.jdbc
				.update("INSERT INTO inspection_pull_cursor (lab_id, cursor_value, updated_ms) VALUES (?, ?, ?) "
						+ "ON DUPLICATE KEY UPDATE cursor_value = VALUES(cursor_value), updated_ms = VALUES(updated_ms)",
						this.labId, cursor, LabPullJob.this.clock.millis());
		}

	}

}
