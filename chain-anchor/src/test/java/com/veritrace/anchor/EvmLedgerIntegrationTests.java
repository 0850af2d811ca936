package com.veritrace.anchor;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Real anvil node on loopback (deploy/evm/start-anvil.sh); fails when it cannot run. */
class EvmLedgerIntegrationTests {

	private static LocalAnvil anvil;

	private static EvmLedger ledger;

	private static EvmLedgerSettings settings;

	private static Web3j web3j;

	private final TreeHeadSigner signer = TreeHeadSigner.ed25519(new byte[32]);

	@BeforeAll
	static void deploy() throws Exception {
		anvil = LocalAnvil.ensureRunning();
		web3j = Web3j.build(new HttpService(LocalAnvil.RPC.toString()));
		Credentials owner = Credentials.create(LocalAnvil.DEV_PRIVATE_KEY);
		EvmLedgerSettings base = EvmLedgerSettings.of(LocalAnvil.RPC, LocalAnvil.CHAIN_ID, "");
		String address = EvmLedger.deployContract(web3j, owner, base);
		settings = base.withContractAddress(address);
		ledger = EvmLedger.connect(settings, LocalAnvil.DEV_PRIVATE_KEY);
	}

	@AfterAll
	static void stop() throws Exception {
		if (ledger != null) {
			ledger.close();
		}
		if (web3j != null) {
			web3j.shutdown();
		}
		if (anvil != null) {
			anvil.close();
		}
	}

