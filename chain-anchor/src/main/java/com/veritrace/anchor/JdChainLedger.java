package com.veritrace.anchor;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

import com.alibaba.fastjson.parser.ParserConfig;
import com.jd.blockchain.crypto.AddressEncoding;
import com.jd.blockchain.crypto.Crypto;
import com.jd.blockchain.crypto.HashDigest;
import com.jd.blockchain.crypto.KeyGenUtils;
import com.jd.blockchain.crypto.PrivKey;
import com.jd.blockchain.crypto.PubKey;
import com.jd.blockchain.crypto.SignatureFunction;
import com.jd.blockchain.ledger.BlockchainKeypair;
import com.jd.blockchain.ledger.PreparedTransaction;
import com.jd.blockchain.ledger.TransactionContent;
import com.jd.blockchain.ledger.TransactionResponse;
import com.jd.blockchain.ledger.TypedKVEntry;
import com.jd.blockchain.sdk.BlockchainService;
import com.jd.blockchain.sdk.client.GatewayServiceFactory;
import com.jd.blockchain.transaction.TxBuilder;
import org.jspecify.annotations.Nullable;
import utils.codec.Base58Utils;

/**
 * {@link Ledger} on JD Chain through the official SDK
 * ({@code com.jd.blockchain:sdk-client}, an optional dependency of this module): each
 * signed tree head is written as a key-value entry of a registered data account, key
 * {@code veritrace/sth/<treeSize>}, value the hex of {@code signedBytes || signature},
 * with expected version {@code -1} so that JD Chain itself refuses a second write for a
 * size (write-once, like the EVM contract).
 *
 * <p>
 * <b>Connecting.</b> {@link #of(JdChainSettings)} decodes and checks the settings at once
 * (a bad hash, address or key is an {@link IllegalArgumentException} naming the setting)
 * but contacts the gateway only on first use ({@code GatewayServiceFactory.connect} asks
 * the gateway for its ledgers straight away): an unreachable gateway, or one that does
 * not serve the ledger, is a {@link LedgerException} of that call, and the next call
 * tries again. It also turns on fastjson's safe mode: the SDK parses the gateway's JSON
 * with fastjson 1.2.70 and switches autoType on, whose known flaws safe mode closes (a
 * response that needs autoType then fails).
 *
 * <p>
 * <b>What is tested.</b> Building and signing the transaction offline
 * ({@link #buildAnchor}, {@code JdChainLedgerTests}: operations, write-once version,
 * content hash, endpoint signatures with ED25519 and SM2), decoding the settings, safe
 * mode, and failing and retrying against a gateway that is not there. Submitting
 * ({@link #anchor}), reading back ({@link #lookup}) and {@link #verify} are written
 * against the SDK's interfaces but were <b>never run against a JD Chain node</b> (none
 * can run here). Under Spring 7 the SDK needs the
 * {@code org.springframework.util.Base64Utils} that this module ships in its
 * {@code jdchain} build ({@code src/jdchain/java}, added by the Maven profile).
 * {@link #receiptFor} is not implemented: JD Chain cannot look a transaction up by the
 * key it wrote.
 */
public final class JdChainLedger implements Ledger, AutoCloseable {

	static final String KEY_PREFIX = "veritrace/sth/";

	private final HashDigest ledgerHash;

	private final String dataAccount;

	private final BlockchainKeypair signer;

	private final @Nullable JdChainSettings gateway;

	// guarded by this
	private @Nullable BlockchainService service;

	private @Nullable GatewayServiceFactory factory;

	/**
	 * A ledger on an already connected gateway.
	 * @param service the gateway's service
	 * ({@code GatewayServiceFactory.connect(...).getBlockchainService()})
	 * @param ledgerHash the ledger (base58)
	 * @param dataAccount the registered data account's address (base58)
	 * @param signer the endpoint key that may write that account
	 */
	public JdChainLedger(BlockchainService service, HashDigest ledgerHash, String dataAccount,
			BlockchainKeypair signer) {
		this((JdChainSettings) null, ledgerHash, dataAccount, signer);
		this.service = service;
	}

	private JdChainLedger(@Nullable JdChainSettings gateway, HashDigest ledgerHash, String dataAccount,
			BlockchainKeypair signer) {
		this.gateway = gateway;
		this.ledgerHash = ledgerHash;
		this.dataAccount = dataAccount;
		this.signer = signer;
	}

