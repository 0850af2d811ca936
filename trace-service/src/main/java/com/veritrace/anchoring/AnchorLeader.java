package com.veritrace.anchoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LedgerException;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.LogRangeException;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.ProofVerificationException;
import com.veritrace.anchor.ProofVerifier;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.shared.IdleBackoff;
import com.veritrace.shared.NodeRoles;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The anchor leader: one process at a time (a lease in {@code anchor_state}) appends
 * stored event rows to the Merkle log, seals batches (signed tree heads written to
 * {@code anchor_tree_head} before anything is sent) and anchors sealed heads on the
 * ledger until each is confirmed.
 *
 * <p>
 * <b>Rows that commit late.</b> Auto-increment IDs are taken at insert and become visible
 * at commit, so a row can appear below IDs already in the log. Each poll therefore looks
 * for rows without a leaf ({@code LEFT JOIN anchor_leaf}) above a floor: the highest row
 * ID that was in the log {@code poll.lookback} ago. A row is missed only if its
 * transaction stayed open longer than the lookback; the whole table is swept as well at
 * leader start and every {@code poll.full-sweep}, and the integrity job reports any row
 * left unanchored.
 *
 * <p>
 * <b>Crash safety.</b> A sealed head is in the database before the ledger sees it; a head
 * still SEALED after a restart is sent again as it is. A ledger refuses a second root for
 * a size, so a head that was anchored before the crash comes back REVERTED; the leader
 * then reads the ledger's record and, if it holds this root, takes the original receipt.
 * Nothing is anchored twice.
 *
 * <p>
 * <b>Ledger outages.</b> A ledger that cannot be reached ({@code LedgerException}) leaves
 * the head SEALED with {@code last_error}, counts
 * {@code veritrace.anchor.ledger.failures}, logs a warning and is retried with a growing
 * delay. Meanwhile new rows are still appended but not sealed, so that after the outage
 * one head covers them all.
 */
