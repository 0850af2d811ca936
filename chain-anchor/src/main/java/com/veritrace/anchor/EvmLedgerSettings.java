package com.veritrace.anchor;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link EvmLedger}; meant to be bound from
 * {@code veritrace.anchor.evm.*}.
 *
 * @param rpcUrl JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}
 * @param chainId EIP-155 chain id; every transaction is signed for it and the node must
 * report it
 * @param contractAddress address of the deployed {@code Anchor} contract ({@code 0x...})
 * @param gasLimit gas limit of an anchor transaction (fixed, so that a reverting anchor
 * is mined and reported instead of failing gas estimation); 200 000 is ample
 * @param gasPrice legacy gas price in wei, or {@code null} to ask the node
 * ({@code eth_gasPrice}); consortium chains often use 0
 * @param pollInterval receipt polling interval (short: local chains mine instantly)
 * @param receiptTimeout how long to wait for a receipt before {@link LedgerException}
 */
public record EvmLedgerSettings(URI rpcUrl, long chainId, String contractAddress, BigInteger gasLimit,
		@Nullable BigInteger gasPrice, Duration pollInterval, Duration receiptTimeout) {

	public static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(200_000);

	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);

	public static final Duration DEFAULT_RECEIPT_TIMEOUT = Duration.ofSeconds(60);

	public EvmLedgerSettings {
		if (chainId <= 0) {
			throw new IllegalArgumentException("chain id must be positive: " + chainId);
		}
		if (pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("poll interval must be positive");
		}
	}

	/** Defaults for everything but the endpoint, chain and contract. */
	public static EvmLedgerSettings of(URI rpcUrl, long chainId, String contractAddress) {
		return new EvmLedgerSettings(rpcUrl, chainId, contractAddress, DEFAULT_GAS_LIMIT, null, DEFAULT_POLL_INTERVAL,
				DEFAULT_RECEIPT_TIMEOUT);
	}

	public EvmLedgerSettings withContractAddress(String address) {
		return new EvmLedgerSettings(this.rpcUrl, this.chainId, address, this.gasLimit, this.gasPrice,
				this.pollInterval, this.receiptTimeout);
	}

}
