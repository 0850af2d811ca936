package com.veritrace.anchor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Batching: appends event hashes to a {@link MerkleLog} and, per {@link BatchPolicy},
 * signs the current tree head and anchors it on a {@link Ledger}. Plain Java; the
 * application calls {@link #append(String)} when it stores an event and
 * {@link #anchorIfDue()} from a scheduler (one anchoring leader). Thread-safe: appends
 * run concurrently with anchoring; anchoring is serialised.
 *
 * <p>
 * A reverted anchor (e.g. the size was anchored by someone else) does not advance the
 * anchored size; the returned {@link BatchAnchored} carries the reverted receipt.
 */
public final class BatchAnchorer {

	private final MerkleLog log;

	private final TreeHeadSigner signer;

	private final Ledger ledger;

	private final Clock clock;

	private final BatchPolicy policy;

	private final Object anchoring = new Object();

	private long anchoredSize;

	private @Nullable Instant oldestPending;

	private @Nullable BatchAnchored latest;

	/**
	 * @param anchoredSize tree size already anchored (0 for a new log; after a restart
	 * the size of the last confirmed anchor)
	 */
	public BatchAnchorer(MerkleLog log, TreeHeadSigner signer, Ledger ledger, Clock clock, BatchPolicy policy,
			long anchoredSize) {
		if (anchoredSize < 0 || anchoredSize > log.size()) {
			throw new IllegalArgumentException("anchored size " + anchoredSize + " outside log of size " + log.size());
		}
		this.log = log;
		this.signer = signer;
		this.ledger = ledger;
		this.clock = clock;
		this.policy = policy;
		this.anchoredSize = anchoredSize;
		this.oldestPending = (anchoredSize < log.size()) ? clock.instant() : null;
	}

	public MerkleLog log() {
		return this.log;
	}

	/** Appends an event by its CBV 2.0 hash ID; returns its leaf index. */
	public long append(String eventHashId) {
		return appendAll(List.of(eventHashId));
	}

	/** Appends events in order; returns the leaf index of the first. */
	public long appendAll(List<String> eventHashIds) {
		List<byte[]> entries = new ArrayList<>(eventHashIds.size());
		for (String id : eventHashIds) {
			entries.add(EventHashIds.leafOf(id));
		}
		long first = this.log.appendAll(entries);
		synchronized (this) {
			if (this.oldestPending == null) {
				this.oldestPending = this.clock.instant();
			}
		}
		return first;
	}

	/** Number of leaves not yet covered by a confirmed anchor. */
	public synchronized long pending() {
		return this.log.size() - this.anchoredSize;
	}

	/** The size covered by the last confirmed anchor. */
	public synchronized long anchoredSize() {
		return this.anchoredSize;
	}

	/** Whether the policy asks for an anchor now. */
	public synchronized boolean due() {
		long pending = this.log.size() - this.anchoredSize;
		if (pending == 0) {
			return false;
		}
		return pending >= this.policy.maxLeaves() || (this.oldestPending != null
				&& !this.clock.instant().isBefore(this.oldestPending.plus(this.policy.maxDelay())));
	}

	/** Anchors if {@link #due()}. */
	public Optional<BatchAnchored> anchorIfDue() {
		synchronized (this.anchoring) {
			return due() ? anchorNow() : Optional.empty();
		}
	}

	/**
	 * Anchors the current tree head unless nothing new was appended since the last
	 * anchor.
	 */
	public Optional<BatchAnchored> anchorNow() {
		synchronized (this.anchoring) {
			long from;
			synchronized (this) {
				from = this.anchoredSize;
			}
			TreeHead head = this.log.treeHead(this.clock);
			if (head.treeSize() == from) {
				return Optional.empty();
			}
			SignedTreeHead signed = this.signer.sign(head);
			LedgerReceipt receipt = this.ledger.anchor(signed);
			BatchAnchored batch = new BatchAnchored(signed, receipt, from);
			synchronized (this) {
				this.latest = batch;
				if (receipt.confirmed()) {
					this.anchoredSize = head.treeSize();
					this.oldestPending = (this.log.size() > head.treeSize()) ? this.clock.instant() : null;
				}
			}
			return Optional.of(batch);
		}
	}

	/** The last anchoring attempt, if any. */
	public synchronized Optional<BatchAnchored> latest() {
		return Optional.ofNullable(this.latest);
	}

	/**
	 * The proof document for an event at {@code leafIndex} against an anchored head (for
	 * the scan page and {@link ProofVerifierCli}).
	 */
	public String proofDocument(String eventHashId, long leafIndex, TreeHead anchoredHead) {
		if (!java.util.Arrays.equals(this.log.leafHash(leafIndex),
				this.log.hasher().hashLeaf(EventHashIds.leafOf(eventHashId)))) {
			throw new LogRangeException("leaf " + leafIndex + " is not event " + eventHashId);
		}
		return ProofDocuments.toJson(eventHashId, this.log.inclusionProof(leafIndex, anchoredHead.treeSize()),
				anchoredHead.rootHash());
	}

}
