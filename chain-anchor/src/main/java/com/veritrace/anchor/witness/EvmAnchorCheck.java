package com.veritrace.anchor.witness;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import com.veritrace.anchor.EvmLedger;
import com.veritrace.anchor.EvmLedgerSettings;
import com.veritrace.anchor.LedgerException;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchor.LedgerReceipt;
import com.veritrace.anchor.LedgerVerificationException;

/**
 * Checks anchors on the witness's own EVM node through the {@code Anchor} contract the
 * witness was told about ({@code --evm-contract}): the head's receipt must name that
 * contract and the node's chain, its transaction must be in the stated block, have
 * succeeded and called the contract, and {@code headOf(size)} must hold exactly the
 * head's root ({@link EvmLedger#verify}). The witness sends no transaction: its web3j
 * account is a fixed, public, throwaway one that only appears as {@code from} of
 * {@code eth_call}s.
 */
public final class EvmAnchorCheck implements AnchorCheck, AutoCloseable {

	/** Private key 1: never signs anything, only names a caller of eth_call. */
	private static final String READ_ONLY_ACCOUNT = "0x" + "0".repeat(63) + "1";

	private final URI rpc;

	private final String contract;

	private @Nullable EvmLedger ledger;

	private long chainId;

	public EvmAnchorCheck(URI rpc, String contract) {
		this.rpc = rpc;
		this.contract = contract.toLowerCase(Locale.ROOT);
	}

	@Override
	public boolean anchored(ServedHead head) {
		if (!head.anchored()) {
			return false;
		}
		long size = head.treeSize();
		ServedHead.Receipt receipt = head.ledger();
		if (receipt == null) {
			throw new WitnessAlarm(WitnessAlarm.Kind.ANCHOR_MISMATCH, size,
					"head " + size + " is ANCHORED without a receipt");
		}
		EvmLedger evm = ledger();
		long chain;
		synchronized (this) {
			chain = this.chainId;
		}
		if (!"EVM".equals(receipt.kind())) {
			throw mismatch(size,
					"anchored on " + receipt.kind() + ", the witness checks the EVM contract " + this.contract);
		}
		if (receipt.contractAddress() == null || !this.contract.equalsIgnoreCase(receipt.contractAddress())) {
			throw mismatch(size, "its receipt names contract " + receipt.contractAddress() + ", the witness checks "
					+ this.contract);
		}
		if (!("eip155:" + chain).equals(receipt.chainId())) {
			throw mismatch(size,
					"its receipt names chain " + receipt.chainId() + ", the witness's node is eip155:" + chain);
		}
		if (receipt.txHash() == null || receipt.blockNumber() == null) {
			throw mismatch(size, "its receipt names no transaction or block");
		}
		LedgerReceipt onRecord = new LedgerReceipt(LedgerKind.EVM, receipt.chainId(), receipt.txHash(),
				receipt.blockNumber(), receipt.timestamp() == null ? Instant.EPOCH : receipt.timestamp(), size,
				LedgerReceipt.Status.CONFIRMED);
		try {
			evm.verify(onRecord, head.signed().head());
		}
		catch (LedgerVerificationException ex) {
			throw mismatch(size, ex.getMessage());
		}
		catch (LedgerException ex) {
			throw new UnavailableException("the EVM node at " + withoutUserInfo(this.rpc) + ": " + ex.getMessage(), ex);
		}
		return true;
	}

	private synchronized EvmLedger ledger() {
		if (this.ledger == null) {
			Web3j web3j = Web3j.build(new HttpService(this.rpc.toString()));
			try {
				BigInteger id = web3j.ethChainId().send().getChainId();
				if (id == null) {
					throw new UnavailableException(
							"the EVM node at " + withoutUserInfo(this.rpc) + " reports no chain id");
				}
				this.ledger = new EvmLedger(web3j, Credentials.create(READ_ONLY_ACCOUNT),
						EvmLedgerSettings.of(this.rpc, id.longValueExact(), this.contract));
				this.chainId = id.longValueExact();
			}
			catch (IOException | LedgerException | ArithmeticException ex) {
				web3j.shutdown();
				throw new UnavailableException(
						"the EVM node at " + withoutUserInfo(this.rpc) + " is not usable: " + ex.getMessage(), ex);
			}
		}
		return this.ledger;
	}

	private static WitnessAlarm mismatch(long size, String detail) {
		return new WitnessAlarm(WitnessAlarm.Kind.ANCHOR_MISMATCH, size, "head " + size + ": " + detail);
	}

	static String withoutUserInfo(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
				+ uri.getRawPath();
	}

	@Override
	public synchronized void close() {
		if (this.ledger != null) {
			this.ledger.close();
		}
	}

}
