package com.veritrace.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.accounts.AccountService;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notices: posting one to an organisation (its inbox row, and in the same transaction a
 * durable delivery per webhook endpoint and per owner's or admin's address, which
 * {@link DeliveryWorker} sends), and the organisation's inbox. Posting is idempotent on
 * the draft's key: a source that replays tells nobody twice.
 */
@Service
public class NoticeService {

	private static final Logger log = LoggerFactory.getLogger(NoticeService.class);

	private final NoticeStore store;

	private final WebhookStore webhooks;

	private final AccountService accounts;

	private final JsonMapper json;

	private final Clock clock;

	private final String baseUrl;

	NoticeService(NoticeStore store, WebhookStore webhooks, AccountService accounts, JsonMapper json, Clock clock,
			@Value("${veritrace.public-base-url}") String baseUrl) {
		this.store = store;
		this.webhooks = webhooks;
		this.accounts = accounts;
		this.json = json;
		this.clock = clock;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	/**
	 * Posts the notice to the organisation unless it has one with the draft's key.
	 * @return whether it was new (and so will be delivered)
	 */
	@Transactional
	public boolean post(long organisationId, NoticeDraft draft) {
		return post(organisationId, draft, this.accounts.managerEmails(organisationId));
	}

	/**
	 * Posts the notice to the organisation unless it has one with the draft's key, mailed
	 * to these addresses instead of the owners and admins (alerts: the people whose
	 * subscriptions take it).
	 * @return whether it was new (and so will be delivered)
	 */
	@Transactional
	public boolean post(long organisationId, NoticeDraft draft, java.util.Collection<String> mailTo) {
		long now = this.clock.millis();
		Long id = this.store.insert(new NoticeStore.NewNotice(organisationId, draft,
				this.json.writeValueAsString(payload(organisationId, draft, now)), now));
		if (id == null) {
			log.debug("Notice {} to organisation {} was posted before", draft.key(), organisationId);
			return false;
		}
		List<NoticeStore.Target> targets = new ArrayList<>();
		this.webhooks.active(organisationId).forEach(e -> targets.add(NoticeStore.Target.webhook(e.id())));
		mailTo.stream().distinct().forEach(a -> targets.add(NoticeStore.Target.mail(a)));
		this.store.insertDeliveries(id, targets, now);
		log.debug("Notice {} ({}) posted to organisation {}: {} deliveries", id, draft.kind(), organisationId,
				targets.size());
		return true;
	}

	/**
	 * The webhook body: fixed when the notice is posted, so every attempt signs the same
	 * bytes.
	 */
	private Map<String, Object> payload(long organisationId, NoticeDraft draft, long now) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", draft.key());
		body.put("type", draft.kind().name());
		body.put("organisationId", organisationId);
		body.put("createdAt", Instant.ofEpochMilli(now).toString());
		body.put("title", draft.title());
		body.put("body", draft.body());
		body.put("link", this.baseUrl + draft.link());
		body.putAll(draft.data());
		return body;
	}

	/** The address of a portal path, as mails and webhooks name it. */
	String absolute(String link) {
		return this.baseUrl + link;
	}

	/**
	 * The caller's organisation's notices newest first; {@code beforeId} is the last id
	 * of the previous page.
	 */
	@Transactional(readOnly = true)
	public List<Notice> inbox(Caller caller, @Nullable Long beforeId, boolean unreadOnly, int limit) {
		caller.require(Scope.READ);
		return this.store.page(caller.organisationId(), beforeId, unreadOnly, Math.max(1, Math.min(limit, 200)));
	}

	/** How many of the caller's organisation's notices nobody has read. */
	@Transactional(readOnly = true)
	public long unread(Caller caller) {
		return caller.has(Scope.READ) ? this.store.unread(caller.organisationId()) : 0;
	}

	/**
	 * Marks the notice read for the organisation (already read: unchanged).
	 * @throws NotFoundException for another organisation's notice or an unknown one
	 */
	@Transactional
	public Notice markRead(Caller caller, long id) {
		caller.require(Scope.READ);
		if (this.store.find(caller.organisationId(), id) == null) {
			throw NotFoundException.of("Notice", "No notice " + id);
		}
		this.store.markRead(caller.organisationId(), id, this.clock.millis(), caller.label());
		return this.store.find(caller.organisationId(), id);
	}

	/** Marks every unread notice of the caller's organisation read; how many. */
	@Transactional
	public int markAllRead(Caller caller) {
		caller.require(Scope.READ);
		return this.store.markRead(caller.organisationId(), null, this.clock.millis(), caller.label());
	}

}
