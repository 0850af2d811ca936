package com.veritrace.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.events.AffectedEvents;
import com.veritrace.recall.RecallAlertRaised;
import com.veritrace.recall.RecallChanged;
import com.veritrace.recall.RecallService;
import com.veritrace.recall.RecallStatus;
import com.veritrace.recall.RecallView;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells who must know of a recall, after its transaction committed, through the event
 * publication registry: a crash between the recall's commit and the notices leaves the
 * publication incomplete, and it is published again on restart; posting is idempotent, so
 * a replay tells nobody twice.
 * <ul>
 * <li>Issued, amended or closed: every partner that holds or held affected items (the
 * reporters of stored events on the items, their lots, or containers holding them: the
 * events the recall's records list, {@link AffectedEvents#reporters}), other than the
 * brand and regulators, is recorded as a recipient of the recall and gets a notice with
 * the partners' instructions; partners told before are told of amendments and the closing
 * too. The brand, the initiator and every regulator are told as the recall's runners,
 * with how many partners were told.</li>
 * <li>A recall alert: the initiator and every regulator; the brand through the alert of
 * kind {@code RECALL_ALERT} that the alert module raises for it.</li>
 * </ul>
 */
@Component
class RecallNotices {

	private static final Logger log = LoggerFactory.getLogger(RecallNotices.class);

	/** Listener ids in the event publication registry: keep them stable. */
	static final String CHANGED = "notify.recall-changed";

	static final String ALERT = "notify.recall-alert";

	static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

	private final RecallService recalls;

	private final AffectedEvents affected;

	private final RecallRecipients recipients;

	private final OrganisationRepository organisations;

	private final NoticeService notices;

	private final MessageSource messages;

	private final Clock clock;

	RecallNotices(RecallService recalls, AffectedEvents affected, RecallRecipients recipients,
			OrganisationRepository organisations, NoticeService notices, MessageSource messages, Clock clock) {
		this.recalls = recalls;
		this.affected = affected;
		this.recipients = recipients;
		this.organisations = organisations;
		this.notices = notices;
		this.messages = messages;
		this.clock = clock;
	}

	@ApplicationModuleListener(id = CHANGED)
	void on(RecallChanged changed) {
		NoticeKind kind = switch (changed.change()) {
			case ISSUED -> NoticeKind.RECALL_ISSUED;
			case AMENDED -> NoticeKind.RECALL_AMENDED;
			case CLOSED -> NoticeKind.RECALL_CLOSED;
			// work on it started: nothing anyone has to be told
			case IN_PROGRESS -> null;
		};
		if (kind == null) {
			return;
		}
		RecallView recall = this.recalls.read(changed.recallId());
		Set<Long> regulators = regulators();
		Set<Long> partners = new TreeSet<>(this.affected.reporters(this.recalls.affected(recall.id())));
		partners.addAll(this.recipients.of(recall.id()));
		partners.remove(recall.brandId());
		partners.remove(recall.initiatorId());
		partners.removeAll(regulators);
		this.recipients.add(recall.id(), partners, this.clock.millis());
		String key = "recall:" + recall.id() + ":v" + changed.version() + ":" + kind.name();
		int told = 0;
		for (long partner : partners) {
			told += this.notices.post(partner,
					draft(key, kind, recall, changed.version(), null, false, partners.size())) ? 1 : 0;
		}
		for (long runner : runners(recall, regulators)) {
			this.notices.post(runner, draft(key, kind, recall, changed.version(), null, true, partners.size()));
		}
		log.info("Recall {} {} (version {}): {} partners hold or held its items, {} told now", recall.id(),
				changed.change(), changed.version(), partners.size(), told);
	}

	@ApplicationModuleListener(id = ALERT)
	void on(RecallAlertRaised alert) {
		RecallView recall = this.recalls.read(alert.recallId());
		String key = "recall-alert:" + alert.alertId();
		Set<Long> told = runners(recall, regulators());
		// the brand is told by the alert the alert module raises for it (one per recall
		// and day)
		told.remove(recall.brandId());
		for (long runner : told) {
			this.notices.post(runner,
					draft(key, NoticeKind.RECALL_ALERT, recall, recall.version(), alert.alertId(), true, 0));
		}
		log.info("Recall alert {} of recall {} told to its initiator and the regulators", alert.alertId(), recall.id());
	}

	private Set<Long> regulators() {
		Set<Long> ids = new TreeSet<>();
		for (Organisation regulator : this.organisations.findByKind(OrganisationKind.REGULATOR)) {
			ids.add(regulator.getId());
		}
		return ids;
	}

	/** The brand, the initiator (when a regulator) and every regulator. */
	private static Set<Long> runners(RecallView recall, Set<Long> regulators) {
		Set<Long> runners = new LinkedHashSet<>();
		runners.add(recall.brandId());
		runners.add(recall.initiatorId());
		runners.addAll(regulators);
		return runners;
	}

	private NoticeDraft draft(String key, NoticeKind kind, RecallView recall, int version, @Nullable Long alertId,
			boolean runner, int partners) {
		Map<String, String> title = new LinkedHashMap<>();
		Map<String, String> body = new LinkedHashMap<>();
		for (String language : NoticeDraft.LANGUAGES) {
			Locale locale = language.equals("en") ? Locale.ENGLISH : ZH;
			title.put(language, text("notice.recall.title." + kind.name(), locale, recall.productName(), recall.gtin(),
					recall.recallClass().name(), String.valueOf(version)));
			body.put(language, body(kind, recall, version, alertId, runner, partners, language, locale));
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("recall", recallData(recall));
		if (alertId != null) {
			data.put("alertId", alertId);
		}
		return new NoticeDraft(key, kind, recall.id(), title, body, "/portal/recalls/" + recall.id(), data);
	}

	private String body(NoticeKind kind, RecallView recall, int version, @Nullable Long alertId, boolean runner,
			int partners, String language, Locale locale) {
		List<String> lines = new ArrayList<>();
		String scope = scope(recall, locale);
		switch (kind) {
			case RECALL_ISSUED -> lines.add(text("notice.recall.issued", locale, recall.initiatorName(),
					recall.productName(), scope, recall.reason()));
			case RECALL_AMENDED -> lines.add(text("notice.recall.amended", locale, recall.initiatorName(),
					recall.productName(), String.valueOf(version), noteOf(recall, version), scope));
			case RECALL_CLOSED ->
				lines.add(text("notice.recall.closed", locale, recall.productName(), closingNote(recall)));
			case RECALL_ALERT -> lines.add(text("notice.recall.alert", locale, String.valueOf(alertId)));
		}
		if (kind == NoticeKind.RECALL_ISSUED || kind == NoticeKind.RECALL_AMENDED) {
			lines.add(text("notice.recall.todo", locale, recall.partnerInstructions().getOrDefault(language, "")));
			if (recall.deadline() != null) {
				lines.add(text("notice.recall.deadline", locale, recall.deadline().toString()));
			}
			if (runner) {
				lines.add(text("notice.recall.partners", locale, String.valueOf(partners)));
			}
		}
		return String.join("\n", lines);
	}

	private String scope(RecallView recall, Locale locale) {
		List<String> lots = new ArrayList<>();
		List<String> parts = new ArrayList<>();
		for (RecallView.Scope s : recall.scope()) {
			if (s.lotNumber() != null) {
				lots.add(s.lotNumber());
			}
			else {
				parts.add(text("notice.recall.scope.serials", locale, s.serialFrom(), s.serialTo()));
			}
		}
		if (!lots.isEmpty()) {
			parts.add(0, text("notice.recall.scope.lots", locale, String.join(", ", lots)));
		}
		return String.join("; ", parts);
	}

	private static String noteOf(RecallView recall, int version) {
		return recall.versions()
			.stream()
			.filter(v -> v.version() == version && v.note() != null)
			.map(RecallView.Version::note)
			.findFirst()
			.orElse("");
	}

	private static String closingNote(RecallView recall) {
		String note = "";
		for (RecallView.Transition t : recall.history()) {
			if (t.status() == RecallStatus.CLOSED && t.note() != null) {
				note = t.note();
			}
		}
		return note;
	}

	private static Map<String, Object> recallData(RecallView recall) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", recall.id());
		data.put("version", recall.version());
		data.put("status", recall.status().name());
		data.put("gtin", recall.gtin());
		data.put("productName", recall.productName());
		data.put("brandId", recall.brandId());
		data.put("brandName", recall.brandName());
		data.put("initiatorName", recall.initiatorName());
		data.put("mandatory", recall.mandatory());
		data.put("recallClass", recall.recallClass().name());
		data.put("reasonCode", recall.reasonCode().name());
		data.put("reason", recall.reason());
		List<String> lots = new ArrayList<>();
		List<Map<String, String>> ranges = new ArrayList<>();
		for (RecallView.Scope s : recall.scope()) {
			if (s.lotNumber() != null) {
				lots.add(s.lotNumber());
			}
			else if (s.serialFrom() != null && s.serialTo() != null) {
				ranges.add(Map.of("from", s.serialFrom(), "to", s.serialTo()));
			}
		}
		data.put("lots", lots);
		data.put("serialRanges", ranges);
		data.put("partnerInstructions", recall.partnerInstructions());
		if (recall.deadline() != null) {
			data.put("deadline", recall.deadline().toString());
		}
		data.put("eventHash", recall.eventHash());
		return data;
	}

	private String text(String code, Locale locale, @Nullable Object... args) {
		return this.messages.getMessage(code, args, locale);
	}

}
