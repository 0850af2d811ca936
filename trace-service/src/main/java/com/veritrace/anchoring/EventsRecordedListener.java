package com.veritrace.anchoring;

import com.veritrace.events.EventsRecorded;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The hand-off from the events module: after a batch of new events commits, the anchor
 * leader runs a round now rather than at its next poll. Asynchronous, after the commit,
 * recorded in the event publication registry; the poll (and the full sweep) still find
 * every row if it is lost.
 */
@Component
class EventsRecordedListener {

	/** The listener's id in the event publication registry: keep it stable. */
	static final String ID = "anchoring.events-recorded";

	private final AnchorLeader leader;

	EventsRecordedListener(AnchorLeader leader) {
		this.leader = leader;
	}

	@ApplicationModuleListener(id = ID)
	void on(EventsRecorded recorded) {
		this.leader.wake();
	}

}
