package com.veritrace.anchor;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Single-node {@link Ledger} inside the application, in memory: an append-only chain of
 * "blocks", one per anchor, each hashing its predecessor, with write-once roots per tree
 * size. It gives the embedded run mode and tests the same semantics as {@link EvmLedger}
 * (a second anchor of a size is a {@code REVERTED} receipt) but, being in the operator's
 * own process, no independent tamper evidence. Thread-safe.
 */
public final class EmbeddedLedger implements Ledger {

	private final String chainId;

	private final Clock clock;

	private final List<Block> blocks = new ArrayList<>();

	private final Map<Long, AnchoredRoot> roots = new HashMap<>();

	private byte[] lastBlockHash = new byte[32];

	public EmbeddedLedger(String name, Clock clock) {
		this.chainId = "embedded:" + name;
		this.clock = clock;
	}

	@Override
	public LedgerKind kind() {
		return LedgerKind.EMBEDDED;
	}

	@Override
	public synchronized LedgerReceipt anchor(SignedTreeHead signed) {
		TreeHead head = signed.head();
		boolean accepted = head.treeSize() > 0 && !this.roots.containsKey(head.treeSize());
		var now = this.clock.instant();
		byte[] blockHash = HashAlgorithm.SHA_256.digest(this.lastBlockHash, head.toSignedBytes(), signed.signature(),
				new byte[] { (byte) (accepted ? 1 : 0) });
		this.lastBlockHash = blockHash;
		long number = this.blocks.size() + 1;
		String txHash = "0x" + HexFormat.of().formatHex(blockHash);
		this.blocks.add(new Block(number, txHash, head.treeSize(), accepted));
		if (accepted) {
			this.roots.put(head.treeSize(),
					new AnchoredRoot(head.treeSize(), head.rootHash(), head.algorithm(), head.timestamp(), now));
		}
		return new LedgerReceipt(LedgerKind.EMBEDDED, this.chainId, txHash, number, now, head.treeSize(),
				accepted ? LedgerReceipt.Status.CONFIRMED : LedgerReceipt.Status.REVERTED);
	}

	@Override
	public synchronized Optional<AnchoredRoot> lookup(long treeSize) {
		return Optional.ofNullable(this.roots.get(treeSize));
	}

	@Override
	public synchronized Optional<LedgerReceipt> receiptFor(long treeSize) {
		AnchoredRoot root = this.roots.get(treeSize);
		if (root == null) {
			return Optional.empty();
		}
		return this.blocks.stream()
			.filter((b) -> b.accepted && b.treeSize == treeSize)
			.findFirst()
			.map((b) -> new LedgerReceipt(LedgerKind.EMBEDDED, this.chainId, b.txHash, b.number, root.anchoredAt(),
					treeSize, LedgerReceipt.Status.CONFIRMED));
	}

	@Override
	public synchronized void verify(LedgerReceipt receipt, TreeHead head) {
		if (receipt.kind() != LedgerKind.EMBEDDED || !receipt.chainId().equals(this.chainId)) {
			throw new LedgerVerificationException(
					"receipt is for " + receipt.chainId() + ", this ledger is " + this.chainId);
		}
		if (receipt.blockNumber() < 1 || receipt.blockNumber() > this.blocks.size()) {
			throw new LedgerVerificationException("no block " + receipt.blockNumber());
		}
		Block block = this.blocks.get((int) receipt.blockNumber() - 1);
		if (!MessageDigest.isEqual(block.txHash.getBytes(), receipt.txHash().getBytes())
				|| block.treeSize != head.treeSize() || receipt.treeSize() != head.treeSize()) {
			throw new LedgerVerificationException("block " + receipt.blockNumber() + " does not hold this anchor");
		}
		if (!block.accepted) {
			throw new LedgerVerificationException("transaction " + receipt.txHash() + " reverted");
		}
		AnchoredRoot anchored = this.roots.get(head.treeSize());
		if (anchored == null || !anchored.matches(head)) {
			throw new LedgerVerificationException("ledger holds " + anchored + ", not " + head);
		}
	}

	private record Block(long number, String txHash, long treeSize, boolean accepted) {
	}

}
