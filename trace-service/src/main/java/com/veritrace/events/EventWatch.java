package com.veritrace.events;

import java.util.List;

/**
 * What other modules make of newly stored events (recall alerts, cold-chain excursions,
 * the distributor an item was shipped to): a port, so that this module depends on none of
 * them. {@link #stored} is called by the event store inside the transaction that stores a
 * batch, after its item, lot, SSCC and containment rows are written, so whatever a watch
 * writes commits or rolls back with the events themselves. Events the service writes
 * itself on an organisation's behalf (a recall's own event) are not passed. An
 * implementation must be cheap when nothing in the batch concerns it; one that throws
 * fails the batch.
 */
public interface EventWatch {

	/**
	 * New events of one batch, in the storing transaction.
	 * @param events the events the batch stored (not the duplicates), with their row ids
	 */
	void stored(List<RecalledEvents.Stored> events);

}
