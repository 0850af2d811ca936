package com.veritrace.anchor;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import com.jd.blockchain.crypto.HashDigest;
import com.jd.blockchain.ledger.BlockchainKeypair;
import com.jd.blockchain.ledger.PreparedTransaction;
import com.jd.blockchain.ledger.TransactionContent;
import com.jd.blockchain.ledger.TransactionResponse;
import com.jd.blockchain.ledger.TypedKVEntry;
import com.jd.blockchain.sdk.BlockchainService;
import com.jd.blockchain.transaction.TxBuilder;

/**
 * {@link Ledger} on JD Chain through the official SDK ({@code com.jd.blockchain:sdk-client}, an
 * optional dependency of this module): each signed tree head is written as a key-value entry of a
 * registered data account, key {@code veritrace/sth/<treeSize>}, value the hex of
 * {@code signedBytes || signature}, with expected version {@code -1} so that JD Chain itself
 * refuses a second write for a size (write-once, like the EVM contract).
 *
 * <p><b>What is tested.</b> Building and signing the transaction offline ({@link #buildAnchor},
 * {@code JdChainLedgerTests}: operations, write-once version, content hash, endpoint signatures
 * with ED25519 and SM2). Submitting ({@link #anchor}), reading back ({@link #lookup}) and
 * {@link #verify} are written against the SDK's interfaces but were <b>never run against a JD
 * Chain node</b> (none can run here). Notes for running it: the SDK's Spring 5.3 classes meet
 * Spring 7 in a Boot 4 application, where {@code org.springframework.util.Base64Utils} is gone
 * and must be supplied; it needs fastjson 1.2.70 (run with {@code -Dfastjson.parser.safeMode=true}).
 */
public final class JdChainLedger implements Ledger {

	static final String KEY_PREFIX = "veritrace/sth/";

	private final BlockchainService service;

	private final HashDigest ledgerHash;

	private final String dataAccount;

	private final BlockchainKeypair signer;

	/**
	 * @param service the gateway's service ({@code GatewayServiceFactory.connect(...).getBlockchainService()})
	 * @param ledgerHash the ledger (base58)
	 * @param dataAccount the registered data account's address (base58)
	 * @param signer the endpoint key that may write that account
	 */
	public JdChainLedger(BlockchainService service, HashDigest ledgerHash, String dataAccount, BlockchainKeypair signer) {
		this.service = service;
		this.ledgerHash = ledgerHash;
		this.dataAccount = dataAccount;
		this.signer = signer;
	}

	@Override
	public LedgerKind kind() {
		return LedgerKind.JDCHAIN;
	}

	/** The transaction content that anchors {@code signed} (offline; no gateway needed). */
	public static TransactionContent buildAnchor(HashDigest ledgerHash, String dataAccount, SignedTreeHead signed) {
		TxBuilder builder = new TxBuilder(ledgerHash, ledgerHash.getAlgorithm());
		builder.dataAccount(dataAccount).setText(key(signed.head().treeSize()), value(signed), -1);
		return builder.prepareContent();
	}

	static String key(long treeSize) {
		return KEY_PREFIX + treeSize;
	}

	static String value(SignedTreeHead signed) {
		HexFormat hex = HexFormat.of();
		return hex.formatHex(signed.head().toSignedBytes()) + ":" + hex.formatHex(signed.signature());
	}

	/** Not exercised against a live node (see the class comment). */
	@Override
	public LedgerReceipt anchor(SignedTreeHead signed) {
		TransactionResponse response;
		try (PreparedTransaction prepared = this.service
			.prepareTransaction(buildAnchor(this.ledgerHash, this.dataAccount, signed))) {
			prepared.sign(this.signer);
			response = prepared.commit();
		}
		catch (java.io.IOException | RuntimeException ex) {
			throw new LedgerException("JD Chain gateway failed: " + ex.getMessage(), ex);
		}
		return new LedgerReceipt(LedgerKind.JDCHAIN, "jdchain:" + this.ledgerHash.toBase58(),
				response.getContentHash().toBase58(), response.getBlockHeight(),
				Instant.ofEpochMilli(response.getBlockGenerateTime()), signed.head().treeSize(),
				response.isSuccess() ? LedgerReceipt.Status.CONFIRMED : LedgerReceipt.Status.REVERTED);
	}

	/** Not exercised against a live node (see the class comment). */
	@Override
	public Optional<AnchoredRoot> lookup(long treeSize) {
		TypedKVEntry[] entries;
		try {
			entries = this.service.getDataEntries(this.ledgerHash, this.dataAccount, key(treeSize));
		}
		catch (RuntimeException ex) {
			throw new LedgerException("JD Chain gateway failed: " + ex.getMessage(), ex);
		}
		if (entries == null || entries.length == 0 || entries[0].getVersion() < 0 || entries[0].getValue() == null) {
			return Optional.empty();
		}
		String text = String.valueOf(entries[0].getValue());
		int colon = text.indexOf(':');
		if (colon < 0) {
			throw new LedgerException("entry " + key(treeSize) + " is not a Veritrace tree head");
		}
		TreeHead head = TreeHead.fromSignedBytes(HexFormat.of().parseHex(text.substring(0, colon)));
		return Optional.of(new AnchoredRoot(treeSize, head.rootHash(), head.algorithm(), head.timestamp(),
				head.timestamp()));
	}

	/** Not exercised against a live node (see the class comment). */
	@Override
	public void verify(LedgerReceipt receipt, TreeHead head) {
		if (receipt.kind() != LedgerKind.JDCHAIN || receipt.treeSize() != head.treeSize()) {
			throw new LedgerVerificationException("receipt is not a JD Chain anchor of size " + head.treeSize());
		}
		AnchoredRoot anchored = lookup(head.treeSize())
			.orElseThrow(() -> new LedgerVerificationException("nothing anchored for tree size " + head.treeSize()));
		if (!anchored.matches(head)) {
			throw new LedgerVerificationException("ledger holds " + anchored + ", not " + head);
		}
	}

}
