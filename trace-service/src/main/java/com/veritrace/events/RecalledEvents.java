package com.veritrace.events;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the recall module makes of stored events: a port, so that this module depends on
 * no recall code. {@link #stored} is called by the event store inside the transaction
 * that stores a batch (after its item, lot, SSCC and containment rows are written), so
 * whatever it writes (a recall alert, the note that an event confirmed a removal) commits
 * or rolls back with the events themselves: nothing is lost between the two. Events the
 * service writes itself on an organisation's behalf (a recall's own event) are not
 * passed. An implementation must be cheap when no recall concerns the batch.
 */
public interface RecalledEvents extends EventWatch {

	/**
	 * What was noted about these stored events (by 32-byte digest): one notice per event
	 * and recall it touched; events that touched no recalled item have none.
	 */
	List<Notice> notices(Collection<byte[]> digests);

	/**
	 * A stored event.
	 *
	 * @param rowId its {@code trace_event} id
	 * @param ssccs the SSCCs (18 digits) it names (parentID or EPC lists)
	 */
	record Stored(long rowId, NewEvent event, Set<String> ssccs) {

		public Stored {
			ssccs = Set.copyOf(ssccs);
		}

	}

	/**
	 * A stored event touched an item of a recall.
	 *
	 * @param kind {@code AFTER_RECALL} (an alert was raised), {@code REMOVAL} (counted as
	 * a removal confirmation) or {@code BEFORE_RECALL} (its event time is before the item
	 * was recalled)
	 */
	record Notice(byte[] digest, String recallId, String kind) {

		public Notice {
			digest = digest.clone();
		}

	}

}
