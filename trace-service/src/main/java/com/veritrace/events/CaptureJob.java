package com.veritrace.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An EPCIS capture job as the capture interface reports it.
 *
 * @param status PENDING (queued), RUNNING, SUCCESS (every event stored or already
 * present), FAILED (with rollback nothing was stored; with proceed the valid events were)
 */
public record CaptureJob(String captureId, long reporterOrganisationId, Status status,
		ErrorBehaviour captureErrorBehaviour, int eventCount, int stored, int duplicates, List<EventError> errors,
		Instant createdAt, @Nullable Instant finishedAt) {

	public boolean running() {
		return this.status == Status.PENDING || this.status == Status.RUNNING;
	}

	public enum Status {

		PENDING, RUNNING, SUCCESS, FAILED

	}

	/**
	 * EPCIS 2.0 {@code GS1-Capture-Error-Behaviour}: all or nothing (default), or store
	 * what can be.
	 */
	public enum ErrorBehaviour {

		ROLLBACK, PROCEED

	}

	/** Why one event of the document was not stored. */
	public record EventError(int eventIndex, String eventHash, String reason) {
	}

}
