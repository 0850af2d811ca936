package com.veritrace.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.events.EpcisNamedQueries;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * EPCIS query subscriptions ({@code /queries/{name}/subscriptions}): an organisation
 * subscribes a webhook ({@code dest}) to one of its named queries, streamed or on a
 * schedule; {@link SubscriptionWorker} delivers. A subscription is its query's: another
 * organisation's query, and so its subscriptions, are not found. Reading needs
 * {@code read}, subscribing and unsubscribing {@code events:write}. {@code dest} is
 * checked by notify's guarded client when subscribing (https, public addresses) and again
 * at every call; the {@code signatureToken} is kept encrypted and never shown again.
 */
@Service
public class EpcisSubscriptions {

	/** The REST binding's problem type for bad subscription controls. */
	static final String CONTROLS_PROBLEM = "epcisException:SubscriptionControlsException";

	static final int MAX_TOKEN = 256;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SubscriptionStore store;

	private final EpcisNamedQueries queries;

	private final WebhookSecrets secrets;

	private final OutboundHttp http;

	private final SubscriptionProperties properties;

	private final AuditLog audit;

	private final Clock clock;

	EpcisSubscriptions(SubscriptionStore store, EpcisNamedQueries queries, WebhookSecrets secrets, OutboundHttp http,
			SubscriptionProperties properties, AuditLog audit, Clock clock) {
		this.store = store;
		this.queries = queries;
		this.secrets = secrets;
		this.http = http;
		this.properties = properties;
		this.audit = audit;
		this.clock = clock;
	}

	/** A page of a query's subscriptions. */
	public record Page(List<ObjectNode> subscriptions, @Nullable String nextPageToken) {
	}

	/**
	 * Subscribes to a named query.
	 * @return the subscription as {@link #view} shows it
	 * @throws InvalidException {@code SubscriptionControlsException} listing every
	 * problem (dest refused by the guarded client included)
	 */
	@Transactional
	public ObjectNode subscribe(Caller caller, String queryName, @Nullable JsonNode body) {
		caller.require(Scope.EVENTS_WRITE);
		EpcisNamedQueries.NamedQuery query = query(caller, queryName);
		List<FieldProblem> errors = new ArrayList<>();
		if (body == null || !body.isObject()) {
			throw InvalidException.of(CONTROLS_PROBLEM, "Subscription controls exception",
					List.of(new FieldProblem("body", "a JSON object with dest and stream or schedule")));
		}
		for (var field : body.properties()) {
			if (!List.of("dest", "signatureToken", "stream", "schedule", "reportIfEmpty", "initialRecordTime")
				.contains(field.getKey())) {
				errors.add(new FieldProblem(field.getKey(), "unknown field (dest, signatureToken, stream, schedule, "
						+ "reportIfEmpty, initialRecordTime)"));
			}
		}
		URI dest = dest(body.get("dest"), errors);
		String token = null;
		JsonNode t = body.get("signatureToken");
		if (t != null && !t.isNull()) {
			if (!t.isString() || t.asString().isEmpty() || t.asString().length() > MAX_TOKEN) {
				errors.add(new FieldProblem("signatureToken", "a string of 1 to " + MAX_TOKEN + " characters"));
			}
			else {
				token = t.asString();
			}
		}
		JsonNode s = body.get("stream");
		boolean stream = s != null && s.isBoolean() && s.asBoolean();
		if (s != null && !s.isNull() && !s.isBoolean()) {
			errors.add(new FieldProblem("stream", "true or false"));
		}
		JsonNode scheduleNode = body.get("schedule");
		QuerySchedule schedule = null;
		if (scheduleNode != null && !scheduleNode.isNull()) {
			schedule = QuerySchedule.parse(scheduleNode, errors);
			if (stream) {
				errors.add(new FieldProblem("schedule", "a subscription is either stream: true or has a schedule"));
			}
		}
		else if (!stream) {
			errors.add(new FieldProblem("stream", "set stream: true or give a schedule"));
		}
		JsonNode r = body.get("reportIfEmpty");
		if (r != null && !r.isNull() && !r.isBoolean()) {
			errors.add(new FieldProblem("reportIfEmpty", "true or false"));
		}
		boolean reportIfEmpty = r != null && r.isBoolean() && r.asBoolean();
		long now = this.clock.millis();
		long initial = now;
		JsonNode i = body.get("initialRecordTime");
		if (i != null && !i.isNull()) {
			try {
				initial = OffsetDateTime.parse(i.asString()).toInstant().toEpochMilli();
			}
			catch (DateTimeParseException ex) {
				errors.add(new FieldProblem("initialRecordTime",
						"a date-time with its offset, e.g. " + "2024-04-04T20:33:31.116-06:00"));
			}
		}
		if (!errors.isEmpty() || dest == null) {
			throw InvalidException.of(CONTROLS_PROBLEM, "Subscription controls exception", errors);
		}
		if (this.store.countForQuery(query.id()) >= this.properties.maxPerQuery()) {
			throw new ConflictException("subscription-limit", "Too many subscriptions",
					"A named query has at most " + this.properties.maxPerQuery() + " subscriptions; delete one first");
		}
		String id = UUID.randomUUID().toString();
		long nextRun = schedule == null ? 0 : scheduleNext(schedule, now);
		this.store.insert(id, query.id(), caller.organisationId(), dest.toString(),
				token == null ? null : this.secrets.seal(caller.organisationId(), token), stream,
				schedule == null ? null : JSON.writeValueAsString(schedule.fields()), reportIfEmpty, initial,
				this.properties.batchSize(), nextRun, now, caller.label());
		this.audit.record(caller, "epcis-subscription.create", query.name() + "/" + id, dest.getHost());
		SubscriptionStore.Row row = this.store.find(query.id(), id);
		return view(query.name(), row == null ? null : row);
	}

