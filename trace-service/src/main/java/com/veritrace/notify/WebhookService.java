package com.veritrace.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An organisation's webhook endpoints (owners and admins: {@code keys:manage}, since a
 * webhook carries what the organisation is told): register one (its secret is made here
 * and shown once), list them with how their deliveries went, read an endpoint's log,
 * remove one. An endpoint is registered only after it answered a signed ping with 2xx
 * through the guarded client: a URL that is not https, resolves to a non-public address,
 * redirects or does not answer is refused with the reason.
 */
@Service
public class WebhookService {

	private static final Logger log = LoggerFactory.getLogger(WebhookService.class);

	static final int MAX_URL = 500;

	static final int MAX_DESCRIPTION = 200;

	private final WebhookStore store;

	private final DeliveryStore deliveries;

	private final WebhookSecrets secrets;

	private final OutboundHttp http;

	private final NotifyProperties properties;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	WebhookService(WebhookStore store, DeliveryStore deliveries, WebhookSecrets secrets, OutboundHttp http,
			NotifyProperties properties, AuditLog audit, TransactionTemplate transactions, JsonMapper json,
			Clock clock) {
		this.store = store;
		this.deliveries = deliveries;
		this.secrets = secrets;
		this.http = http;
		this.properties = properties;
		this.audit = audit;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	/** A new endpoint and its secret, which is shown this once. */
	public record Registered(WebhookEndpoint endpoint, String secret) {
	}

	/**
	 * Registers an endpoint after a signed ping to it succeeded.
	 * @throws InvalidException listing what is wrong with the URL or description,
	 * including a refusal of the guarded client or a failed ping
	 * @throws ConflictException when the organisation has as many endpoints as allowed
	 */
	public Registered register(Caller caller, @Nullable String url, @Nullable String description) {
		caller.require(Scope.KEYS_MANAGE);
		List<FieldProblem> problems = new ArrayList<>();
		String text = url == null ? "" : url.strip();
		URI uri = null;
		if (text.isEmpty()) {
			problems.add(new FieldProblem("url", "the endpoint's URL is required"));
		}
		else if (text.length() > MAX_URL) {
			problems.add(new FieldProblem("url", "at most " + MAX_URL + " characters"));
		}
		else {
			try {
				uri = new URI(text);
				if (!uri.isAbsolute() || uri.getRawFragment() != null) {
					problems.add(new FieldProblem("url", "an absolute https URL without a #fragment"));
					uri = null;
				}
			}
			catch (URISyntaxException ex) {
				problems.add(new FieldProblem("url", "not a URL: " + ex.getReason()));
			}
		}
		String about = description == null || description.isBlank() ? null : description.strip();
		if (about != null && about.length() > MAX_DESCRIPTION) {
			problems.add(new FieldProblem("description", "at most " + MAX_DESCRIPTION + " characters"));
		}
		if (uri != null) {
			try {
				this.http.check(uri);
			}
			catch (OutboundHttp.Refused refused) {
				problems.add(new FieldProblem("url", refused.getMessage()));
				uri = null;
			}
		}
		if (!problems.isEmpty()) {
			throw InvalidException.of(problems);
		}
		if (this.store.countActive(caller.organisationId()) >= this.properties.maxWebhooksPerOrganisation()) {
			throw new ConflictException("webhook-limit", "Too many webhooks", "An organisation has at most "
					+ this.properties.maxWebhooksPerOrganisation() + " webhook endpoints; remove one first");
		}
		String secret = this.secrets.newSecret();
		long now = this.clock.millis();
		URI target = uri;
		OutboundHttp.Answer ping = call(target, secret, "ping-" + UUID.randomUUID(), "PING",
				this.json.writeValueAsBytes(ping(caller.organisationId(), now)));
		if (!ping.ok()) {
			throw InvalidException.of("url", "the endpoint did not take the signed ping (" + ping.error()
					+ "); it must answer 2xx, at this very URL (redirects are not followed)");
		}
		long id = this.transactions.execute(status -> {
			long made = this.store.insert(caller.organisationId(), text, about,
					this.secrets.seal(caller.organisationId(), secret), secret.substring(0, 12), now, caller.label());
			this.deliveries.logAttempt(null, made, 1, now, ping);
			this.audit.record(caller, "webhook.added", String.valueOf(made), text);
			return made;
		});
		log.info("Organisation {} registered webhook endpoint {}", caller.organisationId(), id);
		return new Registered(endpoint(this.store.find(caller.organisationId(), id)), secret);
	}

	/** The organisation's endpoints, oldest first, with their delivery counts. */
	public List<WebhookEndpoint> list(Caller caller) {
		caller.require(Scope.KEYS_MANAGE);
		return this.store.active(caller.organisationId()).stream().map(this::endpoint).toList();
	}

	/** One of the organisation's endpoints. @throws NotFoundException otherwise */
	public WebhookEndpoint get(Caller caller, long id) {
		caller.require(Scope.KEYS_MANAGE);
		return endpoint(own(caller, id));
	}

	/** Removes the endpoint; what was still to be delivered to it is cancelled. */
	public void remove(Caller caller, long id) {
		caller.require(Scope.KEYS_MANAGE);
		WebhookStore.Row row = own(caller, id);
		this.transactions.executeWithoutResult(status -> {
			this.store.remove(caller.organisationId(), id, this.clock.millis());
			this.audit.record(caller, "webhook.removed", String.valueOf(id), row.url());
		});
	}

	/** The endpoint's calls, newest first (keyset: {@code beforeId}). */
	public List<WebhookAttempt> attempts(Caller caller, long id, @Nullable Long beforeId, int limit) {
		caller.require(Scope.KEYS_MANAGE);
		own(caller, id);
		return this.store.attempts(id, beforeId, Math.max(1, Math.min(limit, 200)));
	}

	/**
	 * Calls the endpoint with a signed body: {@code X-Veritrace-Delivery} names the
	 * delivery (receivers drop a delivery they have seen), {@code X-Veritrace-Event} the
	 * notice's kind.
	 */
	OutboundHttp.Answer call(URI uri, String secret, String deliveryId, String kind, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(WebhookSignature.HEADER,
				WebhookSignature.header(secret, this.clock.instant().getEpochSecond(), body));
		headers.put("X-Veritrace-Delivery", deliveryId);
		headers.put("X-Veritrace-Event", kind);
		return this.http.post(uri, headers, body);
	}

	/** The endpoint's secret, for signing a delivery. */
	String secretOf(WebhookStore.Row row) {
		return this.secrets.open(row.organisationId(), row.secretBox());
	}

	private Map<String, Object> ping(long organisationId, long now) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", "ping");
		body.put("type", "PING");
		body.put("organisationId", organisationId);
		body.put("createdAt", Instant.ofEpochMilli(now).toString());
		return body;
	}

	private WebhookStore.Row own(Caller caller, long id) {
		WebhookStore.Row row = this.store.find(caller.organisationId(), id);
		if (row == null) {
			throw NotFoundException.of("Webhook", "No webhook endpoint " + id);
		}
		return row;
	}

	private WebhookEndpoint endpoint(WebhookStore.@Nullable Row row) {
		if (row == null) {
			throw new IllegalStateException("endpoint vanished");
		}
		long[] counts = this.store.counts(row.id());
		List<WebhookAttempt> last = this.store.attempts(row.id(), null, 1);
		return new WebhookEndpoint(row.id(), row.url(), row.description(), row.secretHint() + "…",
				Instant.ofEpochMilli(row.createdMs()), row.createdBy(), counts[0], counts[1], counts[2],
				last.isEmpty() ? null : last.get(0));
	}

}