	@Test
	void anchorsARootAndReadsItBack() {
		MerkleLog log = MerkleLog.inMemory(HashAlgorithm.SHA_256);
		log.appendAll(TestData.RFC6962_ENTRIES);
		TreeHead head = new TreeHead(8, log.root(), HashAlgorithm.SHA_256, Instant.parse("2026-11-24T04:00:00.123Z"));

		LedgerReceipt receipt = ledger.anchor(this.signer.sign(head));

		assertThat(receipt.status()).isEqualTo(LedgerReceipt.Status.CONFIRMED);
		assertThat(receipt.kind()).isEqualTo(LedgerKind.EVM);
		assertThat(receipt.chainId()).isEqualTo("eip155:31337");
		assertThat(receipt.txHash()).matches("0x[0-9a-f]{64}");
		assertThat(receipt.blockNumber()).isPositive();
		assertThat(receipt.timestamp()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
		AnchoredRoot anchored = ledger.lookup(8).orElseThrow();
		assertThat(anchored.rootHash()).isEqualTo(TestData.h(TestData.RFC6962_ROOTS.get(7)));
		assertThat(anchored.algorithm()).isEqualTo(HashAlgorithm.SHA_256);
		assertThat(anchored.headTimestamp()).isEqualTo(head.timestamp());
		assertThat(anchored.anchoredAt()).isEqualTo(receipt.timestamp());
		assertThatCode(() -> ledger.verify(receipt, head)).doesNotThrowAnyException();
		assertThat(ledger.lookup(7)).isEmpty();

		// an inclusion proof checked against the root read back from the chain
		InclusionProof proof = log.inclusionProof(3, 8);
		ProofVerifier.verifyInclusion(LogHasher.sha256(), 3, 8, log.leafHash(3), proof.auditPath(),
				anchored.rootHash());
	}

	@Test
	void theNewestAnchoredSizeIsTheLargestAnchoredSoFar() {
		// larger than any size the other tests anchor; then a smaller one does not lower
		// it
		assertThat(ledger.anchor(this.signer.sign(head(9009, 1))).confirmed()).isTrue();
		assertThat(ledger.latestTreeSize()).hasValue(9009);
		assertThat(ledger.anchor(this.signer.sign(head(6006, 1))).confirmed()).isTrue();
		assertThat(ledger.latestTreeSize()).hasValue(9009);
	}

	@Test
	void secondAnchorOfTheSameSizeIsARevertedReceiptNotAnException() {
		TreeHead first = head(1001, 1);
		assertThat(ledger.anchor(this.signer.sign(first)).confirmed()).isTrue();
		TreeHead rewrite = head(1001, 2);

		LedgerReceipt reverted = ledger.anchor(this.signer.sign(rewrite));

		assertThat(reverted.status()).isEqualTo(LedgerReceipt.Status.REVERTED);
		assertThat(reverted.blockNumber()).isPositive();
		assertThat(ledger.lookup(1001).orElseThrow().rootHash()).isEqualTo(first.rootHash());
		assertThatExceptionOfType(LedgerVerificationException.class).isThrownBy(() -> ledger.verify(reverted, rewrite))
			.withMessageContaining("reverted");
	}

	@Test
	void theReceiptOfAnAnchoredSizeIsFoundAgainAfterACrashLostIt() {
		TreeHead head = head(1501, 7);
		LedgerReceipt original = ledger.anchor(this.signer.sign(head));
		// a crash lost the receipt; the resent anchor is refused; the original is found
		// by its log
		assertThat(ledger.anchor(this.signer.sign(head)).status()).isEqualTo(LedgerReceipt.Status.REVERTED);

		LedgerReceipt found = ledger.receiptFor(1501).orElseThrow();

		assertThat(found).isEqualTo(original);
		assertThatCode(() -> ledger.verify(found, head)).doesNotThrowAnyException();
		assertThat(ledger.receiptFor(1502)).isEmpty();
	}

	@Test
	void verifyRejectsAHeadTheLedgerDoesNotHold() {
		TreeHead head = head(2002, 7);
		LedgerReceipt receipt = ledger.anchor(this.signer.sign(head));
		assertThatExceptionOfType(LedgerVerificationException.class)
			.isThrownBy(() -> ledger.verify(receipt, head(2002, 8)))
			.withMessageContaining("ledger holds");
		LedgerReceipt wrongBlock = new LedgerReceipt(receipt.kind(), receipt.chainId(), receipt.txHash(),
				receipt.blockNumber() + 1, receipt.timestamp(), receipt.treeSize(), receipt.status());
		assertThatExceptionOfType(LedgerVerificationException.class).isThrownBy(() -> ledger.verify(wrongBlock, head))
			.withMessageContaining("is in block");
	}

	@Test
	void concurrentAnchorsGetConsecutiveNonces() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<LedgerReceipt>> futures = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				TreeHead head = head(3000 + i, i);
				futures.add(pool.submit(() -> ledger.anchor(this.signer.sign(head))));
			}
			for (int i = 0; i < 12; i++) {
				LedgerReceipt receipt = futures.get(i).get();
				assertThat(receipt.confirmed()).as("anchor %d", i).isTrue();
				assertThat(ledger.lookup(3000 + i).orElseThrow().rootHash()).isEqualTo(head(3000 + i, i).rootHash());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void onlyTheOwnerCanAnchor() {
		try (EvmLedger intruder = EvmLedger.connect(settings, LocalAnvil.OTHER_DEV_PRIVATE_KEY)) {
			LedgerReceipt receipt = intruder.anchor(this.signer.sign(head(4004, 4)));
			assertThat(receipt.status()).isEqualTo(LedgerReceipt.Status.REVERTED);
		}
		assertThat(ledger.lookup(4004)).isEmpty();
	}

	@Test
	void refusesAWrongChainIdOrMissingContract() {
		assertThatExceptionOfType(LedgerException.class).isThrownBy(() -> EvmLedger.connect(
				new EvmLedgerSettings(LocalAnvil.RPC, 1, settings.contractAddress(),
						EvmLedgerSettings.DEFAULT_GAS_LIMIT, null, settings.pollInterval(), settings.receiptTimeout()),
				LocalAnvil.DEV_PRIVATE_KEY))
			.withMessageContaining("chain id");
		assertThatExceptionOfType(LedgerException.class).isThrownBy(
				() -> EvmLedger.connect(settings.withContractAddress("0x000000000000000000000000000000000000dead"),
						LocalAnvil.DEV_PRIVATE_KEY))
			.withMessageContaining("no contract code");
	}

	@Test
	void transactionsAreSignedForTheChainId() throws Exception {
		LedgerReceipt receipt = ledger.anchor(this.signer.sign(head(5005, 5)));
		var tx = web3j.ethGetTransactionByHash(receipt.txHash()).send().getTransaction().orElseThrow();
		assertThat(tx.getChainId()).isEqualTo(LocalAnvil.CHAIN_ID);
		TransactionReceipt onChain = web3j.ethGetTransactionReceipt(receipt.txHash())
			.send()
			.getTransactionReceipt()
			.orElseThrow();
		assertThat(onChain.getGasUsed()).isLessThan(BigInteger.valueOf(200_000));
		assertThat(onChain.getLogs()).hasSize(1);
	}

	private static TreeHead head(long size, int seed) {
		return new TreeHead(size,
				HashAlgorithm.SHA_256.digest(new byte[] { (byte) seed, (byte) (size >> 8), (byte) size }),
				HashAlgorithm.SHA_256, Instant.ofEpochMilli(1_700_000_000_000L + size));
	}

}