@Component
public class AnchorLeader implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AnchorLeader.class);

	private final AnchorProperties properties;

	private final JdbcTemplate jdbc;

	private final JdbcNodeStore store;

	private final LogHasher hasher;

	private final TreeHeadSigner signer;

	private final Ledger ledger;

	private final EventRowMac rowMac;

	private final Clock clock;

	/**
	 * This process in {@code anchor_state.leader}: the node's name (at most 60
	 * characters) and a random id, so that an operator sees which node leads and a
	 * restarted node under the same name is still another process.
	 */
	private final String nodeId;

	private final Counter appended;

	private final Counter refused;

	private final Counter anchored;

	private final Counter ledgerFailures;

	private final Counter inconsistent;

	/**
	 * The last signed size a refusal was logged for (logged once per size, counted each
	 * time).
	 */
	private long refusedAfter = -1;

	private final Timer anchorLatency;

	private final AtomicLong pendingLeaves = new AtomicLong();

	/**
	 * The shared scheduler ({@code TaskConfiguration}) and this leader's rounds on it
	 * while it runs.
	 */
	private final TaskScheduler scheduler;

	/** Whether this node may be the leader: the anchor role and {@code leader}. */
	private final boolean candidate;

	private volatile @Nullable ScheduledFuture<?> rounds;

	private volatile boolean active;

	/** An early round asked for by {@link #wake()} and not run yet: wakes coalesce. */
	private final AtomicBoolean wakePending = new AtomicBoolean();

	/**
	 * When the last round started (ms), to keep early rounds {@link #WAKE_SPACING_MS}
	 * apart.
	 */
	private volatile long lastTickMs;

	/**
	 * Rounds that find nothing to do come further apart, up to {@code poll.idle-interval}
	 * (issue 19, idle cost); {@link #wake()} and found work bring the poll interval back.
	 */
	private final IdleBackoff idle;

	// leader state, touched only by tick() (synchronized)
	private @Nullable MerkleLog merkleLog;

	private long sealedSize;

	private @Nullable Instant oldestUnsealed;

	private long maxRowId;

	private long legacyMaxRowId;

	private Instant nextFullSweep = Instant.EPOCH;

	private final Deque<long[]> floorSamples = new ArrayDeque<>();

	private final Set<Long> reportedRefusals = new HashSet<>();

	private boolean ledgerFailing;

	AnchorLeader(AnchorProperties properties, JdbcTemplate jdbc, JdbcNodeStore store, LogHasher hasher,
			TreeHeadSigner signer, Ledger ledger, EventRowMac rowMac, Clock clock, MeterRegistry meters,
			TaskScheduler scheduler, NodeRoles roles) {
		this.scheduler = scheduler;
		this.idle = new IdleBackoff(properties.poll().interval(), properties.poll().idleInterval(), clock::millis);
		this.candidate = properties.leader() && roles.has(NodeRoles.Role.ANCHOR);
		String name = roles.nodeName();
		this.nodeId = name.substring(0, Math.min(name.length(), 60)) + "/" + UUID.randomUUID();
		this.properties = properties;
		this.jdbc = jdbc;
		this.store = store;
		this.hasher = hasher;
		this.signer = signer;
		this.ledger = ledger;
		this.rowMac = rowMac;
		this.clock = clock;
		this.appended = meters.counter("veritrace.anchor.leaves.appended");
		this.refused = meters.counter("veritrace.anchor.rows.refused");
		this.anchored = meters.counter("veritrace.anchor.batches.anchored");
		this.ledgerFailures = meters.counter("veritrace.anchor.ledger.failures");
		this.inconsistent = meters.counter("veritrace.anchor.heads.inconsistent");
		this.anchorLatency = Timer.builder("veritrace.anchor.latency")
			.description("from a batch's first leaf appended to its anchor confirmed")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		meters.gauge("veritrace.anchor.leaves.pending", this.pendingLeaves);
	}

	@Override
	public void start() {
		if (!this.properties.enabled() || !this.candidate) {
			log.info("Anchoring: this process is not an anchor leader ({})",
					this.properties.leader() ? "no anchor role in veritrace.roles" : "veritrace.anchor.leader=false");
			return;
		}
		Duration delay = Duration.ofMillis(Math.max(10, this.properties.poll().interval().toMillis()));
		this.active = true;
		this.rounds = this.scheduler.scheduleWithFixedDelay(this::scheduledTick,
				this.scheduler.getClock().instant().plus(delay), delay);
	}

	/** A round of the schedule; none starts once {@link #stop()} has begun. */
	private synchronized void scheduledTick() {
		if (this.active && this.idle.due()) {
			this.idle.worked(tick());
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> scheduled = this.rounds;
		if (scheduled != null) {
			this.active = false;
			scheduled.cancel(false);
			synchronized (this) {
				// a round in progress holds this lock: the lease is released after it,
				// and no round follows
				this.rounds = null;
			}
			this.jdbc.update("UPDATE anchor_state SET lease_until_ms = 0 WHERE id = 1 AND leader = ?", this.nodeId);
		}
	}

	@Override
	public boolean isRunning() {
		return this.rounds != null;
	}

	/**
	 * Early rounds run at most this often (the poll interval stays the upper bound on the
	 * wait).
	 */
	static final long WAKE_SPACING_MS = 50;

	/**
	 * New event rows were committed ({@code EventsRecorded}): run a round soon instead of
	 * at the next poll, at most one pending and {@link #WAKE_SPACING_MS} after the last
	 * round. Does nothing in a process that is not an anchor leader; a process that is
	 * one but lacks the lease finds so in the round.
	 */
	public void wake() {
		if (!this.active || !this.wakePending.compareAndSet(false, true)) {
			return;
		}
		long delay = Math.max(0, this.lastTickMs + WAKE_SPACING_MS - System.currentTimeMillis());
		this.idle.wake();
		try {
			this.scheduler.schedule(() -> {
				this.wakePending.set(false);
				scheduledTick();
			}, this.scheduler.getClock().instant().plusMillis(delay));
		}
		catch (RejectedExecutionException stopping) {
			this.wakePending.set(false);
		}
	}

	/**
	 * One round: keep the lease, append new rows, seal if due, anchor what is sealed.
	 * Whether there was or still is work: leaves appended or waiting to be sealed, heads
	 * waiting for the ledger, a failed round, or the lease held by another node (false:
	 * an idle round of the leader, the next may wait longer).
	 */
	public synchronized boolean tick() {
		this.lastTickMs = System.currentTimeMillis();
		try {
			if (!holdLease()) {
				if (this.merkleLog != null) {
					log.info("Anchoring: lost the leader lease");
					this.merkleLog = null;
				}
				// a standby candidate keeps trying at the poll interval: failover within
				// the lease plus a poll, as before
				return true;
			}
			if (this.merkleLog == null) {
				open();
			}
			long before = this.merkleLog.size();
			appendNewRows();
			sealIfDue();
			boolean waiting = anchorSealed();
			return waiting || this.merkleLog.size() != before || this.merkleLog.size() > this.sealedSize;
		}
		catch (RuntimeException ex) {
			log.warn("Anchoring round failed; the log is reopened from the database next round: {}", ex.toString());
			this.merkleLog = null;
			return true;
		}
	}

	/** Whether this process holds the leader lease now (renewing it). */
	boolean holdLease() {
		long now = this.clock.millis();
		return this.jdbc.update(
				"UPDATE anchor_state SET leader = ?, lease_until_ms = ? WHERE id = 1 AND "
						+ "(leader = ? OR leader IS NULL OR lease_until_ms < ?)",
				this.nodeId, now + this.properties.lease().duration().toMillis(), this.nodeId, now) == 1;
	}

	private void open() {
		MerkleLog opened = new MerkleLog(this.hasher, this.store);
		Long sealed = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
		this.sealedSize = (sealed == null) ? 0 : sealed;
		this.legacyMaxRowId = this.jdbc.queryForObject("SELECT legacy_max_row_id FROM anchor_state WHERE id = 1",
				Long.class);
		this.oldestUnsealed = (opened.size() > this.sealedSize) ? this.clock.instant() : null;
		// the floor a previous leader would use now: the newest row in the log lookback
		// ago
		long lookbackStart = this.clock.millis() - this.properties.poll().lookback().toMillis();
		List<Long> olderLeaf = this.jdbc.query(
				"SELECT leaf_index FROM anchor_leaf WHERE appended_ms <= ? ORDER BY leaf_index DESC LIMIT 1",
				(rs, n) -> rs.getLong(1), lookbackStart);
		long floor = 0;
		if (!olderLeaf.isEmpty()) {
			Long max = this.jdbc.queryForObject(
					"SELECT MAX(event_row_id) FROM anchor_leaf WHERE leaf_index <= ? AND leaf_index > ?", Long.class,
					olderLeaf.get(0), olderLeaf.get(0) - 10_000);
			floor = (max == null) ? 0 : max;
		}
		this.floorSamples.clear();
		this.floorSamples.add(new long[] { lookbackStart, floor });
		Long newest = this.jdbc.queryForObject("SELECT MAX(event_row_id) FROM anchor_leaf", Long.class);
		this.maxRowId = Math.max(floor, (newest == null) ? 0 : newest);
		this.nextFullSweep = Instant.EPOCH; // sweep the whole table first
		this.ledgerFailing = false;
		this.merkleLog = opened;
		log.info("Anchoring: this process ({}) is the anchor leader; log of {} leaves, {} sealed, ledger {}",
				this.nodeId, opened.size(), this.sealedSize, this.ledger.kind());
	}

	private long floor(long now) {
		long cutoff = now - this.properties.poll().lookback().toMillis();
		long floor = this.floorSamples.peekFirst()[1];
		while (this.floorSamples.size() > 1) {
			long[] second = this.floorSamples.stream().skip(1).findFirst().orElseThrow();
			if (second[0] > cutoff) {
				break;
			}
			this.floorSamples.pollFirst();
			floor = second[1];
		}
		return floor;
	}

	private void appendNewRows() {
		MerkleLog merkle = this.merkleLog;
		Instant now = this.clock.instant();
		boolean full = !now.isBefore(this.nextFullSweep);
		long cursor = full ? 0 : floor(now.toEpochMilli());
		int pageSize = this.properties.poll().pageSize();
		while (true) {
			List<Row> rows = this.jdbc.query("SELECT e.id, e.event_hash, e.hash_algorithm, e.reporter_id, "
					+ "e.record_time_ms, e.row_mac FROM trace_event e LEFT JOIN anchor_leaf l ON l.event_row_id = e.id "
					+ "WHERE e.id > ? AND l.event_row_id IS NULL ORDER BY e.id LIMIT ?",
					(rs, n) -> new Row(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
							rs.getBytes(6)),
					cursor, pageSize);
			if (rows.isEmpty()) {
				break;
			}
			List<Long> ids = new ArrayList<>(rows.size());
			List<byte[]> entries = new ArrayList<>(rows.size());
			for (Row row : rows) {
				if (genuine(row)) {
					ids.add(row.id());
					entries.add(row.eventHash());
				}
				else if (this.reportedRefusals.add(row.id())) {
					this.refused.increment();
					log.warn("Event row {} has no valid row MAC: not anchored (written behind the service's back?)",
							row.id());
				}
			}
			if (!entries.isEmpty()) {
				this.store.stage(ids, merkle.size());
				merkle.appendAll(entries);
				this.appended.increment(entries.size());
				this.maxRowId = Math.max(this.maxRowId, ids.get(ids.size() - 1));
				if (this.oldestUnsealed == null) {
					this.oldestUnsealed = this.clock.instant();
				}
			}
			cursor = rows.get(rows.size() - 1).id();
			if (rows.size() < pageSize) {
				break;
			}
		}
		if (full) {
			this.nextFullSweep = now.plus(this.properties.poll().fullSweep());
		}
		this.floorSamples.add(new long[] { now.toEpochMilli(), this.maxRowId });
		this.pendingLeaves.set(merkle.size() - this.sealedSize);
	}

	boolean genuine(Row row) {
		return this.rowMac.genuine(row.id(), row.mac(), row.eventHash(), row.hashAlgorithm(), row.reporterId(),
				row.recordTimeMs(), this.legacyMaxRowId);
	}

	private void sealIfDue() {
		MerkleLog merkle = this.merkleLog;
		long pending = merkle.size() - this.sealedSize;
		if (pending <= 0) {
			this.oldestUnsealed = null;
			return;
		}
		if (this.ledgerFailing) {
			// keep new leaves unsealed while the ledger fails: once it is back, the
			// waiting head is
			// anchored and one new head covers everything appended meanwhile (one
			// transaction, not
			// one per max-delay of outage)
			return;
		}
		Instant oldest = (this.oldestUnsealed != null) ? this.oldestUnsealed : this.clock.instant();
		boolean due = pending >= this.properties.batch().maxLeaves()
				|| !this.clock.instant().isBefore(oldest.plus(this.properties.batch().maxDelay()));
		if (!due) {
			return;
		}
		TreeHead head = merkle.treeHead(this.clock);
		if (!extendsLastSigned(merkle, head)) {
			return;
		}
		SignedTreeHead signed = this.signer.sign(head);
		this.jdbc.update("INSERT INTO anchor_tree_head (tree_size, root_hash, hash_algorithm, head_time_ms, "
				+ "signature_algorithm, public_key, signature, status, sealed_ms) VALUES (?,?,?,?,?,?,?,'SEALED',?)",
				head.treeSize(), head.rootHash(), head.algorithm().standardName(), head.timestamp().toEpochMilli(),
				signed.signatureAlgorithm().name(), signed.publicKey(), signed.signature(), this.clock.millis());
		log.info("Anchoring: sealed tree head {} ({} new leaves)", head.treeSize(), pending);
		this.sealedSize = head.treeSize();
		this.oldestUnsealed = null;
		this.pendingLeaves.set(0);
	}

	/**
	 * Whether the new head extends the last one signed (issue 16 item 2): an RFC 9162
	 * consistency proof from its size, computed from the log's nodes and verified against
	 * its signed root. A log changed behind the leader's back (its nodes, or the signed
	 * head's row) is never signed over: refused, logged and counted
	 * ({@code veritrace.anchor.heads.inconsistent}) at every tick until it is mended; the
	 * integrity report says what changed.
	 */
	private boolean extendsLastSigned(MerkleLog merkle, TreeHead head) {
		List<TreeHeadRow> last = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head ORDER BY tree_size DESC LIMIT 1",
				TreeHeadRow.ROW);
		if (last.isEmpty()) {
			return true;
		}
		TreeHeadRow previous = last.get(0);
		String problem;
		try {
			if (previous.treeSize() > head.treeSize()) {
				problem = "the log has " + head.treeSize() + " leaves, fewer than the last signed head's "
						+ previous.treeSize();
			}
			else {
				List<byte[]> path = previous.treeSize() == head.treeSize() ? List.of()
						: merkle.consistencyProof(previous.treeSize(), head.treeSize()).path();
				ProofVerifier.verifyConsistency(merkle.hasher(), previous.treeSize(), head.treeSize(), path,
						previous.rootHash(), head.rootHash());
				return true;
			}
		}
		catch (ProofVerificationException | LogRangeException ex) {
			problem = ex.getMessage();
		}
		this.inconsistent.increment();
		if (this.refusedAfter != previous.treeSize()) {
			this.refusedAfter = previous.treeSize();
			log.error(
					"Anchoring: refused to sign tree head {}: it does not extend the last signed head {} ({}). "
							+ "The log or its signed heads were changed behind the service; see the integrity report",
					head.treeSize(), previous.treeSize(), problem);
		}
		return false;
	}

	/** Anchors sealed heads; whether any was waiting. */
	private boolean anchorSealed() {
		List<TreeHeadRow> sealed = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS
						+ " FROM anchor_tree_head WHERE status = 'SEALED' ORDER BY tree_size LIMIT 100",
				TreeHeadRow.ROW);
		if (sealed.isEmpty()) {
			this.ledgerFailing = false;
			return false;
		}
		for (TreeHeadRow row : sealed) {
			long now = this.clock.millis();
			if (now < row.nextAttemptMs()) {
				return true;
			}
			SignedTreeHead signed = row.toSigned();
			try {
				// counted before anything reaches the ledger, so that every try counts
				// (and backs off)
				this.jdbc.update("UPDATE anchor_tree_head SET attempts = attempts + 1 WHERE tree_size = ?",
						row.treeSize());
				// an earlier attempt may have reached the ledger before a crash: look
				// before sending again
				Optional<LedgerReceipt> earlier = (row.attempts() > 0) ? recovered(signed) : Optional.empty();
				LedgerReceipt receipt = earlier.isPresent() ? earlier.get() : this.ledger.anchor(signed);
				this.ledgerFailing = false; // it answered
				if (!receipt.confirmed()) {
					Optional<LedgerReceipt> original = recovered(signed);
					if (original.isEmpty()) {
						boolean same = this.ledger.lookup(row.treeSize())
							.filter((r) -> r.matches(signed.head()))
							.isPresent();
						String error = same
								? "the ledger holds exactly this root but cannot name the transaction that wrote it ("
										+ this.ledger.kind() + "; refused resend " + receipt.txHash()
										+ "): find it on the ledger and record its receipt by hand"
								: "the ledger holds another root for this size (" + receipt.txHash() + ")";
						this.jdbc.update("UPDATE anchor_tree_head SET status = 'CONFLICT', last_error = ? "
								+ "WHERE tree_size = ?", error, row.treeSize());
						log.error("Anchoring: the ledger refused tree head {}: {}", row.treeSize(), error);
						continue;
					}
					receipt = original.get();
				}
				markAnchored(row, receipt);
			}
			catch (LedgerException ex) {
				this.ledgerFailing = true;
				this.ledgerFailures.increment();
				String message = (ex.getMessage() == null) ? ex.toString() : ex.getMessage();
				long delay = this.properties.batch().retryDelay().toMillis() * Math.min(row.attempts() + 1, 30);
				this.jdbc.update("UPDATE anchor_tree_head SET last_error = ?, next_attempt_ms = ? WHERE tree_size = ?",
						(message.length() > 500) ? message.substring(0, 500) : message, now + delay, row.treeSize());
				log.warn("Anchoring: the ledger failed for tree head {} (attempt {}); retrying in {} ms: {}",
						row.treeSize(), row.attempts() + 1, delay, message);
				return true;
			}
		}
		return true;
	}

	/**
	 * The ledger's receipt for this head if the ledger already holds exactly its root.
	 */
	private Optional<LedgerReceipt> recovered(SignedTreeHead signed) {
		TreeHead head = signed.head();
		return this.ledger.lookup(head.treeSize())
			.filter((root) -> root.matches(head))
			.flatMap((root) -> this.ledger.receiptFor(head.treeSize()));
	}

	private void markAnchored(TreeHeadRow row, LedgerReceipt receipt) {
		long now = this.clock.millis();
		this.jdbc.update("UPDATE anchor_tree_head SET status = 'ANCHORED', last_error = NULL, ledger_kind = ?, "
				+ "chain_id = ?, tx_hash = ?, block_number = ?, block_time_ms = ?, anchored_ms = ? WHERE tree_size = ?",
				receipt.kind().name(), receipt.chainId(), receipt.txHash(), receipt.blockNumber(),
				receipt.timestamp().toEpochMilli(), now, row.treeSize());
		this.anchored.increment();
		this.anchorLatency.record(java.time.Duration.ofMillis(Math.max(0, now - row.headTimeMs())));
		log.info("Anchoring: tree head {} anchored on {} in block {} ({})", row.treeSize(), receipt.chainId(),
				receipt.blockNumber(), receipt.txHash());
	}

	record Row(long id, byte[] eventHash, String hashAlgorithm, long reporterId, long recordTimeMs,
			byte @Nullable [] mac) {
	}

}