	/**
	 * A ledger that connects to the gateway on first use (see the class comment).
	 * @throws IllegalArgumentException naming the first setting that is missing or does
	 * not decode
	 */
	public static JdChainLedger of(JdChainSettings settings) {
		require("gateway-host", settings.gatewayHost());
		if (settings.gatewayPort() < 1 || settings.gatewayPort() > 65535) {
			throw new IllegalArgumentException("gateway-port must be 1..65535, not " + settings.gatewayPort());
		}
		HashDigest ledger = decode("ledger-hash", "a base58 JD Chain hash digest", settings.ledgerHash(),
				(text) -> Crypto.resolveAsHashDigest(Base58Utils.decode(text)));
		PubKey publicKey = decode("public-key", "a base58 JD Chain public key", settings.publicKey(),
				KeyGenUtils::decodePubKey);
		int addressLength = AddressEncoding.generateAddress(publicKey).size();
		String account = decode("data-account", "a base58 JD Chain address", settings.dataAccount(),
				(text) -> (Base58Utils.decode(text).length == addressLength) ? text : fail(addressLength));
		require("private-key-password", settings.privateKeyPassword());
		PrivKey privateKey = decodeSecret("private-key",
				"a base58 encrypted JD Chain private key that this password opens", settings.privateKey(),
				(text) -> KeyGenUtils.decodePrivKey(text, settings.privateKeyPassword().strip()));
		SignatureFunction function = Crypto.getSignatureFunction(publicKey.getAlgorithm());
		byte[] probe = "veritrace key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		if (privateKey.getAlgorithm() != publicKey.getAlgorithm()
				|| !function.verify(function.sign(privateKey, probe), publicKey, probe)) {
			throw new IllegalArgumentException(
					"private-key does not belong to public-key (or private-key-password is not its password)");
		}
		ParserConfig.getGlobalInstance().setSafeMode(true);
		return new JdChainLedger(settings, ledger, account, new BlockchainKeypair(publicKey, privateKey));
	}

	private static void require(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " is required");
		}
	}

	private static <T> T decode(String name, String what, @Nullable String value, Function<String, T> decoder) {
		require(name, value);
		try {
			return decoder.apply(value.strip());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(name + " is not " + what + " (" + ex + ")", ex);
		}
	}

	/**
	 * As {@link #decode}, but the SDK's exception is left out: its message may quote the
	 * key or password.
	 */
	private static <T> T decodeSecret(String name, String what, @Nullable String value, Function<String, T> decoder) {
		require(name, value);
		try {
			return decoder.apply(value.strip());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(name + " is not " + what + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static String fail(int addressLength) {
		throw new IllegalArgumentException("an address has " + addressLength + " bytes");
	}

	/** The gateway's service, connecting first if needed. */
	private synchronized BlockchainService service() {
		BlockchainService connected = this.service;
		if (connected != null) {
			return connected;
		}
		JdChainSettings settings = java.util.Objects.requireNonNull(this.gateway);
		String where = (settings.secure() ? "https://" : "http://") + settings.gatewayHost() + ":"
				+ settings.gatewayPort();
		GatewayServiceFactory connecting;
		try {
			connecting = GatewayServiceFactory.connect(settings.gatewayHost().strip(), settings.gatewayPort(),
					settings.secure());
		}
		catch (RuntimeException ex) {
			throw new LedgerException("JD Chain gateway " + where + " not reachable: " + ex.getMessage(), ex);
		}
		connected = connecting.getBlockchainService();
		HashDigest[] ledgers = connected.getLedgerHashs();
		if (ledgers == null || !Arrays.asList(ledgers).contains(this.ledgerHash)) {
			connecting.close();
			throw new LedgerException("JD Chain gateway " + where + " does not serve ledger "
					+ this.ledgerHash.toBase58() + " (it serves "
					+ ((ledgers == null) ? "none" : Arrays.stream(ledgers).map(HashDigest::toBase58).toList()) + ")");
		}
		this.factory = connecting;
		this.service = connected;
		return connected;
	}

	/** The data account the roots are written to. */
	@Override
	public Optional<String> rootsAddress() {
		return Optional.of(this.dataAccount);
	}

	@Override
	public synchronized void close() {
		GatewayServiceFactory connected = this.factory;
		if (connected != null) {
			connected.close();
			this.factory = null;
			this.service = null;
		}
	}

	@Override
	public LedgerKind kind() {
		return LedgerKind.JDCHAIN;
	}

	/**
	 * The transaction content that anchors {@code signed} (offline; no gateway needed).
	 */
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
		try (PreparedTransaction prepared = service()
			.prepareTransaction(buildAnchor(this.ledgerHash, this.dataAccount, signed))) {
			prepared.sign(this.signer);
			response = prepared.commit();
		}
		catch (LedgerException ex) {
			throw ex;
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
			entries = service().getDataEntries(this.ledgerHash, this.dataAccount, key(treeSize));
		}
		catch (LedgerException ex) {
			throw ex;
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
		return Optional
			.of(new AnchoredRoot(treeSize, head.rootHash(), head.algorithm(), head.timestamp(), head.timestamp()));
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
