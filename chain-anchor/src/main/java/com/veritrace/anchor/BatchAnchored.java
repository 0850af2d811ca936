package com.veritrace.anchor;

/**
 * A batch of events was anchored: leaves {@code [firstLeaf, head.treeSize())} are covered
 * for the first time by the signed head now recorded on the ledger (if the receipt is
 * confirmed).
 */
public record BatchAnchored(SignedTreeHead signedHead, LedgerReceipt receipt, long firstLeaf) {

	public long treeSize() {
		return this.signedHead.head().treeSize();
	}

	public long leafCount() {
		return treeSize() - this.firstLeaf;
	}

}
