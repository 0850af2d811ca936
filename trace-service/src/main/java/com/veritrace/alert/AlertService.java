package com.veritrace.alert;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.notify.NoticeDraft;
import com.veritrace.notify.NoticeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises alerts: once per organisation, kind, subject and window (a raise in the same
 * window is an occurrence of the alert raised first, with the latest evidence), and a new
 * alert is delivered as a notice (inbox, mail, webhooks) in the same transaction. Callers
 * on a hot path (a consumer's scan) raise off it.
 */
@Service
public class AlertService {

	private static final Logger log = LoggerFactory.getLogger(AlertService.class);

	private final AlertStore store;

	private final NoticeService notices;

	private final JsonMapper json;

	private final Clock clock;

	AlertService(AlertStore store, NoticeService notices, JsonMapper json, Clock clock) {
		this.store = store;
		this.notices = notices;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Raises the alert, in the caller's transaction when there is one.
	 * @return whether it was a new alert (and so was delivered); false for another
	 * occurrence in its window
	 */
	@Transactional
	public boolean raise(AlertDraft draft) {
		long now = this.clock.millis();
		String dedupeKey = draft.kind().name() + "|" + draft.subject() + "|" + now / draft.window().toMillis();
		Long id = this.store.raise(draft, dedupeKey, this.json.writeValueAsString(draft.evidence()), now);
		if (id == null) {
			log.debug("Alert {} on {} for organisation {}: another occurrence", draft.kind(), draft.subject(),
					draft.organisationId());
			return false;
		}
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("id", id);
		alert.put("kind", draft.kind().name());
		alert.put("severity", draft.severity().name());
		alert.put("subject", draft.subject());
		alert.put("evidence", draft.evidence());
		this.notices.post(draft.organisationId(), new NoticeDraft("alert-" + id, draft.kind().notice(),
				String.valueOf(id), draft.title(), draft.body(), "/portal/alerts/" + id, Map.of("alert", alert)));
		log.info("Alert {} raised: {} ({}) on {} for organisation {}", id, draft.kind(), draft.severity(),
				draft.subject(), draft.organisationId());
		return true;
	}

}
