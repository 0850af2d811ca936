package com.veritrace.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.accounts.AccountMail;
import com.veritrace.shared.IdleBackoff;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries, on every node: each poll (on the shared scheduler) claims as many
 * due rows as this node has free delivery threads and hands them to its executor. An
 * attempt that fails is tried again after the back-off of {@link NotifyProperties.Retry}
 * until the attempts run out; every attempt is logged. A webhook whose endpoint was
 * removed is cancelled. Sending happens outside any transaction; the outcome is written
 * in one.
 */
@Component
class DeliveryWorker {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/** This node's name on the leases it takes. */
	private final String node = "node-" + UUID.randomUUID();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final DeliveryStore store;

	private final WebhookStore webhooks;

	private final WebhookService webhookCalls;

	private final AccountMail mail;

	private final NoticeService notices;

	private final NotifyProperties properties;

	private final ThreadPoolTaskExecutor executor;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final IdleBackoff idle;

	DeliveryWorker(DeliveryStore store, WebhookStore webhooks, WebhookService webhookCalls, AccountMail mail,
			NoticeService notices, NotifyProperties properties,
			@Qualifier(NotifyConfiguration.EXECUTOR) ThreadPoolTaskExecutor executor, TransactionTemplate transactions,
			Clock clock, DeliveryPace pace) {
		this.idle = pace.idle();
		this.store = store;
		this.webhooks = webhooks;
		this.webhookCalls = webhookCalls;
		this.mail = mail;
		this.notices = notices;
		this.properties = properties;
		this.executor = executor;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${veritrace.notify.poll-interval:PT1S}", initialDelay = 1000)
	void poll() {
		int free = this.properties.threads() - this.inFlight.get();
		if (free <= 0 || !this.idle.due()) {
			return;
		}
		long now = this.clock.millis();
		List<Long> due = this.store.due(now, free);
		this.idle.worked(!due.isEmpty());
		for (long id : due) {
			if (!this.store.claim(id, this.node, now, now + this.properties.lease().toMillis())) {
				continue; // another node was quicker
			}
			this.inFlight.incrementAndGet();
			try {
				this.executor.execute(() -> {
					try {
						attempt(id);
					}
					catch (RuntimeException ex) {
						// the lease runs out and the row is tried again
						log.warn("Delivery {} could not be attempted: {}", id, ex.toString());
					}
					finally {
						this.inFlight.decrementAndGet();
					}
				});
			}
			catch (RuntimeException refused) {
				this.inFlight.decrementAndGet();
				throw refused;
			}
		}
	}

	/** One attempt at a claimed delivery, and its outcome written. */
	void attempt(long id) {
		DeliveryStore.Due due = this.store.load(id);
		if (due == null) {
			return;
		}
		int attempt = due.attempts() + 1;
		long at = this.clock.millis();
		if (due.channel() == Channel.WEBHOOK) {
			WebhookStore.Row endpoint = due.endpointId() == null ? null : this.webhooks.findById(due.endpointId());
			if (endpoint == null) {
				this.store.advance(id, this.node, due.attempts(), DeliveryStore.Next.CANCELLED, at, at);
				return;
			}
			String secret;
			try {
				secret = this.webhookCalls.secretOf(endpoint);
			}
			catch (IllegalStateException ex) {
				// the key of the secrets changed: a failed attempt, not a silent loop
				finish(due, attempt, at, 0, null, "cannot sign: " + ex.getMessage());
				return;
			}
			OutboundHttp.Answer answer = this.webhookCalls.call(URI.create(endpoint.url()), secret, String.valueOf(id),
					due.kind(), due.payload().getBytes(StandardCharsets.UTF_8));
			finish(due, attempt, at, answer.durationMs(), answer.status() == 0 ? null : answer.status(),
					answer.error());
		}
		else {
			long start = System.nanoTime();
			String error = null;
			try {
				this.mail.send(due.target(), subject(due), text(due));
			}
			catch (RuntimeException ex) {
				error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
			}
			finish(due, attempt, at, (System.nanoTime() - start) / 1_000_000, null, error);
		}
	}

	private void finish(DeliveryStore.Due due, int attempt, long at, long durationMs, @Nullable Integer status,
			@Nullable String error) {
		long now = this.clock.millis();
		NotifyProperties.Retry retry = this.properties.retry();
		DeliveryStore.Next next;
		long nextMs = now;
		if (error == null) {
			next = DeliveryStore.Next.DELIVERED;
		}
		else if (attempt >= retry.maxAttempts()) {
			next = DeliveryStore.Next.FAILED;
		}
		else {
			next = DeliveryStore.Next.RETRY;
			nextMs = now + retry.after(attempt, ThreadLocalRandom.current().nextDouble()).toMillis();
		}
		DeliveryStore.Next decided = next;
		long dueAgain = nextMs;
		this.transactions.executeWithoutResult(tx -> {
			this.store.logAttempt(due.id(), due.endpointId(), attempt, at, durationMs, status, error);
			if (!this.store.advance(due.id(), this.node, attempt, decided, dueAgain, now)) {
				log.warn("Delivery {} was taken over by another node during its attempt {}", due.id(), attempt);
			}
		});
		if (decided == DeliveryStore.Next.FAILED) {
			log.warn("Delivery {} of notice {} by {} to organisation {} given up after {} attempts: {}", due.id(),
					due.noticeId(), due.channel(), due.organisationId(), attempt, error);
		}
		else if (decided == DeliveryStore.Next.RETRY) {
			log.info("Delivery {} by {} failed (attempt {}: {}); next attempt in {} s", due.id(), due.channel(),
					attempt, error, (dueAgain - now) / 1000);
		}
	}

	/** A mail's subject: both languages, Chinese first. */
	static String subject(DeliveryStore.Due due) {
		return "[Veritrace] " + due.titleZh() + " | " + due.titleEn();
	}

	/** A mail's text: the notice in Chinese, then in English, each with its link. */
	String text(DeliveryStore.Due due) {
		String link = this.notices.absolute(due.link());
		return due.titleZh() + "\n\n" + due.bodyZh() + "\n\n查看：" + link + "\n\n----\n\n" + due.titleEn() + "\n\n"
				+ due.bodyEn() + "\n\nOpen: " + link + "\n";
	}

}
