package com.veritrace.events;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An EPCIS capture job as the capture interface reports it.
 *
 * @param status PENDING (queued), RUNNING, SUCCESS (every event stored or already
 * present), FAILED (with rollback nothing was stored; with proceed the valid events were)
 * @param recalled the stored (or already present) events that touched recalled items:
 * they are kept all the same (the record must show what happened)
 */
public record CaptureJob(String captureId, long reporterOrganisationId, Status status,
		ErrorBehaviour captureErrorBehaviour, int eventCount, int stored, int duplicates, List<EventError> errors,
		List<RecalledEvent> recalled, Instant createdAt, @Nullable Instant finishedAt) {

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

	/**
	 * One event of the document touched an item of a recall.
	 *
	 * @param kind {@code AFTER_RECALL}: after the item was recalled, a recall alert was
	 * raised; {@code REMOVAL}: it confirms the item's removal (holding, destroying,
	 * decommissioning, or disposition returned, destroyed, disposed or recalled) and
	 * counts in the recall's progress; {@code BEFORE_RECALL}: its event time is before
	 * the item was recalled
	 */
	public record RecalledEvent(int eventIndex, String eventHash, String recallId, String kind) {
	}

}
