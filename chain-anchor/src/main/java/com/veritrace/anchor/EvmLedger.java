package com.veritrace.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import com.veritrace.anchor.internal.LocalNonceTransactionSender;

/**
 * {@link Ledger} on any EVM chain through web3j and the project's {@code Anchor} contract
 * ({@code src/main/solidity/Anchor.sol}; ABI and bytecode in {@code classpath:evm/}).
 *
 * <p>
 * Transactions are legacy EIP-155 transactions, always signed for the configured chain
 * id, with a fixed gas limit and a local nonce (see {@code LocalNonceTransactionSender});
 * the constructor checks that the node reports that chain id and that the contract
 * exists. Thread-safe; {@link #close()} shuts the web3j client down.
 */
public final class EvmLedger implements Ledger, AutoCloseable {

	private static final String ANCHOR_BYTECODE_RESOURCE = "/evm/Anchor.bin";

	private final Web3j web3j;

	private final EvmLedgerSettings settings;

	private final LocalNonceTransactionSender sender;

	private final PollingTransactionReceiptProcessor receipts;

	private final String contract;

	/**
	 * @param web3j client of the node (closed by {@link #close()})
	 * @param credentials the anchoring account; it must be the contract's deployer
	 * (owner)
	 * @param settings endpoint-independent settings (chain id, contract, gas, polling)
	 * @throws LedgerException if the node reports another chain id or has no code at the
	 * address
	 */
	public EvmLedger(Web3j web3j, Credentials credentials, EvmLedgerSettings settings) {
		this.web3j = web3j;
		this.settings = settings;
		this.contract = settings.contractAddress().toLowerCase(Locale.ROOT);
		this.sender = new LocalNonceTransactionSender(web3j, credentials, settings.chainId());
		long pollMillis = Math.max(1, settings.pollInterval().toMillis());
		int attempts = (int) Math.max(1, settings.receiptTimeout().toMillis() / pollMillis);
		this.receipts = new PollingTransactionReceiptProcessor(web3j, pollMillis, attempts);
		checkChain(web3j, settings.chainId());
		String code = call(() -> web3j.ethGetCode(this.contract, DefaultBlockParameterName.LATEST).send().getCode());
		if (code == null || code.equals("0x") || code.isEmpty()) {
			throw new LedgerException("no contract code at " + this.contract + " on chain " + settings.chainId());
		}
	}

	/**
	 * Connects to {@code settings.rpcUrl()} over HTTP with the given private key (hex).
	 */
	public static EvmLedger connect(EvmLedgerSettings settings, String privateKeyHex) {
		return new EvmLedger(Web3j.build(new HttpService(settings.rpcUrl().toString())),
				Credentials.create(privateKeyHex), settings);
	}

	/**
	 * Deploys a new {@code Anchor} contract owned by {@code credentials} and returns its
	 * address. Used once per environment (and by the integration tests).
	 */
	public static String deployContract(Web3j web3j, Credentials credentials, EvmLedgerSettings settings) {
		checkChain(web3j, settings.chainId());
		LocalNonceTransactionSender deployer = new LocalNonceTransactionSender(web3j, credentials, settings.chainId());
		String bytecode = "0x" + readBytecode();
		String txHash = call(() -> deployer.send("", bytecode, BigInteger.valueOf(1_000_000), settings.gasPrice()));
		long pollMillis = Math.max(1, settings.pollInterval().toMillis());
		TransactionReceipt receipt = call(() -> new PollingTransactionReceiptProcessor(web3j, pollMillis,
				(int) Math.max(1, settings.receiptTimeout().toMillis() / pollMillis))
			.waitForTransactionReceipt(txHash));
		if (!receipt.isStatusOK() || receipt.getContractAddress() == null) {
			throw new LedgerException("deployment of Anchor failed in transaction " + txHash);
		}
		return receipt.getContractAddress();
	}

	@Override
	public LedgerKind kind() {
		return LedgerKind.EVM;
	}

	public String contractAddress() {
		return this.contract;
	}

	/** The {@code Anchor} contract's address. */
	@Override
	public Optional<String> rootsAddress() {
		return Optional.of(this.contract);
	}

