package com.veritrace.anchoring;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.anchor.AnchoredRoot;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LedgerException;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.TreeHeadSignatureException;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.ingest.EpcisDocument;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.HashAlgorithm;
import com.veritrace.shared.NodeRoles;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

/**
 * Tamper detection: re-hashes every stored event from its JSON (CBV 2.0, as at capture)
 * and compares it with its {@code event_hash}, checks each row's MAC, checks every leaf
 * against its row, then re-derives the log's root at every anchored size and compares it
 * with the signed tree head (and its signature) and, for the newest, with the ledger's
 * record. A row changed, deleted or inserted behind the service's back shows up as a
 * finding: a Micrometer gauge ({@code veritrace.integrity.findings{kind}}), a WARN log
 * line and the admin endpoint. Runs on a schedule ({@code veritrace.anchor.integrity.*})
 * on the anchor leader process and on demand.
 */
@Service
public class IntegrityService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IntegrityService.class);

	private static final int PAGE = 1000;

	/** What a finding is about. */
	public enum Kind {

		/**
		 * A stored event no longer hashes to its event hash, or its row no longer matches
		 * its leaf or MAC.
		 */
		CHANGED,

		/** A leaf of the log points to an event row that is gone. */
		DELETED,

		/**
		 * An event row without a valid row MAC: written behind the service's back (never
		 * anchored).
		 */
		INSERTED,

		/**
		 * A genuine event row older than {@code unanchored-after} that is still not in
		 * the log.
		 */
		UNANCHORED,

		/** Leaf indexes are not contiguous. */
		LOG_GAP,

		/** The root re-derived from the leaves differs from a signed tree head. */
		ROOT_MISMATCH,

		/** A tree head's signature does not verify under the service key. */
		BAD_SIGNATURE,

		/**
		 * The ledger's record differs from the anchored tree head, or the embedded block
		 * log is broken.
		 */
		LEDGER_MISMATCH

	}

	/** One problem found. */
	public record Finding(Kind kind, @Nullable Long eventRowId, @Nullable Long leafIndex, @Nullable String eventHash,
			String detail) {
	}

	/** The outcome of one run. */
	public record Report(Instant startedAt, Instant finishedAt, long eventsChecked, long leavesChecked,
			long treeHeadsChecked, Map<Kind, Long> counts, List<Finding> findings, boolean truncated) {

		public boolean clean() {
			return this.counts.values().stream().allMatch((n) -> n == 0);
		}

	}

	private final JdbcTemplate jdbc;

	private final EpcisDocumentParser parser;

	private final EventRowMac rowMac;

	private final LogHasher logHasher;

	private final AnchorKeys.Keyring keyring;

	private final Ledger ledger;

	private final AnchorProperties properties;

	private final Clock clock;

	private final Map<Kind, AtomicLong> gauges = new EnumMap<>(Kind.class);

	/**
	 * Every anchored head up to this size matched the ledger in an earlier run, and
	 * {@link #headsDigest} of them was this.
	 */
	private volatile long ledgerVerifiedThrough;

	private volatile byte[] ledgerVerifiedDigest = new byte[0];

	private final Counter runs;

	private volatile @Nullable Report last;

	/**
	 * The shared scheduler ({@code TaskConfiguration}) and the scheduled checks on it
	 * while they run.
	 */
	private final TaskScheduler scheduler;

	private volatile @Nullable ScheduledFuture<?> checks;

	private final IntegrityAlerts alerts;

	private final NodeRoles roles;

	IntegrityService(JdbcTemplate jdbc, EpcisDocumentParser parser, EventRowMac rowMac, LogHasher anchorLogHasher,
			AnchorKeys.Keyring logKeyring, Ledger ledger, AnchorProperties properties, Clock clock,
			MeterRegistry meters, TaskScheduler scheduler, IntegrityAlerts alerts, NodeRoles roles) {
		this.scheduler = scheduler;
		this.roles = roles;
		this.alerts = alerts;
		this.jdbc = jdbc;
		this.parser = parser;
		this.rowMac = rowMac;
		this.logHasher = anchorLogHasher;
		this.keyring = logKeyring;
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
		for (Kind kind : Kind.values()) {
			this.gauges.put(kind,
					meters.gauge("veritrace.integrity.findings", Tags.of("kind", kind.name()), new AtomicLong()));
		}
		this.runs = meters.counter("veritrace.integrity.runs");
	}

	/** The last run's report, if any. */
	public Optional<Report> last() {
		return Optional.ofNullable(this.last);
	}

	/** Runs all checks now (one run at a time). */
	public synchronized Report run() {
		Instant started = this.clock.instant();
		Findings findings = new Findings(this.properties.integrity().maxFindings());
		long events = checkEvents(findings);
		long[] leavesAndHeads = checkLog(findings);
		Report report = new Report(started, this.clock.instant(), events, leavesAndHeads[0], leavesAndHeads[1],
				findings.counts(), findings.list, findings.truncated);
		report.counts().forEach((kind, n) -> this.gauges.get(kind).set(n));
		this.runs.increment();
		this.last = report;
		if (report.clean()) {
			log.info("Integrity check: {} events, {} leaves, {} tree heads; no findings", events, leavesAndHeads[0],
					leavesAndHeads[1]);
		}
		else {
			log.warn(
					"Integrity check: TAMPERING OR LOSS DETECTED {} ({} events, {} leaves, {} tree heads checked); "
							+ "first: {}",
					nonZero(report.counts()), events, leavesAndHeads[0], leavesAndHeads[1],
					report.findings().isEmpty() ? "-" : report.findings().get(0));
			this.alerts.raise(report);
		}
		return report;
	}

	private long checkEvents(Findings findings) {
		long legacyMax = this.jdbc.queryForObject("SELECT legacy_max_row_id FROM anchor_state WHERE id = 1",
				Long.class);
		long unanchoredBefore = this.clock.millis() - this.properties.integrity().unanchoredAfter().toMillis();
		long cursor = 0;
		long checked = 0;
		while (true) {
			List<EventRow> rows = this.jdbc.query(
					"SELECT e.id, e.event_hash, e.hash_algorithm, e.reporter_id, "
							+ "e.record_time_ms, e.row_mac, e.event_json, l.leaf_index, l.leaf_hash FROM trace_event e "
							+ "LEFT JOIN anchor_leaf l ON l.event_row_id = e.id WHERE e.id > ? ORDER BY e.id LIMIT ?",
					(rs, n) -> new EventRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getLong(4),
							rs.getLong(5), rs.getBytes(6), rs.getString(7), (Long) rs.getObject(8, Long.class),
							rs.getBytes(9)),
					cursor, PAGE);
			for (EventRow row : rows) {
				checkEvent(row, legacyMax, unanchoredBefore, findings);
			}
			checked += rows.size();
			if (rows.size() < PAGE) {
				return checked;
			}
			cursor = rows.get(rows.size() - 1).id();
		}
	}

	private void checkEvent(EventRow row, long legacyMax, long unanchoredBefore, Findings findings) {
		String id = "ni:///" + row.algorithm() + ";" + HexFormat.of().formatHex(row.eventHash()) + "?ver=CBV2.0";
		boolean genuine = this.rowMac.genuine(row.id(), row.mac(), row.eventHash(), row.algorithm(), row.reporterId(),
				row.recordTimeMs(), legacyMax);
		if (!genuine) {
			findings.add(
					new Finding((row.leafIndex() == null) ? Kind.INSERTED : Kind.CHANGED, row.id(), row.leafIndex(), id,
							(row.leafIndex() == null)
									? "the row has no valid row MAC: it was not written by the service"
									: "the anchored row's MAC no longer verifies: its identity columns were changed"));
			return;
		}
		String rehashed = rehash(row);
		if (rehashed == null || !rehashed.equals(id)) {
			findings.add(new Finding(Kind.CHANGED, row.id(), row.leafIndex(), id,
					(rehashed == null) ? "the stored event JSON no longer parses as an EPCIS event"
							: "the stored event JSON now hashes to " + rehashed));
			return;
		}
		if (row.leafIndex() != null) {
			if (!MessageDigest.isEqual(row.leafHash(), this.logHasher.hashLeaf(row.eventHash()))) {
				findings.add(new Finding(Kind.CHANGED, row.id(), row.leafIndex(), id,
						"the row's event hash differs from the leaf anchored for it"));
			}
		}
		else if (row.recordTimeMs() < unanchoredBefore) {
			findings.add(new Finding(Kind.UNANCHORED, row.id(), null, id,
					"stored but not in the log after " + this.properties.integrity().unanchoredAfter()));
		}
	}

	private @Nullable String rehash(EventRow row) {
		try {
			EpcisDocument document = this.parser.parse(row.json());
			if (document.events().size() != 1) {
				return null;
			}
			return new EventHasher(HashAlgorithm.fromName(row.algorithm())).hash(document.events().get(0)).ni();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Streams the leaves in order, re-deriving the root at every anchored size. Returns
	 * {leaves, heads}.
	 */
	private long[] checkLog(Findings findings) {
		List<TreeHeadRow> heads = this.jdbc.query(
				"SELECT " + TreeHeadRow.COLUMNS + " FROM anchor_tree_head WHERE status = 'ANCHORED' ORDER BY tree_size",
				TreeHeadRow.ROW);
		CompactRange range = new CompactRange(this.logHasher);
		// every anchored head's ledger record is read once per node (the newest every
		// run):
		// a head replaced in the database after it was checked no longer matches the
		// re-derived root or its signature, and a replaced and re-signed one not the
		// ledger
		long[] ledgerVerified = { this.ledgerVerifiedThrough, 0 };
		int nextHead = 0;
		long expected = 0;
		while (true) {
			List<LeafRow> leaves = this.jdbc.query(
					"SELECT l.leaf_index, l.leaf_hash, l.event_row_id, e.id FROM "
							+ "anchor_leaf l LEFT JOIN trace_event e ON e.id = l.event_row_id WHERE l.leaf_index >= ? "
							+ "ORDER BY l.leaf_index LIMIT ?",
					(rs, n) -> new LeafRow(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getObject(4) != null),
					expected, PAGE * 5);
			for (LeafRow leaf : leaves) {
				if (leaf.index() != expected) {
					findings.add(new Finding(Kind.LOG_GAP, null, expected, null,
							"leaves " + expected + ".." + (leaf.index() - 1) + " are missing from anchor_leaf"));
					return new long[] { expected, nextHead };
				}
				if (!leaf.rowExists()) {
					findings.add(new Finding(Kind.DELETED, leaf.eventRowId(), leaf.index(), null,
							"the event row anchored as leaf " + leaf.index() + " was deleted"));
				}
				range.append(leaf.hash());
				expected++;
				while (nextHead < heads.size() && heads.get(nextHead).treeSize() == expected) {
					checkHead(heads.get(nextHead), range.root(), nextHead == heads.size() - 1, ledgerVerified,
							findings);
					nextHead++;
				}
			}
			if (leaves.size() < PAGE * 5) {
				break;
			}
		}
		for (int i = nextHead; i < heads.size(); i++) {
			findings.add(new Finding(Kind.ROOT_MISMATCH, null, null, null, "tree head " + heads.get(i).treeSize()
					+ " is anchored but the log has only " + expected + " leaves"));
		}
		// the heads that matched the ledger before must be as they were then: a digest of
		// their sizes and roots, not a ledger read each
		if (this.ledgerVerifiedThrough > 0
				&& !MessageDigest.isEqual(headsDigest(heads, this.ledgerVerifiedThrough), this.ledgerVerifiedDigest)) {
			findings.add(new Finding(Kind.LEDGER_MISMATCH, null, null, null,
					"an anchored tree head up to size " + this.ledgerVerifiedThrough
							+ " that matched the ledger before has changed in the database since (each is read "
							+ "from the ledger again at the next run)"));
			ledgerVerified[0] = 0;
		}
		this.ledgerVerifiedThrough = ledgerVerified[0];
		this.ledgerVerifiedDigest = headsDigest(heads, ledgerVerified[0]);
		checkNewestOnLedger(findings);
		if (this.ledger instanceof JdbcLedger embedded) {
			embedded.audit()
				.forEach((problem) -> findings
					.add(new Finding(Kind.LEDGER_MISMATCH, null, null, null, "embedded ledger: " + problem)));
		}
		return new long[] { expected, nextHead };
	}

	/**
	 * @param ledgerVerified the size through which every anchored head matched the
	 * ledger, and 1 once this run found one that does not (or could not read the ledger):
	 * a head past the size is looked up, and advances it while nothing was found
	 */
	private void checkHead(TreeHeadRow head, byte[] root, boolean newest, long[] ledgerVerified, Findings findings) {
		if (!MessageDigest.isEqual(root, head.rootHash())) {
			findings.add(new Finding(Kind.ROOT_MISMATCH, null, null, null,
					"the leaves re-derive root " + HexFormat.of().formatHex(root) + " for size " + head.treeSize()
							+ ", the signed head says " + HexFormat.of().formatHex(head.rootHash())));
		}
		try {
			// a head signed by a key the configuration does not trust fails as a bad
			// signature
			TreeHeadSigner.verify(head.toSigned(),
					this.keyring.trusted(head.publicKey())
						.map(SigningKeys.PublicKey::key)
						.orElseThrow(() -> new TreeHeadSignatureException("signed by a key that is not the log's")));
		}
		catch (TreeHeadSignatureException ex) {
			findings.add(new Finding(Kind.BAD_SIGNATURE, null, null, null,
					"tree head " + head.treeSize() + ": " + ex.getMessage()));
		}
		boolean unchecked = head.treeSize() > ledgerVerified[0];
		if (newest || unchecked) {
			try {
				Optional<AnchoredRoot> onLedger = this.ledger.lookup(head.treeSize());
				if (onLedger.isEmpty() || !onLedger.get().matches(head.head())) {
					findings.add(new Finding(Kind.LEDGER_MISMATCH, null, null, null,
							"the ledger holds " + onLedger.map(AnchoredRoot::toString).orElse("nothing")
									+ " for tree size " + head.treeSize()));
					ledgerVerified[1] = 1; // read again next run, with every head after
											// it
				}
				else if (unchecked && ledgerVerified[1] == 0) {
					ledgerVerified[0] = head.treeSize();
				}
			}
			catch (LedgerException ex) {
				ledgerVerified[1] = 1;
				log.warn("Integrity check: the ledger could not be read: {}", ex.getMessage());
			}
		}
	}

	/**
	 * The ledger holds no anchor larger than the database's largest signed head: a log
	 * truncated in the database (and perhaps regrown) loses heads the ledger still has,
	 * which a node that never checked them before would not otherwise notice.
	 */
	private void checkNewestOnLedger(Findings findings) {
		try {
			java.util.OptionalLong onLedger = this.ledger.latestTreeSize();
			if (onLedger.isEmpty()) {
				return;
			}
			Long newest = this.jdbc.queryForObject("SELECT MAX(tree_size) FROM anchor_tree_head", Long.class);
			if (newest == null || onLedger.getAsLong() > newest) {
				findings.add(new Finding(Kind.LEDGER_MISMATCH, null, null, null,
						"the ledger holds an anchor of tree size " + onLedger.getAsLong()
								+ ", larger than any tree head in the database ("
								+ (newest == null ? "none" : "the largest is " + newest)
								+ "): signed heads were removed from the database"));
			}
		}
		catch (LedgerException ex) {
			log.warn("Integrity check: the ledger's newest anchor could not be read: {}", ex.getMessage());
		}
	}

	/** SHA-256 over the size and root of each head up to {@code size}, in order. */
	private static byte[] headsDigest(List<TreeHeadRow> heads, long size) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		for (TreeHeadRow head : heads) {
			if (head.treeSize() > size) {
				break;
			}
			digest.update(java.nio.ByteBuffer.allocate(8).putLong(head.treeSize()).array());
			digest.update(head.rootHash());
		}
		return digest.digest();
	}

	private static Map<Kind, Long> nonZero(Map<Kind, Long> counts) {
		Map<Kind, Long> found = new EnumMap<>(Kind.class);
		counts.forEach((k, n) -> {
			if (n > 0) {
				found.put(k, n);
			}
		});
		return found;
	}

	@Override
	public void start() {
		AnchorProperties.Integrity settings = this.properties.integrity();
		if (!this.properties.enabled() || !settings.scheduled() || !this.properties.leader()
				|| !this.roles.has(NodeRoles.Role.ANCHOR)) {
			return;
		}
		this.checks = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				run();
			}
			catch (RuntimeException ex) {
				log.warn("Integrity check failed to run: {}", ex.toString());
			}
		}, this.scheduler.getClock().instant().plus(settings.initialDelay()),
				Duration.ofMillis(Math.max(1000, settings.interval().toMillis())));
	}

	@Override
	public void stop() {
		ScheduledFuture<?> scheduled = this.checks;
		if (scheduled != null) {
			scheduled.cancel(true); // a check in progress is interrupted, as before
			this.checks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.checks != null;
	}

	private record EventRow(long id, byte[] eventHash, String algorithm, long reporterId, long recordTimeMs,
			byte @Nullable [] mac, String json, @Nullable Long leafIndex, byte @Nullable [] leafHash) {
	}

	private record LeafRow(long index, byte[] hash, long eventRowId, boolean rowExists) {
	}

	/** Findings with a cap on the list (counts stay exact). */
	private static final class Findings {

		final List<Finding> list = new ArrayList<>();

		final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

		final int max;

		boolean truncated;

		Findings(int max) {
			this.max = max;
			for (Kind kind : Kind.values()) {
				this.counts.put(kind, 0L);
			}
		}

		void add(Finding finding) {
			this.counts.merge(finding.kind(), 1L, Long::sum);
			if (this.list.size() < this.max) {
				this.list.add(finding);
			}
			else {
				this.truncated = true;
			}
		}

		Map<Kind, Long> counts() {
			return new EnumMap<>(this.counts);
		}

	}

	/**
	 * The right border of a Merkle tree being rebuilt leaf by leaf (RFC 9162 compact
	 * range).
	 */
	static final class CompactRange {

		private final LogHasher hasher;

		private final List<byte[]> border = new ArrayList<>();

		private long size;

		CompactRange(LogHasher hasher) {
			this.hasher = hasher;
		}

		void append(byte[] leafHash) {
			byte[] hash = leafHash;
			long position = this.size;
			while ((position & 1) == 1) {
				hash = this.hasher.hashChildren(this.border.remove(this.border.size() - 1), hash);
				position >>>= 1;
			}
			this.border.add(hash);
			this.size++;
		}

		byte[] root() {
			if (this.border.isEmpty()) {
				return this.hasher.emptyRoot();
			}
			byte[] hash = this.border.get(this.border.size() - 1);
			for (int i = this.border.size() - 2; i >= 0; i--) {
				hash = this.hasher.hashChildren(this.border.get(i), hash);
			}
			return hash;
		}

	}

}
