package com.veritrace.anchor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import com.jd.blockchain.crypto.Crypto;
import com.jd.blockchain.crypto.HashDigest;
import com.jd.blockchain.ledger.BlockchainKeyGenerator;
import com.jd.blockchain.ledger.BlockchainKeypair;
import com.jd.blockchain.ledger.DataAccountKVSetOperation;
import com.jd.blockchain.ledger.DigitalSignature;
import com.jd.blockchain.ledger.TransactionContent;
import com.jd.blockchain.ledger.TransactionRequest;
import com.jd.blockchain.transaction.SignatureUtils;
import com.jd.blockchain.transaction.TxBuilder;
import com.jd.blockchain.transaction.TxRequestBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JD Chain ledger offline, with the official SDK: the anchor transaction's content (one
 * write-once KV entry of the data account holding the signed tree head), its content hash and its
 * endpoint signature (ED25519 and SM2). No JD Chain node runs here: submitting is not tested.
 */
class JdChainLedgerTests {

	@ParameterizedTest
	@ValueSource(strings = { "ED25519", "SM2" })
	void buildsAndSignsTheAnchorTransactionOffline(String algorithm) {
		HashDigest ledgerHash = Crypto.getHashFunction("SHA256").hash("veritrace test ledger".getBytes(StandardCharsets.UTF_8));
		String dataAccount = BlockchainKeyGenerator.getInstance().generate().getAddress().toBase58();
		MerkleLog log = MerkleLog.inMemory(HashAlgorithm.SHA_256);
		log.appendAll(TestData.RFC6962_ENTRIES);
		SignedTreeHead signed = TreeHeadSigner.ed25519(new byte[32])
			.sign(new TreeHead(8, log.root(), HashAlgorithm.SHA_256, Instant.parse("2026-11-24T04:00:00.123Z")));

		TransactionContent content = JdChainLedger.buildAnchor(ledgerHash, dataAccount, signed);

		assertThat(content.getLedgerHash()).isEqualTo(ledgerHash);
		assertThat(content.getOperations()).hasSize(1);
		DataAccountKVSetOperation write = (DataAccountKVSetOperation) content.getOperations()[0];
		assertThat(write.getAccountAddress().toBase58()).isEqualTo(dataAccount);
		assertThat(write.getWriteSet()).hasSize(1);
		assertThat(write.getWriteSet()[0].getKey()).isEqualTo("veritrace/sth/8");
		assertThat(write.getWriteSet()[0].getExpectedVersion()).as("write-once: only a new key").isEqualTo(-1);
		String value = new String(write.getWriteSet()[0].getValue().getBytes().toBytes(), StandardCharsets.UTF_8);
		assertThat(value).isEqualTo(HexFormat.of().formatHex(signed.head().toSignedBytes()) + ":"
				+ HexFormat.of().formatHex(signed.signature()));
		assertThat(TreeHead.fromSignedBytes(HexFormat.of().parseHex(value.substring(0, value.indexOf(':')))))
			.isEqualTo(signed.head());

		HashDigest txHash = TxBuilder.computeTxContentHash(ledgerHash.getAlgorithm(), content);
		assertThat(TxBuilder.verifyTxContentHash(content, txHash)).isTrue();
		BlockchainKeypair endpoint = BlockchainKeyGenerator.getInstance().generate(algorithm);
		TxRequestBuilder request = new TxRequestBuilder(txHash, content);
		DigitalSignature signature = request.signAsEndpoint(endpoint);
		TransactionRequest built = request.buildRequest();

		assertThat(built.getTransactionHash()).isEqualTo(txHash);
		assertThat(built.getEndpointSignatures()).hasSize(1);
		assertThat(SignatureUtils.verifyHashSignature(txHash, signature.getDigest(), endpoint.getPubKey())).isTrue();
		// a signature does not carry over to another tree head's transaction
		SignedTreeHead other = TreeHeadSigner.ed25519(new byte[32])
			.sign(new TreeHead(7, log.root(7), HashAlgorithm.SHA_256, Instant.parse("2026-11-24T04:00:00.123Z")));
		HashDigest otherHash = TxBuilder.computeTxContentHash(ledgerHash.getAlgorithm(),
				JdChainLedger.buildAnchor(ledgerHash, dataAccount, other));
		assertThat(otherHash).isNotEqualTo(txHash);
		assertThat(SignatureUtils.verifyHashSignature(otherHash, signature.getDigest(), endpoint.getPubKey())).isFalse();
	}

}