	/** The anchoring account's address. */
	public String senderAddress() {
		return this.sender.address();
	}

	@Override
	public LedgerReceipt anchor(SignedTreeHead signed) {
		TreeHead head = signed.head();
		Function function = new Function("anchor",
				List.of(new Uint64(head.treeSize()), new Bytes32(head.rootHash()), new Uint8(head.algorithm().code()),
						new Uint64(head.timestamp().toEpochMilli()), new DynamicBytes(signed.signature())),
				List.of());
		String data = FunctionEncoder.encode(function);
		String txHash = call(
				() -> this.sender.send(this.contract, data, this.settings.gasLimit(), this.settings.gasPrice()));
		TransactionReceipt receipt = call(() -> this.receipts.waitForTransactionReceipt(txHash));
		return toReceipt(receipt, head.treeSize());
	}

	@Override
	public Optional<AnchoredRoot> lookup(long treeSize) {
		Function function = new Function("headOf", List.of(new Uint64(treeSize)), List.of(new TypeReference<Bytes32>() {
		}, new TypeReference<Uint64>() {
		}, new TypeReference<Uint64>() {
		}, new TypeReference<Uint8>() {
		}));
		EthCall result = call(() -> this.web3j
			.ethCall(Transaction.createEthCallTransaction(this.sender.address(), this.contract,
					FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST)
			.send());
		if (result.hasError() || result.isReverted()) {
			throw new LedgerException("headOf(" + treeSize + ") failed: "
					+ (result.hasError() ? result.getError().getMessage() : result.getRevertReason()));
		}
		@SuppressWarnings("rawtypes")
		List<Type> values = FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
		if (values.size() != 4) {
			throw new LedgerException(
					"headOf(" + treeSize + ") returned no data: is " + this.contract + " an Anchor contract?");
		}
		byte[] root = (byte[]) values.get(0).getValue();
		if (Arrays.equals(root, new byte[32])) {
			return Optional.empty();
		}
		BigInteger headMillis = (BigInteger) values.get(1).getValue();
		BigInteger anchoredSeconds = (BigInteger) values.get(2).getValue();
		BigInteger algorithm = (BigInteger) values.get(3).getValue();
		return Optional.of(new AnchoredRoot(treeSize, root, HashAlgorithm.fromCode(algorithm.intValue()),
				Instant.ofEpochMilli(headMillis.longValue()), Instant.ofEpochSecond(anchoredSeconds.longValue())));
	}

	/** The contract's {@code latestTreeSize()}: the largest size anchored there. */
	@Override
	public java.util.OptionalLong latestTreeSize() {
		Function function = new Function("latestTreeSize", List.of(), List.of(new TypeReference<Uint64>() {
		}));
		EthCall result = call(() -> this.web3j
			.ethCall(Transaction.createEthCallTransaction(this.sender.address(), this.contract,
					FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST)
			.send());
		if (result.hasError() || result.isReverted()) {
			throw new LedgerException("latestTreeSize() failed: "
					+ (result.hasError() ? result.getError().getMessage() : result.getRevertReason()));
		}
		@SuppressWarnings("rawtypes")
		List<Type> values = FunctionReturnDecoder.decode(result.getValue(), function.getOutputParameters());
		if (values.size() != 1) {
			throw new LedgerException(
					"latestTreeSize() returned no data: is " + this.contract + " an Anchor contract?");
		}
		long size = ((BigInteger) values.get(0).getValue()).longValueExact();
		return size == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(size);
	}

	/**
	 * Finds the {@code RootAnchored} log of {@code treeSize} (an indexed topic) with
	 * {@code eth_getLogs}.
	 */
	@Override
	public Optional<LedgerReceipt> receiptFor(long treeSize) {
		Event event = new Event("RootAnchored", List.of(new TypeReference<Uint64>(true) {
		}, new TypeReference<Bytes32>(true) {
		}, new TypeReference<Uint8>() {
		}, new TypeReference<Uint64>() {
		}, new TypeReference<DynamicBytes>() {
		}));
		EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
				this.contract);
		filter.addSingleTopic(EventEncoder.encode(event));
		filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(treeSize), 64));
		EthLog logs = call(() -> this.web3j.ethGetLogs(filter).send());
		if (logs.hasError()) {
			throw new LedgerException("eth_getLogs failed: " + logs.getError().getMessage());
		}
		for (EthLog.LogResult<?> result : logs.getLogs()) {
			if (result.get() instanceof Log found && !found.isRemoved()) {
				TransactionReceipt receipt = call(
						() -> this.web3j.ethGetTransactionReceipt(found.getTransactionHash()).send())
					.getTransactionReceipt()
					.orElse(null);
				if (receipt != null && receipt.isStatusOK()) {
					return Optional.of(toReceipt(receipt, treeSize));
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public void verify(LedgerReceipt receipt, TreeHead head) {
		if (receipt.kind() != LedgerKind.EVM || !receipt.chainId().equals(caip2(this.settings.chainId()))) {
			throw new LedgerVerificationException("receipt is for " + receipt.kind() + " " + receipt.chainId()
					+ ", this ledger is " + caip2(this.settings.chainId()));
		}
		if (receipt.treeSize() != head.treeSize()) {
			throw new LedgerVerificationException(
					"receipt anchors tree size " + receipt.treeSize() + ", tree head has " + head.treeSize());
		}
		TransactionReceipt onChain = call(() -> this.web3j.ethGetTransactionReceipt(receipt.txHash()).send())
			.getTransactionReceipt()
			.orElseThrow(() -> new LedgerVerificationException("transaction " + receipt.txHash() + " is not on chain"));
		if (!onChain.isStatusOK()) {
			throw new LedgerVerificationException("transaction " + receipt.txHash() + " reverted");
		}
		if (onChain.getBlockNumber().longValueExact() != receipt.blockNumber()) {
			throw new LedgerVerificationException("transaction " + receipt.txHash() + " is in block "
					+ onChain.getBlockNumber() + ", receipt says " + receipt.blockNumber());
		}
		if (onChain.getTo() == null || !onChain.getTo().equalsIgnoreCase(this.contract)) {
			throw new LedgerVerificationException("transaction " + receipt.txHash() + " did not call " + this.contract);
		}
		AnchoredRoot anchored = lookup(head.treeSize())
			.orElseThrow(() -> new LedgerVerificationException("nothing anchored for tree size " + head.treeSize()));
		if (!anchored.matches(head)) {
			throw new LedgerVerificationException("ledger holds " + anchored + ", not " + head);
		}
	}

	@Override
	public void close() {
		this.web3j.shutdown();
	}

	private LedgerReceipt toReceipt(TransactionReceipt receipt, long treeSize) {
		BigInteger blockNumber = receipt.getBlockNumber();
		BigInteger timestamp = call(
				() -> this.web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(blockNumber), false)
					.send()
					.getBlock()
					.getTimestamp());
		return new LedgerReceipt(LedgerKind.EVM, caip2(this.settings.chainId()), receipt.getTransactionHash(),
				blockNumber.longValueExact(), Instant.ofEpochSecond(timestamp.longValueExact()), treeSize,
				receipt.isStatusOK() ? LedgerReceipt.Status.CONFIRMED : LedgerReceipt.Status.REVERTED);
	}

	private static String caip2(long chainId) {
		return "eip155:" + chainId;
	}

	private static void checkChain(Web3j web3j, long expected) {
		BigInteger actual = call(() -> web3j.ethChainId().send().getChainId());
		if (actual == null || actual.longValue() != expected) {
			throw new LedgerException("node reports chain id " + actual + ", configured " + expected);
		}
	}

	private static String readBytecode() {
		try (InputStream in = EvmLedger.class.getResourceAsStream(ANCHOR_BYTECODE_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("missing classpath resource " + ANCHOR_BYTECODE_RESOURCE);
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static <T> T call(NodeCall<T> call) {
		try {
			return call.run();
		}
		catch (IOException ex) {
			throw new LedgerException("EVM node not reachable: " + ex.getMessage(), ex);
		}
		catch (TransactionException ex) {
			throw new LedgerException("no receipt in time: " + ex.getMessage(), ex);
		}
		catch (IllegalStateException ex) {
			throw new LedgerException(ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface NodeCall<T> {

		T run() throws IOException, TransactionException;

	}

}
