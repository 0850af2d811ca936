package com.veritrace.notify;

import com.veritrace.events.EventsRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * New events committed on this node: the subscription worker looks at once (after the
 * settle time) rather than at its next poll. Not kept in the event publication registry
 * (losing a wake costs at most one poll interval): Spring Modulith records a publication
 * for every {@code @TransactionalEventListener}, so this is a plain listener that wakes
 * the worker after the commit itself.
 */
@Component
class EventsRecordedWake {

	private final SubscriptionWorker worker;

	EventsRecordedWake(SubscriptionWorker worker) {
		this.worker = worker;
	}

	@EventListener
	void on(EventsRecorded recorded) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.worker.wake();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				EventsRecordedWake.this.worker.wake();
			}

		});
	}

}
