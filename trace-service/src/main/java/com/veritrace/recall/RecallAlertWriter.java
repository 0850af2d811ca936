package com.veritrace.recall;

import java.time.Clock;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.events.ItemSightings;
import com.veritrace.events.NewEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Notes a stored event that touched items of a recall, in the caller's transaction: as a
 * removal confirmation, or as an event after the recall (then a recall alert is stored
 * and {@link RecallAlertRaised} published with it, for delivery), or as a late report of
 * a time before the recall. An event already noted for the recall is left alone.
 * <p>
 * Removal confirmations (CBV 2.0): business steps {@code holding} (set aside pending a
 * decision), {@code destroying} and {@code decommissioning}; dispositions
 * {@code returned}, {@code destroyed}, {@code disposed} and {@code recalled} (a partner
 * marking its stock recalled). CBV 2.0 has no {@code returning} step: a return is a
 * {@code shipping} or {@code receiving} with disposition {@code returned}.
 */
@Component
class RecallAlertWriter {

	private static final Logger log = LoggerFactory.getLogger(RecallAlertWriter.class);

	static final String CBV = "https://ref.gs1.org/cbv/";

	static final Set<String> REMOVAL_STEPS = Set.of(CBV + "BizStep-holding", CBV + "BizStep-destroying",
			CBV + "BizStep-decommissioning");

	static final Set<String> REMOVAL_DISPOSITIONS = Set.of(CBV + "Disp-returned", CBV + "Disp-destroyed",
			CBV + "Disp-disposed", CBV + "Disp-recalled");

	private final RecallAlertStore store;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	RecallAlertWriter(RecallAlertStore store, ApplicationEventPublisher publisher, Clock clock) {
		this.store = store;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** Whether an event with this step and disposition confirms removal. */
	static boolean isRemoval(@Nullable String bizStep, @Nullable String disposition) {
		return bizStep != null && REMOVAL_STEPS.contains(bizStep)
				|| disposition != null && REMOVAL_DISPOSITIONS.contains(disposition);
	}

	/**
	 * The event's kind for a recall that covers what it touched since {@code sinceMs}.
	 */
	static String kind(ItemSightings.EventFacts event, long sinceMs) {
		if (isRemoval(event.bizStep(), event.disposition())) {
			return RecallAlertStore.REMOVAL;
		}
		return event.timeMs() > sinceMs ? RecallAlertStore.AFTER_RECALL : RecallAlertStore.BEFORE_RECALL;
	}

	static ItemSightings.EventFacts facts(long rowId, NewEvent e) {
		return new ItemSightings.EventFacts(rowId, e.hash(), e.eventType(), e.action(), e.eventTime().toEpochMilli(),
				e.reporterId(), e.bizStep(), e.disposition(), e.readPoint(), e.bizLocation());
	}

	/**
	 * Notes the event for the recall; answers its kind, or null when it was noted before.
	 * @param what what it touched of the recall, for the alert
	 * @param itemCount how many affected items that is
	 */
	@Nullable String note(String recallId, ItemSightings.EventFacts event, long sinceMs, String what, long itemCount) {
		String kind = kind(event, sinceMs);
		long now = this.clock.millis();
		if (!this.store.note(new RecallAlertStore.Noted(recallId, event.rowId(), event.hash(), kind, event.timeMs(),
				event.reporterId()), now)) {
			return null;
		}
		if (RecallAlertStore.AFTER_RECALL.equals(kind)) {
			long alertId = this.store.raise(new RecallAlertStore.NewAlert(recallId, event.rowId(), event.hash(),
					event.reporterId(), event.eventType(), event.action(), event.bizStep(), event.disposition(),
					event.readPoint(), event.bizLocation(), what, itemCount, event.timeMs()), now);
			this.publisher.publishEvent(new RecallAlertRaised(alertId, recallId));
			log.info(
					"Recall alert {} for recall {}: organisation {} reported {} on {} affected item(s) after the recall",
					alertId, recallId, event.reporterId(), event.bizStep(), itemCount);
		}
		else {
			log.debug("Event row {} noted for recall {} as {}", event.rowId(), recallId, kind);
		}
		return kind;
	}

}
