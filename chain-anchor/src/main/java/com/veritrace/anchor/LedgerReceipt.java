package com.veritrace.anchor;

import java.time.Instant;

/**
 * Where and when a tree head was anchored.
 *
 * @param kind the ledger kind
 * @param chainId the chain, as a CAIP-2 identifier for EVM chains ({@code eip155:31337})
 * @param txHash the transaction hash (lowercase hex with {@code 0x} for EVM)
 * @param blockNumber the block that includes the transaction
 * @param timestamp the block's timestamp
 * @param treeSize the anchored tree size
 * @param status whether the ledger accepted the anchor
 */
public record LedgerReceipt(LedgerKind kind, String chainId, String txHash, long blockNumber, Instant timestamp,
		long treeSize, Status status) {

	/** Outcome of a mined anchor transaction. */
	public enum Status {

		/** Executed; the root is recorded. */
		CONFIRMED,

		/**
		 * Mined but reverted (e.g. that tree size was already anchored); nothing
		 * recorded.
		 */
		REVERTED

	}

	public boolean confirmed() {
		return this.status == Status.CONFIRMED;
	}

}
