package com.veritrace.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.veritrace.recall.RecallAlert;
import com.veritrace.recall.RecallAlertRaised;
import com.veritrace.recall.RecallAlerts;
import com.veritrace.recall.RecallService;
import com.veritrace.recall.RecallView;
import com.veritrace.shared.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A recall alert (an event on a recalled item after the recall) becomes an alert of kind
 * {@code RECALL_ALERT} for the recall's brand, once per recall and day (more such events
 * that day are occurrences, with the latest event as evidence). Its notice is what tells
 * the brand: the notify module tells the initiator and the regulators, not the brand.
 * Through the event publication registry, so a crash replays it; raising is idempotent
 * within the window.
 */
@Component
class RecallAlertSource {

	/** The listener's id in the event publication registry: keep it stable. */
	static final String ID = "alert.recall-alert";

	static final Duration WINDOW = Duration.ofDays(1);

	private final RecallService recalls;

	private final RecallAlerts recallAlerts;

	private final AlertService alerts;

	private final MessageSource messages;

	private final TransactionTemplate apart;

	RecallAlertSource(RecallService recalls, RecallAlerts recallAlerts, AlertService alerts, MessageSource messages,
			PlatformTransactionManager transactions) {
		this.apart = new TransactionTemplate(transactions);
		this.apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.apart.setReadOnly(true);
		this.recalls = recalls;
		this.recallAlerts = recallAlerts;
		this.alerts = alerts;
		this.messages = messages;
	}

	@ApplicationModuleListener(id = ID)
	void on(RecallAlertRaised raised) {
		RecallView recall = this.recalls.read(raised.recallId());
		RecallAlert event = null;
		try {
			// apart: a missing row must not mark the listener's transaction rollback-only
			event = this.apart.execute(tx -> this.recallAlerts.alert(raised.alertId()));
		}
		catch (NotFoundException ex) {
			// published without its row (a replay after the row's removal): the recall is
			// still named
		}
		Map<String, String> title = new LinkedHashMap<>();
		Map<String, String> body = new LinkedHashMap<>();
		for (String language : AlertDraft.languages()) {
			Locale locale = language.equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
			title.put(language, text("notice.recall.title.RECALL_ALERT", locale, recall.productName(), recall.gtin()));
			List<String> lines = new ArrayList<>();
			lines.add(text("notice.recall.alert", locale, String.valueOf(raised.alertId())));
			if (event != null) {
				lines.add(text("alert.recall.event", locale, event.reporterName(), event.eventType(),
						event.bizStep() == null ? "-" : event.bizStep(),
						event.location() == null ? "-" : event.location(), event.eventTime().toString(),
						String.valueOf(event.itemCount())));
			}
			body.put(language, String.join("\n", lines));
		}
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("recallId", recall.id());
		evidence.put("recallAlertId", raised.alertId());
		evidence.put("gtin", recall.gtin());
		evidence.put("productName", recall.productName());
		if (event != null) {
			evidence.put("reporter", event.reporterName());
			evidence.put("eventType", event.eventType());
			putIf(evidence, "bizStep", event.bizStep());
			putIf(evidence, "location", event.location());
			evidence.put("eventTime", event.eventTime().toString());
			evidence.put("eventHash", event.eventHash());
			evidence.put("what", event.what());
			evidence.put("itemCount", event.itemCount());
		}
		this.alerts
			.raise(new AlertDraft(recall.brandId(), AlertKind.RECALL_ALERT, Severity.CRITICAL, "recall:" + recall.id(),
					WINDOW, title, body, "/portal/recalls/" + recall.id(), evidence, recall.gtin()));
	}

	private static void putIf(Map<String, Object> evidence, String name, @Nullable String value) {
		if (value != null) {
			evidence.put(name, value);
		}
	}

	private String text(String code, Locale locale, Object... args) {
		return this.messages.getMessage(code, args, locale);
	}

}