	private @Nullable URI dest(@Nullable JsonNode node, List<FieldProblem> errors) {
		if (node == null || !node.isString() || node.asString().isBlank()) {
			errors.add(new FieldProblem("dest", "the webhook URL is required"));
			return null;
		}
		String text = node.asString().strip();
		if (text.length() > WebhookService.MAX_URL) {
			errors.add(new FieldProblem("dest", "at most " + WebhookService.MAX_URL + " characters"));
			return null;
		}
		try {
			URI uri = new URI(text);
			if (!uri.isAbsolute() || uri.getRawFragment() != null) {
				errors.add(new FieldProblem("dest", "an absolute https URL without a #fragment"));
				return null;
			}
			this.http.check(uri);
			return uri;
		}
		catch (URISyntaxException ex) {
			errors.add(new FieldProblem("dest", "not a URL: " + ex.getReason()));
		}
		catch (OutboundHttp.Refused refused) {
			errors.add(new FieldProblem("dest", refused.getMessage()));
		}
		return null;
	}

	static long scheduleNext(QuerySchedule schedule, long nowMs) {
		Instant next = schedule.next(Instant.ofEpochMilli(nowMs));
		return next == null ? Long.MAX_VALUE : next.toEpochMilli();
	}

	/**
	 * A query's subscriptions, {@code perPage} at a time (the token: the last row's
	 * position).
	 */
	@Transactional(readOnly = true)
	public Page list(Caller caller, String queryName, int perPage, @Nullable String token) {
		caller.require(Scope.READ);
		EpcisNamedQueries.NamedQuery query = query(caller, queryName);
		long after = 0;
		if (token != null) {
			try {
				after = Long.parseLong(token);
			}
			catch (NumberFormatException ex) {
				throw InvalidException.of(CONTROLS_PROBLEM, "Subscription controls exception",
						List.of(new FieldProblem("nextPageToken", "not a token this server issued")));
			}
		}
		List<SubscriptionStore.Row> rows = this.store.page(query.id(), after, perPage + 1);
		String next = null;
		if (rows.size() > perPage) {
			rows = rows.subList(0, perPage);
			next = String.valueOf(rows.get(perPage - 1).id());
		}
		return new Page(rows.stream().map(row -> view(query.name(), row)).toList(), next);
	}

	/** One subscription, with {@code lastNotifiedAt}. */
	@Transactional(readOnly = true)
	public ObjectNode get(Caller caller, String queryName, String subscriptionId) {
		caller.require(Scope.READ);
		return view(queryName, row(caller, queryName, subscriptionId));
	}

	/** Unsubscribes (its log goes too). */
	@Transactional
	public void delete(Caller caller, String queryName, String subscriptionId) {
		caller.require(Scope.EVENTS_WRITE);
		EpcisNamedQueries.NamedQuery query = query(caller, queryName);
		if (!this.store.delete(query.id(), subscriptionId)) {
			throw notFound(subscriptionId);
		}
		this.audit.record(caller, "epcis-subscription.delete", queryName + "/" + subscriptionId, null);
	}

	/**
	 * The subscription's delivery attempts, newest first, {@code limit} before
	 * {@code beforeId}.
	 */
	@Transactional(readOnly = true)
	public List<SubscriptionStore.Attempt> deliveries(Caller caller, String queryName, String subscriptionId,
			long beforeId, int limit) {
		caller.require(Scope.READ);
		return this.store.attempts(row(caller, queryName, subscriptionId).id(), beforeId, limit);
	}

	private SubscriptionStore.Row row(Caller caller, String queryName, String subscriptionId) {
		SubscriptionStore.Row row = this.store.find(query(caller, queryName).id(), subscriptionId);
		if (row == null) {
			throw notFound(subscriptionId);
		}
		return row;
	}

	private EpcisNamedQueries.NamedQuery query(Caller caller, String name) {
		EpcisNamedQueries.NamedQuery query = this.queries.find(caller.organisationId(), name);
		if (query == null) {
			throw new NotFoundException(EpcisNamedQueries.NO_SUCH_NAME_PROBLEM, "No such query",
					"Your organisation has no query named '" + name + "'");
		}
		return query;
	}

	private static NotFoundException notFound(String subscriptionId) {
		return new NotFoundException("epcisException:NoSuchSubscriptionException", "No such subscription",
				"The query has no subscription " + subscriptionId);
	}

	/** As the REST binding shows a subscription: never its signatureToken. */
	static ObjectNode view(String queryName, SubscriptionStore.@Nullable Row row) {
		if (row == null) {
			throw new IllegalStateException("the subscription is gone");
		}
		ObjectNode node = JSON.createObjectNode();
		node.put("subscriptionID", row.subscriptionId());
		node.put("queryName", queryName);
		node.put("dest", row.dest());
		if (row.stream()) {
			node.put("stream", true);
		}
		else {
			node.set("schedule", JSON.readTree(row.schedule()));
			node.put("reportIfEmpty", row.reportIfEmpty());
		}
		node.put("signed", row.signatureBox() != null);
		node.put("initialRecordTime", Instant.ofEpochMilli(row.initialRecordMs()).toString());
		node.put("createdAt", Instant.ofEpochMilli(row.createdMs()).toString());
		if (row.lastNotifiedMs() != null) {
			node.put("lastNotifiedAt", Instant.ofEpochMilli(row.lastNotifiedMs()).toString());
		}
		if (row.failures() > 0) {
			node.put("failures", row.failures());
			node.put("lastError", row.lastError());
		}
		return node;
	}

}
