package com.veritrace.anchor;

import java.util.Optional;

/**
 * Port to a ledger that makes signed tree heads tamper-evident: once a root is anchored
 * for a tree size, the operator can no longer change it unnoticed. Adapters:
 * {@link EvmLedger} (any EVM chain via web3j), {@link JdChainLedger} (JD Chain SDK),
 * {@link EmbeddedLedger} (in memory); trace-service adds a database block log.
 *
 * <p>
 * A transaction the ledger mined but rejected (e.g. a second anchor of the same size) is
 * a receipt with {@link LedgerReceipt.Status#REVERTED}, not an exception; exceptions
 * ({@link LedgerException}) mean the ledger could not be reached or did not answer in
 * time.
 */
public interface Ledger {

	LedgerKind kind();

	/** Writes the signed tree head's root for its tree size and waits for the receipt. */
	LedgerReceipt anchor(SignedTreeHead signed);

	/** What the ledger holds for {@code treeSize}, if anything was anchored. */
	Optional<AnchoredRoot> lookup(long treeSize);

	/**
	 * The receipt of the transaction that anchored {@code treeSize}, if the ledger can
	 * find it (used after a crash between sending an anchor and recording its receipt:
	 * the resent anchor is refused, and this finds the original). Empty when nothing was
	 * anchored for that size or the adapter cannot search its ledger.
	 */
	default Optional<LedgerReceipt> receiptFor(long treeSize) {
		return Optional.empty();
	}

	/**
	 * The largest tree size the ledger holds an anchor for, if the adapter can tell (an
	 * integrity check compares it with the operator's database: heads deleted there are
	 * still on the ledger). Empty when nothing is anchored or the adapter cannot say.
	 */
	default java.util.OptionalLong latestTreeSize() {
		return java.util.OptionalLong.empty();
	}

	/**
	 * Where on the ledger the roots are written, for verifiers who read them there
	 * themselves: the EVM contract's address, the JD Chain data account; empty for the
	 * embedded ledger.
	 */
	default Optional<String> rootsAddress() {
		return Optional.empty();
	}

	/**
	 * Checks a receipt against the ledger: the transaction exists in the stated block,
	 * succeeded, and the ledger holds exactly {@code head}'s root and algorithm for
	 * {@code head}'s size.
	 * @throws LedgerVerificationException with the first discrepancy found
	 */
	void verify(LedgerReceipt receipt, TreeHead head);

}
