package com.veritrace.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.events.EpcisNamedQueries;
import com.veritrace.events.EpcisQueryDocuments;
import com.veritrace.events.EpcisQueryService;
import com.veritrace.events.LateCommits;
import com.veritrace.shared.NodeRoles;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers EPCIS query subscriptions, on every node. A ticker looks for due subscriptions
 * every {@code poll-interval} and {@code settle} after this node stored new events
 * ({@link #wake}); each due subscription is claimed (a lease, a conditional UPDATE: one
 * node at a time) and worked on a delivery thread: the named query runs as the subscriber
 * organisation (its visibility) for the events after the cursor in record-time order,
 * recorded at least {@code settle} ago, {@code batch_size} at a time; each batch is one
 * signed EPCISQueryDocument POSTed to {@code dest}; the cursor moves only after a 2xx. A
 * 413 halves the batch (down to 1) and tries again at once; any other failure waits the
 * back-off and tries the same batch again. A schedule's run delivers what is new since
 * its last run (an empty document when {@code reportIfEmpty} and nothing is).
 */
@Component
class SubscriptionWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionWorker.class);

	/**
	 * The signature header of deliveries: {@code sha256=<hex HMAC-SHA256 of the body>}.
	 */
	static final String SIGNATURE = "GS1-Signature";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SubscriptionStore store;

	private final EpcisNamedQueries queries;

	private final EpcisQueryService engine;

	private final OrganisationService organisations;

	private final WebhookSecrets secrets;

	private final OutboundHttp http;

	private final SubscriptionProperties properties;

	private final Clock clock;

	private final LateCommits late;

	private final NodeRoles roles;

	/** When late-commit notes were last pruned by this node. */
	private volatile long prunedMs;

	private final Set<Long> working = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean wakePending = new AtomicBoolean();

	private volatile @Nullable ScheduledExecutorService ticker;

	private volatile @Nullable ExecutorService deliverers;

	/** This node's name on its leases: new at every start. */
	private volatile String node = "";

	SubscriptionWorker(SubscriptionStore store, EpcisNamedQueries queries, EpcisQueryService engine,
			OrganisationService organisations, WebhookSecrets secrets, OutboundHttp http,
			SubscriptionProperties properties, Clock clock, LateCommits late, NodeRoles roles) {
		if (late.after().compareTo(properties.settle()) >= 0) {
			throw new IllegalStateException("veritrace.events.late-commit-after (" + late.after()
					+ ") must be shorter than veritrace.epcis.subscriptions.settle (" + properties.settle() + ")");
		}
		this.late = late;
		this.roles = roles;
		this.store = store;
		this.queries = queries;
		this.engine = engine;
		this.organisations = organisations;
		this.secrets = secrets;
		this.http = http;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.ticker != null) {
			return;
		}
		this.node = "subs-" + UUID.randomUUID();
		this.deliverers = Executors.newFixedThreadPool(this.properties.threads(), r -> {
			Thread thread = new Thread(r, "epcis-subscription-delivery");
			thread.setDaemon(true);
			return thread;
		});
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "epcis-subscription-ticker");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.pollInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
		this.ticker = scheduler;
	}

	/**
	 * Stops looking and delivering, as a crash would: deliveries in flight are
	 * interrupted, leases are left to run out (another node, or this one restarted, takes
	 * over then).
	 */
	@Override
	public synchronized void stop() {
		ScheduledExecutorService scheduler = this.ticker;
		ExecutorService pool = this.deliverers;
		this.ticker = null;
		this.deliverers = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		if (pool != null) {
			pool.shutdownNow();
			try {
				pool.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.working.clear();
	}

	/**
	 * Started with the application on nodes with the {@code jobs} role, unless
	 * {@code enabled} is false.
	 */
	@Override
	public boolean isAutoStartup() {
		return this.properties.enabled() && this.roles.has(NodeRoles.Role.JOBS);
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

	/** Whether (recordTimeMs, rowId) comes before the cursor. */
	private static boolean before(long recordTimeMs, long rowId, EpcisQueryService.Cursor cursor) {
		return recordTimeMs < cursor.recordTimeMs() || recordTimeMs == cursor.recordTimeMs() && rowId < cursor.rowId();
	}

	/** New events committed on this node: look {@code settle} from now, once. */
	void wake() {
		ScheduledExecutorService scheduler = this.ticker;
		if (scheduler == null || !this.wakePending.compareAndSet(false, true)) {
			return;
		}
		try {
			scheduler.schedule(() -> {
				this.wakePending.set(false);
				tick();
			}, this.properties.settle().toMillis() + 1, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopping) {
			this.wakePending.set(false);
		}
	}

	/** Claims due subscriptions for the free delivery threads. */
	void tick() {
		try {
			ExecutorService pool = this.deliverers;
			int free = this.properties.threads() - this.working.size();
			if (pool == null || free <= 0) {
				return;
			}
			long now = this.clock.millis();
			prune(now);
			for (long id : this.store.due(now, free + this.working.size())) {
				if (this.working.contains(id) || !this.store.claim(id, this.node, now, leaseUntil())) {
					continue;
				}
				this.working.add(id);
				try {
					pool.execute(() -> {
						try {
							work(id);
						}
						catch (RuntimeException ex) {
							// the lease runs out and the subscription is taken up again
							log.warn("EPCIS subscription {} could not be worked: {}", id, ex.toString());
						}
						finally {
							this.working.remove(id);
						}
					});
				}
				catch (RejectedExecutionException stopping) {
					this.working.remove(id);
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Looking for due EPCIS subscriptions failed: {}", ex.toString());
		}
	}

	/**
	 * Every ten minutes: forgets late-commit notes that every subscription has looked at
	 * and that are older than an hour.
	 */
	private void prune(long now) {
		if (now - this.prunedMs < 600_000) {
			return;
		}
		this.prunedMs = now;
		Long checked = this.store.earliestLateChecked();
		this.late.prune(Math.min(now - 3_600_000, checked == null ? Long.MAX_VALUE : checked));
	}

	private long leaseUntil() {
		return this.clock.millis() + this.properties.lease().toMillis();
	}

	/**
	 * Works one claimed subscription until it is up to date, fails or loses its lease.
	 */
	void work(long id) {
		String me = this.node;
		SubscriptionStore.Row row = this.store.load(id);
		if (row == null) {
			return;
		}
		EpcisNamedQueries.NamedQuery query = this.queries.find(row.queryId());
		if (query == null) {
			return; // deleted with its subscriptions meanwhile
		}
		Organisation organisation = this.organisations.require(row.organisationId(), "organisation");
		Caller subscriber = new Caller(organisation.getId(), organisation.getName(), organisation.getKind(), 0,
				Set.of(Scope.READ));
		QuerySchedule schedule = row.schedule() == null ? null
				: QuerySchedule.parse(JSON.readTree(row.schedule()), new java.util.ArrayList<>());
		String token;
		try {
			token = row.signatureBox() == null ? null : this.secrets.open(row.organisationId(), row.signatureBox());
		}
		catch (IllegalStateException ex) {
			fail(row, me, "cannot sign: " + ex.getMessage());
			return;
		}
		URI dest = URI.create(row.dest());
		EpcisQueryService.Cursor cursor = new EpcisQueryService.Cursor(row.cursorRecordMs(), row.cursorRowId());
		long lateUntil = this.clock.millis() - this.properties.lateWindow().toMillis();
		if (lateUntil > row.lateCheckedMs()) {
			// events committed late, possibly after the cursor passed them: from the
			// earliest one again (never before where the subscription starts)
			LateCommits.Position back = this.late.earliestNoted(row.lateCheckedMs(), lateUntil).orElse(null);
			if (back != null && before(back.recordTimeMs(), back.rowId() - 1, cursor)) {
				cursor = before(back.recordTimeMs(), back.rowId() - 1,
						new EpcisQueryService.Cursor(row.initialRecordMs() - 1, Long.MAX_VALUE))
								? new EpcisQueryService.Cursor(row.initialRecordMs() - 1, Long.MAX_VALUE)
								: new EpcisQueryService.Cursor(back.recordTimeMs(), back.rowId() - 1);
				if (!this.store.lateChecked(id, me, cursor.recordTimeMs(), cursor.rowId(), lateUntil)) {
					return;
				}
			}
			else if (lateUntil - row.lateCheckedMs() > 60_000
					&& !this.store.lateChecked(id, me, cursor.recordTimeMs(), cursor.rowId(), lateUntil)) {
				// nothing late: the window looked at is kept short, written once a minute
				return;
			}
		}
		int batchSize = row.batchSize();
		int sent = 0;
		while (!Thread.currentThread().isInterrupted()) {
			long before = this.clock.millis() - this.properties.settle().toMillis();
			EpcisQueryService.Batch batch = this.engine.since(subscriber, query.query(), cursor, before, batchSize);
			if (batch.events().isEmpty()) {
				if (!batch.next().equals(cursor)) {
					// rows that do not match, passed over for good
					if (!this.store.advance(id, me, batch.next().recordTimeMs(), batch.next().rowId(), null,
							leaseUntil())) {
						return;
					}
				}
				if (schedule != null && row.reportIfEmpty() && sent == 0) {
					OutboundHttp.Answer answer = deliver(row, query.name(), List.of(), token, dest);
					if (!answer.ok()) {
						fail(row, me, answer.error());
						return;
					}
					this.store.advance(id, me, batch.next().recordTimeMs(), batch.next().rowId(), this.clock.millis(),
							leaseUntil());
				}
				break;
			}
			OutboundHttp.Answer answer = deliver(row, query.name(), batch.events(), token, dest);
			if (answer.ok()) {
				sent++;
				cursor = batch.next();
				if (!this.store.advance(id, me, cursor.recordTimeMs(), cursor.rowId(), this.clock.millis(),
						leaseUntil())) {
					log.info("EPCIS subscription {} was taken over or deleted during a delivery", row.subscriptionId());
					return;
				}
			}
			else if (answer.status() == 413 && batchSize > 1) {
				batchSize = Math.max(1, batchSize / 2);
				if (!this.store.batchSize(id, me, batchSize)) {
					return;
				}
			}
			else {
				fail(row, me, answer.error());
				return;
			}
		}
		long now = this.clock.millis();
		this.store.release(id, me, schedule == null ? 0 : EpcisSubscriptions.scheduleNext(schedule, now));
	}

	private void fail(SubscriptionStore.Row row, String me, @Nullable String error) {
		SubscriptionStore.Row now = this.store.load(row.id());
		int failures = (now == null ? row.failures() : now.failures()) + 1;
		long wait = this.properties.backoff(failures).toMillis();
		this.store.failed(row.id(), me, failures, this.clock.millis() + wait, error == null ? "failed" : error);
		log.info("EPCIS subscription {} delivery failed ({}); failure {} in a row, next try in {} ms",
				row.subscriptionId(), error, failures, wait);
	}

	/** One signed document to the receiver, logged. */
	private OutboundHttp.Answer deliver(SubscriptionStore.Row row, String queryName,
			List<EpcisQueryService.Result> events, @Nullable String token, URI dest) {
		long at = this.clock.millis();
		byte[] body = EpcisQueryDocuments.of(queryName, row.subscriptionId(), events, this.clock.instant())
			.getBytes(StandardCharsets.UTF_8);
		Map<String, String> headers = new LinkedHashMap<>();
		if (token != null) {
			headers.put(SIGNATURE, signature(token, body));
		}
		OutboundHttp.Answer answer = this.http.post(dest, headers, body);
		this.store.log(row.id(), at, answer.durationMs(), answer.status() == 0 ? null : answer.status(), events.size(),
				answer.ok(), answer.error());
		return answer;
	}

	/**
	 * {@code sha256=} and the lowercase hex of HMAC-SHA256(UTF-8 bytes of the token,
	 * body).
	 */
	static String signature(String token, byte[] body) {
		return "sha256=" + WebhookSignature.hmacHex(token, body);
	}

}
