package com.veritrace.notify;

import com.veritrace.events.EventsRecorded;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * New events committed on this node: the subscription worker looks at once (after the
 * settle time) rather than at its next poll. Not kept in the event publication registry:
 * losing a wake costs at most one poll interval.
 */
@Component
class EventsRecordedWake {

	private final SubscriptionWorker worker;

	EventsRecordedWake(SubscriptionWorker worker) {
		this.worker = worker;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(EventsRecorded recorded) {
		this.worker.wake();
	}

}
