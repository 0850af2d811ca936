package com.veritrace.notify;

import java.time.Clock;
import java.time.Duration;

import com.veritrace.shared.IdleBackoff;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How often the delivery worker looks for due deliveries: every {@code poll-interval}
 * while there are some, further apart (up to {@code veritrace.idle-poll-interval}) while
 * there are none; deliveries written on this node bring the next poll back once their
 * transaction commits (issue 19, idle cost).
 */
@Component
class DeliveryPace {

	private final IdleBackoff idle;

	DeliveryPace(NotifyProperties properties, @Value("${veritrace.idle-poll-interval:PT2S}") Duration idleInterval,
			Clock clock) {
		this.idle = new IdleBackoff(properties.pollInterval(), idleInterval, clock::millis);
	}

	IdleBackoff idle() {
		return this.idle;
	}

	/** New deliveries were written: the next poll looks, once they are committed. */
	void written() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.idle.wake();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				DeliveryPace.this.idle.wake();
			}

		});
	}

}
