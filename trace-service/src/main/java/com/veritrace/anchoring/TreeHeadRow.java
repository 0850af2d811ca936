package com.veritrace.anchoring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import org.springframework.jdbc.core.RowMapper;

/**
 * A row of {@code anchor_tree_head}: a sealed signed tree head and, once anchored, its
 * receipt.
 */
record TreeHeadRow(long treeSize, byte[] rootHash, String hashAlgorithm, long headTimeMs, String signatureAlgorithm,
		byte[] publicKey, byte[] signature, String status, long sealedMs, int attempts, long nextAttemptMs,
		@Nullable String lastError, @Nullable String ledgerKind, @Nullable String chainId, @Nullable String txHash,
		@Nullable Long blockNumber, @Nullable Long blockTimeMs, @Nullable Long anchoredMs) {

	static final String COLUMNS = "tree_size, root_hash, hash_algorithm, head_time_ms, signature_algorithm, public_key, "
			+ "signature, status, sealed_ms, attempts, next_attempt_ms, last_error, ledger_kind, chain_id, tx_hash, "
			+ "block_number, block_time_ms, anchored_ms";

	static final RowMapper<TreeHeadRow> ROW = (rs, n) -> new TreeHeadRow(rs.getLong(1), rs.getBytes(2), rs.getString(3),
			rs.getLong(4), rs.getString(5), rs.getBytes(6), rs.getBytes(7), rs.getString(8), rs.getLong(9),
			rs.getInt(10), rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
			(Long) rs.getObject(16, Long.class), (Long) rs.getObject(17, Long.class),
			(Long) rs.getObject(18, Long.class));

	TreeHead head() {
		return new TreeHead(this.treeSize, this.rootHash, HashAlgorithm.fromName(this.hashAlgorithm),
				Instant.ofEpochMilli(this.headTimeMs));
	}

	SignedTreeHead toSigned() {
		return new SignedTreeHead(head(), SignatureAlgorithm.valueOf(this.signatureAlgorithm), this.publicKey,
				this.signature);
	}

	/** The ledger receipt of an ANCHORED head. */
	LedgerReceipt receipt() {
		return new LedgerReceipt(LedgerKind.valueOf(this.ledgerKind), this.chainId, this.txHash, this.blockNumber,
				Instant.ofEpochMilli(this.blockTimeMs), this.treeSize, LedgerReceipt.Status.CONFIRMED);
	}

}
