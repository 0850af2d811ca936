package com.veritrace.anchor.witness;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.SignedTreeHead;

/**
 * A signed tree head as the log serves it: the head parsed from its {@code signedBytes},
 * its signature and key, whether it is anchored yet, and where.
 *
 * @param signed the head (from {@code signedBytes}), signature algorithm, key and
 * signature
 * @param status {@code SEALED} or {@code ANCHORED}
 * @param ledger the ledger receipt once anchored
 */
public record ServedHead(SignedTreeHead signed, String status, @Nullable Receipt ledger) {

	public long treeSize() {
		return this.signed.head().treeSize();
	}

	public boolean anchored() {
		return "ANCHORED".equals(this.status);
	}

	/**
	 * The ledger receipt a head carries ({@code ledger} in docs/TRANSPARENCY.md).
	 *
	 * @param kind {@code EMBEDDED}, {@code EVM} or {@code JDCHAIN}
	 * @param chainId CAIP-2 chain id for EVM ({@code eip155:31337})
	 * @param txHash the anchoring transaction
	 * @param blockNumber its block
	 * @param timestamp the block's time
	 * @param contractAddress the Anchor contract (EVM)
	 */
	public record Receipt(@Nullable String kind, @Nullable String chainId, @Nullable String txHash,
			@Nullable Long blockNumber, @Nullable Instant timestamp, @Nullable String contractAddress) {
	}

}
