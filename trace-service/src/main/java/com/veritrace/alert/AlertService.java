package com.veritrace.alert;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.accounts.AccountService;
import com.veritrace.notify.NoticeDraft;
import com.veritrace.notify.NoticeService;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises alerts: once per organisation, kind, subject and window (a raise in the same
 * window is an occurrence of the alert raised first, with the latest evidence), and a new
 * alert is delivered as a notice (inbox, webhooks, and mail to the people whose
 * subscriptions take its kind and severity) in the same transaction. Callers on a hot
 * path (a consumer's scan) raise off it. Also reading alerts (an organisation its own; a
 * regulator and the platform operator every organisation's), acting on them (OPEN →
 * ACKNOWLEDGED → RESOLVED, or OPEN → RESOLVED; the organisation's own, with
 * {@code alerts:write}) and people's mail subscriptions.
 */
@Service
public class AlertService {

	private static final Logger log = LoggerFactory.getLogger(AlertService.class);

	/** The longest note on a resolution. */
	static final int MAX_NOTE = 2000;

	private final AlertStore store;

	private final NoticeService notices;

	private final AccountService accounts;

	private final AuditLog audit;

	private final JsonMapper json;

	private final Clock clock;

	AlertService(AlertStore store, NoticeService notices, AccountService accounts, AuditLog audit, JsonMapper json,
			Clock clock) {
		this.store = store;
		this.notices = notices;
		this.accounts = accounts;
		this.audit = audit;
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
		this.notices.post(draft.organisationId(),
				new NoticeDraft("alert-" + id, draft.kind().notice(), String.valueOf(id), draft.title(), draft.body(),
						"/portal/alerts/" + id, Map.of("alert", alert)),
				this.store.mailRecipients(draft.organisationId(), draft.kind(), draft.severity()));
		log.info("Alert {} raised: {} ({}) on {} for organisation {}", id, draft.kind(), draft.severity(),
				draft.subject(), draft.organisationId());
		return true;
	}

	/**
	 * Raises the alert in a transaction of its own: for a source that found a failure in
	 * a read-only transaction, or one that is about to roll back (an integrity check
	 * throwing).
	 * @return as {@link #raise}
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean raiseApart(AlertDraft draft) {
		return raise(draft);
	}

	/**
	 * A page of the alerts the caller reads, newest first, before {@code beforeId};
	 * narrowed by the filter's kind, severity and state (null: any).
	 */
	@Transactional(readOnly = true)
	public List<AlertView> list(Caller caller, @Nullable AlertKind kind, @Nullable Severity severity,
			@Nullable AlertState state, @Nullable Long beforeId, int limit) {
		caller.require(Scope.READ);
		return this.store.page(new AlertStore.Filter(caller.readsAcrossTenants() ? null : caller.organisationId(), kind,
				severity, state), beforeId, Math.max(1, Math.min(limit, 200)));
	}

	/**
	 * One alert.
	 * @throws NotFoundException for another organisation's (unless the caller reads
	 * across tenants) or an unknown one
	 */
	@Transactional(readOnly = true)
	public AlertView find(Caller caller, long id) {
		caller.require(Scope.READ);
		return this.store.view(id)
			.filter(a -> a.organisationId() == caller.organisationId() || caller.readsAcrossTenants())
			.orElseThrow(() -> NotFoundException.of("Alert", "No alert " + id));
	}

	/** How many alerts the caller reads are open (the navigation's badge). */
	@Transactional(readOnly = true)
	public long openCount(Caller caller) {
		if (!caller.has(Scope.READ)) {
			return 0;
		}
		return this.store.open(caller.readsAcrossTenants() ? null : caller.organisationId());
	}

	/**
	 * Acknowledges an open alert of the caller's organisation: someone is on it.
	 * @throws ConflictException when it is not open
	 */
	@Transactional
	public AlertView acknowledge(Caller caller, long id) {
		return act(caller, id, List.of(AlertState.OPEN), AlertState.ACKNOWLEDGED, null);
	}

	/**
	 * Resolves an open or acknowledged alert of the caller's organisation, with a note (1
	 * to 2000 characters) saying what was done.
	 * @throws ConflictException when it is resolved already
	 */
	@Transactional
	public AlertView resolve(Caller caller, long id, @Nullable String note) {
		String text = note == null ? "" : note.strip();
		if (text.isEmpty() || text.length() > MAX_NOTE) {
			throw InvalidException.of("note", "say what was done, in 1 to " + MAX_NOTE + " characters");
		}
		return act(caller, id, List.of(AlertState.OPEN, AlertState.ACKNOWLEDGED), AlertState.RESOLVED, text);
	}

	private AlertView act(Caller caller, long id, List<AlertState> from, AlertState to, @Nullable String note) {
		AlertView alert = find(caller, id);
		if (alert.organisationId() != caller.organisationId()) {
			// a regulator reads every brand's alerts; each brand acts on its own
			throw new ForbiddenException("not-your-alert", "Not your organisation's alert",
					"Alert " + id + " is " + alert.organisationName() + "'s: only that organisation acts on it");
		}
		caller.require(Scope.ALERTS_WRITE);
		if (!this.store.act(id, from, to, this.clock.millis(), who(caller), note)) {
			throw new ConflictException("alert-state", "The alert cannot move so",
					"Alert " + id + " is " + find(caller, id).state() + "; it can move to " + to + " only from "
							+ from.stream().map(Enum::name).toList());
		}
		this.audit.record(caller, to == AlertState.RESOLVED ? "alert.resolved" : "alert.acknowledged", "alert " + id,
				alert.kind() + " " + alert.subject());
		return find(caller, id);
	}

	/** How an action names who took it: the person's address, or the API key. */
	private String who(Caller caller) {
		if (caller.isPerson()) {
			return this.accounts.person(caller.userId()).map(p -> p.user().getEmail()).orElse(caller.label());
		}
		return caller.label();
	}

	/**
	 * The caller's mail subscriptions, one per kind (chosen, or their role's default).
	 */
	@Transactional(readOnly = true)
	public List<Subscription> subscriptions(Caller caller) {
		requirePerson(caller);
		Map<AlertKind, Optional<Severity>> chosen = this.store.subscriptions(caller.userId());
		boolean manager = caller.has(Scope.KEYS_MANAGE);
		List<Subscription> all = new ArrayList<>();
		for (AlertKind kind : AlertKind.values()) {
			Optional<Severity> least = chosen.get(kind);
			all.add(least != null ? new Subscription(kind, least.orElse(null), true)
					: new Subscription(kind, manager ? Severity.INFO : null, false));
		}
		return all;
	}

	/**
	 * Sets the caller's mail subscriptions: for each kind named, the least severity
	 * mailed (null: none of that kind); kinds not named keep what they had.
	 */
	@Transactional
	public List<Subscription> subscribe(Caller caller, Map<AlertKind, Optional<Severity>> choices) {
		requirePerson(caller);
		long now = this.clock.millis();
		choices.forEach((kind, least) -> this.store.subscribe(caller.userId(), kind, least.orElse(null), now));
		this.audit.record(caller, "alert.subscriptions", "user " + caller.userId(), choices.toString());
		return subscriptions(caller);
	}

	private static void requirePerson(Caller caller) {
		if (!caller.isPerson()) {
			throw new ForbiddenException("person-only", "For people only",
					"Mail subscriptions belong to a person's portal account, not to an API key");
		}
	}

}
