package com.veritrace.anchor;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import com.veritrace.anchor.witness.EvmAnchorCheck;
import com.veritrace.anchor.witness.ServedHead;
import com.veritrace.anchor.witness.UnavailableException;
import com.veritrace.anchor.witness.WitnessAlarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The witness's anchor check against the real anvil on loopback: a head anchored where
 * its receipt says passes; another root, another contract, chain, kind or transaction is
 * an {@code ANCHOR_MISMATCH}; a SEALED head waits; a node that cannot be reached is not
 * an alarm.
 */
class EvmAnchorCheckIntegrationTests {

	private static LocalAnvil anvil;

	private static Web3j web3j;

	private static EvmLedger ledger;

	/**
	 * A second Anchor contract on the same chain (the witness may be told of the wrong
	 * one).
	 */
	private static String otherContract;

	private final TreeHeadSigner signer = TreeHeadSigner.generate(new SecureRandom());

	private final SecureRandom random = new SecureRandom();

	@BeforeAll
	static void deploy() throws Exception {
		anvil = LocalAnvil.ensureRunning();
		web3j = Web3j.build(new HttpService(LocalAnvil.RPC.toString()));
		Credentials owner = Credentials.create(LocalAnvil.DEV_PRIVATE_KEY);
		EvmLedgerSettings base = EvmLedgerSettings.of(LocalAnvil.RPC, LocalAnvil.CHAIN_ID, "");
		ledger = EvmLedger.connect(base.withContractAddress(EvmLedger.deployContract(web3j, owner, base)),
				LocalAnvil.DEV_PRIVATE_KEY);
		otherContract = EvmLedger.deployContract(web3j, owner, base);
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
	void aHeadAnchoredWhereItsReceiptSaysPassesAndASealedOneWaits() {
		ServedHead head = anchored(5);
		try (EvmAnchorCheck check = new EvmAnchorCheck(LocalAnvil.RPC, ledger.contractAddress())) {
			assertThat(check.anchored(head)).isTrue();
			assertThat(check.anchored(new ServedHead(head.signed(), "SEALED", null))).isFalse();
		}
	}

	@Test
	void aHeadWithAnotherRootThanTheChainHoldsIsAMismatch() {
		ServedHead head = anchored(7);
		byte[] root = head.signed().head().rootHash();
		root[0] ^= 1;
		TreeHead forged = new TreeHead(7, root, HashAlgorithm.SHA_256, head.signed().head().timestamp());
		ServedHead served = new ServedHead(this.signer.sign(forged), "ANCHORED", head.ledger());

		try (EvmAnchorCheck check = new EvmAnchorCheck(LocalAnvil.RPC, ledger.contractAddress())) {
			assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> check.anchored(served))
				.satisfies((alarm) -> {
					assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.ANCHOR_MISMATCH);
					assertThat(alarm.treeSize()).isEqualTo(7);
					assertThat(alarm.detail()).contains("ledger holds");
				});
		}
	}

	@Test
	void aReceiptNamingAnotherContractChainKindOrTransactionIsAMismatch() {
		ServedHead head = anchored(9);
		ServedHead.Receipt receipt = head.ledger();
		try (EvmAnchorCheck check = new EvmAnchorCheck(LocalAnvil.RPC, ledger.contractAddress());
				EvmAnchorCheck toldAnother = new EvmAnchorCheck(LocalAnvil.RPC, otherContract)) {
			assertMismatch(check, with(head, new ServedHead.Receipt("EVM", receipt.chainId(), receipt.txHash(),
					receipt.blockNumber(), receipt.timestamp(), otherContract)), "names contract");
			assertMismatch(toldAnother, head, "names contract");
			assertMismatch(check, with(head, new ServedHead.Receipt("EVM", "eip155:1", receipt.txHash(),
					receipt.blockNumber(), receipt.timestamp(), receipt.contractAddress())), "names chain eip155:1");
			assertMismatch(check,
					with(head,
							new ServedHead.Receipt("EMBEDDED", receipt.chainId(), receipt.txHash(),
									receipt.blockNumber(), receipt.timestamp(), receipt.contractAddress())),
					"anchored on EMBEDDED");
			assertMismatch(check,
					with(head,
							new ServedHead.Receipt("EVM", receipt.chainId(), receipt.txHash(),
									receipt.blockNumber() + 1, receipt.timestamp(), receipt.contractAddress())),
					"is in block");
			assertMismatch(check, with(head, null), "without a receipt");
			// a real anchor's receipt on a head of a size never anchored
			TreeHead unanchored = new TreeHead(12, new byte[32], HashAlgorithm.SHA_256, Instant.now());
			assertMismatch(check, new ServedHead(this.signer.sign(unanchored), "ANCHORED", receipt),
					"nothing anchored for tree size 12");
		}
	}

	@Test
	void aNodeThatCannotBeReachedIsNotAnAlarm() {
		ServedHead head = anchored(11);
		try (EvmAnchorCheck check = new EvmAnchorCheck(URI.create("http://127.0.0.1:1"), ledger.contractAddress())) {
			assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> check.anchored(head))
				.withMessageContaining("http://127.0.0.1:1");
		}
	}

	private ServedHead anchored(long size) {
		byte[] root = new byte[32];
		this.random.nextBytes(root);
		SignedTreeHead signed = this.signer
			.sign(new TreeHead(size, root, HashAlgorithm.SHA_256, Instant.ofEpochMilli(System.currentTimeMillis())));
		LedgerReceipt receipt = ledger.anchor(signed);
		assertThat(receipt.confirmed()).isTrue();
		return new ServedHead(signed, "ANCHORED", new ServedHead.Receipt("EVM", receipt.chainId(), receipt.txHash(),
				receipt.blockNumber(), receipt.timestamp(), ledger.contractAddress()));
	}

	private static ServedHead with(ServedHead head, ServedHead.Receipt receipt) {
		return new ServedHead(head.signed(), "ANCHORED", receipt);
	}

	private static void assertMismatch(EvmAnchorCheck check, ServedHead head, String detail) {
		assertThatExceptionOfType(WitnessAlarm.class).isThrownBy(() -> check.anchored(head)).satisfies((alarm) -> {
			assertThat(alarm.kind()).isEqualTo(WitnessAlarm.Kind.ANCHOR_MISMATCH);
			assertThat(alarm.detail()).contains(detail);
		});
	}

}
