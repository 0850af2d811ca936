package com.veritrace.anchoring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import com.veritrace.anchor.AnchoredRoot;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.LedgerVerificationException;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.TreeHead;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code embedded} ledger: an append-only block log in the database
 * ({@code anchor_ledger_block}), one block per anchor attempt. Each block hashes its
 * predecessor
 * ({@code SHA-256("veritrace-block-v1" || prev || u64 number || u64 millis || u64 size || accepted ||
 * signed head || head signature)}) and is signed with the ledger's own Ed25519 key; a
 * root is write-once per tree size (unique key), a second anchor of a size is a
 * {@code REVERTED} block. It survives restarts and detects rewriting by anyone without
 * the ledger key, but it lives in the operator's database: it is not independent evidence
 * (use {@code evm} or {@code jdchain} for that).
 */
final class JdbcLedger implements Ledger {

	private static final byte[] BLOCK_MAGIC = "veritrace-block-v1".getBytes(StandardCharsets.US_ASCII);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Ed25519PrivateKeyParameters key;

	private final byte[] publicKey;

	private final String chainId;

	JdbcLedger(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, byte[] ledgerKeySeed, String name) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.key = new Ed25519PrivateKeyParameters(ledgerKeySeed, 0);
		this.publicKey = this.key.generatePublicKey().getEncoded();
		this.chainId = "embedded:" + name;
	}

	@Override
	public LedgerKind kind() {
		return LedgerKind.EMBEDDED;
	}

	String chainId() {
		return this.chainId;
	}

	/** The public key that signs blocks (hex), for auditors. */
	String publicKeyHex() {
		return HexFormat.of().formatHex(this.publicKey);
	}

	@Override
	public LedgerReceipt anchor(SignedTreeHead signed) {
		TreeHead head = signed.head();
		return this.transactions.execute((status) -> {
			// serialise writers of the block log on the singleton state row
			this.jdbc.queryForObject("SELECT id FROM anchor_state WHERE id = 1 FOR UPDATE", Integer.class);
			List<Block> last = this.jdbc.query(
					"SELECT " + Block.COLUMNS + " FROM anchor_ledger_block ORDER BY block_number DESC LIMIT 1",
					Block.ROW);
			long number = last.isEmpty() ? 1 : last.get(0).number() + 1;
			byte[] prev = last.isEmpty() ? new byte[32] : last.get(0).hash();
			Integer taken = this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_ledger_block WHERE accepted_size = ?",
					Integer.class, head.treeSize());
			boolean accepted = head.treeSize() > 0 && (taken == null || taken == 0);
			long now = this.clock.millis();
			byte[] signedHead = head.toSignedBytes();
			byte[] hash = blockHash(prev, number, now, head.treeSize(), accepted, signedHead, signed.signature());
			this.jdbc.update("INSERT INTO anchor_ledger_block (block_number, prev_hash, block_hash, tree_size, "
					+ "accepted_size, signed_head, head_signature, created_ms, block_signature) VALUES (?,?,?,?,?,?,?,?,?)",
					number, prev, hash, head.treeSize(), accepted ? head.treeSize() : null, signedHead,
					signed.signature(), now, sign(hash));
			return new LedgerReceipt(LedgerKind.EMBEDDED, this.chainId, txHash(hash), number, Instant.ofEpochMilli(now),
					head.treeSize(), accepted ? LedgerReceipt.Status.CONFIRMED : LedgerReceipt.Status.REVERTED);
		});
	}

	@Override
	public Optional<AnchoredRoot> lookup(long treeSize) {
		return accepted(treeSize).map((b) -> {
			TreeHead head = TreeHead.fromSignedBytes(b.signedHead());
			return new AnchoredRoot(treeSize, head.rootHash(), head.algorithm(), head.timestamp(),
					Instant.ofEpochMilli(b.createdMs()));
		});
	}

	/** The largest size an accepted block holds. */
	@Override
	public java.util.OptionalLong latestTreeSize() {
		Long size = this.jdbc.queryForObject("SELECT MAX(accepted_size) FROM anchor_ledger_block", Long.class);
		return size == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(size);
	}

	@Override
	public Optional<LedgerReceipt> receiptFor(long treeSize) {
		return accepted(treeSize).map((b) -> new LedgerReceipt(LedgerKind.EMBEDDED, this.chainId, txHash(b.hash()),
				b.number(), Instant.ofEpochMilli(b.createdMs()), treeSize, LedgerReceipt.Status.CONFIRMED));
	}

	private Optional<Block> accepted(long treeSize) {
		return this.jdbc
			.query("SELECT " + Block.COLUMNS + " FROM anchor_ledger_block WHERE accepted_size = ?", Block.ROW, treeSize)
			.stream()
			.findFirst();
	}

	@Override
	public void verify(LedgerReceipt receipt, TreeHead head) {
		if (receipt.kind() != LedgerKind.EMBEDDED || !receipt.chainId().equals(this.chainId)) {
			throw new LedgerVerificationException(
					"receipt is for " + receipt.chainId() + ", this ledger is " + this.chainId);
		}
		List<Block> found = this.jdbc.query(
				"SELECT " + Block.COLUMNS
						+ " FROM anchor_ledger_block WHERE block_number IN (?, ?) ORDER BY block_number",
				Block.ROW, receipt.blockNumber() - 1, receipt.blockNumber());
		Block block = found.isEmpty() ? null : found.get(found.size() - 1);
		if (block == null || block.number() != receipt.blockNumber()) {
			throw new LedgerVerificationException("no block " + receipt.blockNumber());
		}
		byte[] prev = (found.size() == 2) ? found.get(0).hash() : new byte[32];
		checkBlock(block, prev);
		if (!txHash(block.hash()).equals(receipt.txHash()) || block.treeSize() != head.treeSize()
				|| receipt.treeSize() != head.treeSize()) {
			throw new LedgerVerificationException("block " + receipt.blockNumber() + " does not hold this anchor");
		}
		if (block.acceptedSize() == null) {
			throw new LedgerVerificationException("transaction " + receipt.txHash() + " reverted");
		}
		if (!TreeHead.fromSignedBytes(block.signedHead()).equals(head)) {
			throw new LedgerVerificationException("block " + block.number() + " holds another tree head than " + head);
		}
	}

	/**
	 * Walks the whole block log: numbering, hash links, block hashes and signatures.
	 * @return one message per broken block (empty when intact)
	 */
	List<String> audit() {
		List<String> problems = new ArrayList<>();
		byte[][] prev = { new byte[32] };
		long[] expected = { 1 };
		this.jdbc.query("SELECT " + Block.COLUMNS + " FROM anchor_ledger_block ORDER BY block_number", (rs) -> {
			Block block = Block.ROW.mapRow(rs, 0);
			if (block.number() != expected[0]) {
				problems.add("block " + expected[0] + " is missing (next is " + block.number() + ")");
			}
			try {
				checkBlock(block, prev[0]);
			}
			catch (LedgerVerificationException ex) {
				problems.add(ex.getMessage());
			}
			prev[0] = block.hash();
			expected[0] = block.number() + 1;
		});
		return problems;
	}

	private void checkBlock(Block block, byte[] prev) {
		if (!MessageDigest.isEqual(block.prevHash(), prev)) {
			throw new LedgerVerificationException("block " + block.number() + " does not link to its predecessor");
		}
		byte[] hash = blockHash(prev, block.number(), block.createdMs(), block.treeSize(), block.acceptedSize() != null,
				block.signedHead(), block.headSignature());
		if (!MessageDigest.isEqual(hash, block.hash())) {
			throw new LedgerVerificationException("block " + block.number() + " was altered: its hash does not match");
		}
		Ed25519Signer verifier = new Ed25519Signer();
		verifier.init(false, new Ed25519PublicKeyParameters(this.publicKey, 0));
		verifier.update(hash, 0, hash.length);
		if (!verifier.verifySignature(block.signature())) {
			throw new LedgerVerificationException("block " + block.number() + " is not signed by the ledger key");
		}
	}

	private byte[] sign(byte[] hash) {
		Ed25519Signer signer = new Ed25519Signer();
		signer.init(true, this.key);
		signer.update(hash, 0, hash.length);
		return signer.generateSignature();
	}

	private static byte[] blockHash(byte[] prev, long number, long millis, long treeSize, boolean accepted,
			byte[] signedHead, byte[] headSignature) {
		byte[] numbers = ByteBuffer.allocate(25)
			.putLong(number)
			.putLong(millis)
			.putLong(treeSize)
			.put((byte) (accepted ? 1 : 0))
			.array();
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			for (byte[] part : new byte[][] { BLOCK_MAGIC, prev, numbers, signedHead, headSignature }) {
				sha256.update(part);
			}
			return sha256.digest();
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String txHash(byte[] blockHash) {
		return "0x" + HexFormat.of().formatHex(blockHash);
	}

	private record Block(long number, byte[] prevHash, byte[] hash, long treeSize, Long acceptedSize, byte[] signedHead,
			byte[] headSignature, long createdMs, byte[] signature) {

		static final String COLUMNS = "block_number, prev_hash, block_hash, tree_size, accepted_size, signed_head, "
				+ "head_signature, created_ms, block_signature";

		static final RowMapper<Block> ROW = (rs, n) -> new Block(rs.getLong(1), rs.getBytes(2), rs.getBytes(3),
				rs.getLong(4), rs.getObject(5) == null ? null : rs.getLong(5), rs.getBytes(6), rs.getBytes(7),
				rs.getLong(8), rs.getBytes(9));

	}

}
