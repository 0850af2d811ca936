package com.veritrace.anchor.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/**
 * Signs and sends legacy (EIP-155) transactions with a locally tracked nonce.
 * Thread-safe: nonce allocation, signing and submission happen under one lock, so
 * concurrent callers get consecutive nonces and the node sees them in order; waiting for
 * receipts happens outside the lock. After a rejected submission the nonce is re-read
 * from the node ({@code pending}).
 */
public final class LocalNonceTransactionSender {

	private final Web3j web3j;

	private final Credentials credentials;

	private final long chainId;

	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable BigInteger nextNonce;

	public LocalNonceTransactionSender(Web3j web3j, Credentials credentials, long chainId) {
		this.web3j = web3j;
		this.credentials = credentials;
		this.chainId = chainId;
	}

	public String address() {
		return this.credentials.getAddress();
	}

	/**
	 * Sends a call ({@code to} non-empty) or a contract creation ({@code to} empty).
	 * @return the transaction hash
	 * @throws IOException when the node cannot be reached
	 * @throws IllegalStateException when the node rejects the transaction
	 */
	public String send(String to, String data, BigInteger gasLimit, @Nullable BigInteger gasPrice) throws IOException {
		this.lock.lock();
		try {
			BigInteger nonce = this.nextNonce;
			if (nonce == null) {
				nonce = this.web3j
					.ethGetTransactionCount(this.credentials.getAddress(), DefaultBlockParameterName.PENDING)
					.send()
					.getTransactionCount();
			}
			BigInteger price = (gasPrice != null) ? gasPrice : this.web3j.ethGasPrice().send().getGasPrice();
			RawTransaction transaction = to.isEmpty()
					? RawTransaction.createContractTransaction(nonce, price, gasLimit, BigInteger.ZERO, data)
					: RawTransaction.createTransaction(nonce, price, gasLimit, to, data);
			byte[] signed = TransactionEncoder.signMessage(transaction, this.chainId, this.credentials);
			EthSendTransaction response;
			try {
				response = this.web3j.ethSendRawTransaction(Numeric.toHexString(signed)).send();
			}
			catch (IOException ex) {
				this.nextNonce = null; // unknown whether it arrived: ask the node next
										// time
				throw ex;
			}
			if (response.hasError()) {
				this.nextNonce = null;
				throw new IllegalStateException(
						"node rejected transaction with nonce " + nonce + ": " + response.getError().getMessage());
			}
			this.nextNonce = nonce.add(BigInteger.ONE);
			return response.getTransactionHash();
		}
		finally {
			this.lock.unlock();
		}
	}

}
