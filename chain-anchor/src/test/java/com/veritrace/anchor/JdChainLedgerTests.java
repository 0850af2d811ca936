package com.veritrace.anchor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONException;
import com.alibaba.fastjson.parser.ParserConfig;
import com.jd.blockchain.crypto.Crypto;
import com.jd.blockchain.crypto.HashDigest;
import com.jd.blockchain.crypto.KeyGenUtils;
import com.jd.blockchain.ledger.BlockchainKeyGenerator;
import com.jd.blockchain.ledger.BlockchainKeypair;
import com.jd.blockchain.ledger.DataAccountKVSetOperation;
import com.jd.blockchain.ledger.DigitalSignature;
import com.jd.blockchain.ledger.TransactionContent;
import com.jd.blockchain.ledger.TransactionRequest;
import com.jd.blockchain.transaction.SignatureUtils;
import com.jd.blockchain.transaction.TxBuilder;
import com.jd.blockchain.transaction.TxRequestBuilder;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JD Chain ledger offline, with the official SDK: the anchor transaction's content
 * (one write-once KV entry of the data account holding the signed tree head), its content
 * hash and its endpoint signature (ED25519 and SM2); the settings as JD's keygen prints
 * them; and a gateway that is not there (a closed loopback port). No JD Chain node runs
 * here: submitting is not tested.
 */
class JdChainLedgerTests {

	private static final String PASSWORD = "veritrace-test-password";

	/**
	 * Settings as JD Chain's tools would print them, for a fresh key (the raw password is
	 * {@link #PASSWORD}).
	 */
	static JdChainSettings settings(String algorithm, int gatewayPort) {
		BlockchainKeypair key = BlockchainKeyGenerator.getInstance().generate(algorithm);
		HashDigest ledgerHash = Crypto.getHashFunction("SHA256")
			.hash("veritrace test ledger".getBytes(StandardCharsets.UTF_8));
		String dataAccount = BlockchainKeyGenerator.getInstance().generate().getAddress().toBase58();
		return new JdChainSettings("127.0.0.1", gatewayPort, false, ledgerHash.toBase58(), dataAccount,
				KeyGenUtils.encodePubKey(key.getPubKey()),
				KeyGenUtils.encodePrivKey(key.getPrivKey(), KeyGenUtils.encodePassword(PASSWORD)),
				KeyGenUtils.encodePasswordAsBase58(PASSWORD));
	}

	/** A loopback port nothing listens on (bound, then closed). */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ED25519", "SM2" })
	void decodesTheSettingsAsJdChainsKeygenPrintsThem(String algorithm) throws IOException {
		JdChainSettings settings = settings(algorithm, closedPort());

		try (JdChainLedger ledger = JdChainLedger.of(settings)) {
			assertThat(ledger.kind()).isEqualTo(LedgerKind.JDCHAIN);
			assertThat(ledger.rootsAddress()).contains(settings.dataAccount());
		}
		assertThat(settings.toString()).doesNotContain(settings.privateKey())
			.doesNotContain(settings.privateKeyPassword());
	}

	@Test
	void refusesSettingsThatDoNotDecodeNamingTheSetting() throws IOException {
		JdChainSettings good = settings("ED25519", closedPort());
		JdChainSettings other = settings("ED25519", closedPort());

		refused(with(good, "gateway-host", " ")).withMessage("gateway-host is required");
		refused(with(good, "gateway-port", "0")).withMessageStartingWith("gateway-port must be 1..65535");
		refused(with(good, "ledger-hash", "not-base58-0OIl"))
			.withMessageStartingWith("ledger-hash is not a base58 JD Chain hash digest");
		refused(with(good, "data-account", good.ledgerHash()))
			.withMessageStartingWith("data-account is not a base58 JD Chain address");
		refused(with(good, "public-key", good.dataAccount()))
			.withMessageStartingWith("public-key is not a base58 JD Chain public key");
		refused(with(good, "public-key", other.publicKey()))
			.withMessage("private-key does not belong to public-key (or private-key-password is not its password)");
		String wrongPassword = KeyGenUtils.encodePasswordAsBase58("wrong password");
		refused(with(good, "private-key-password", wrongPassword)).withMessageContaining("private-key")
			.withMessageNotContaining(wrongPassword)
			.withMessageNotContaining(good.privateKey())
			.withNoCause();
		String typo = good.privateKey().substring(0, 20) + "0OIl" + good.privateKey().substring(24);
		refused(with(good, "private-key", typo))
			.withMessageStartingWith("private-key is not a base58 encrypted JD Chain private key")
			.withMessageNotContaining(typo.substring(0, 20))
			.withMessageNotContaining(good.privateKeyPassword())
			.withNoCause();
	}

	private static ThrowableAssertAlternative<IllegalArgumentException> refused(JdChainSettings settings) {
		return assertThatIllegalArgumentException().isThrownBy(() -> JdChainLedger.of(settings));
	}

	/** {@code settings} with one setting (by its property name) replaced. */
	private static JdChainSettings with(JdChainSettings s, String name, String value) {
		return new JdChainSettings(name.equals("gateway-host") ? value : s.gatewayHost(),
				name.equals("gateway-port") ? Integer.parseInt(value) : s.gatewayPort(), s.secure(),
				name.equals("ledger-hash") ? value : s.ledgerHash(),
				name.equals("data-account") ? value : s.dataAccount(),
				name.equals("public-key") ? value : s.publicKey(), name.equals("private-key") ? value : s.privateKey(),
				name.equals("private-key-password") ? value : s.privateKeyPassword());
	}

	@Test
	void turnsOnFastjsonSafeModeSoThatTheGatewaysJsonCannotNameClasses() throws IOException {
		try (JdChainLedger ledger = JdChainLedger.of(settings("ED25519", closedPort()))) {
			assertThat(ParserConfig.getGlobalInstance().isSafeMode()).isTrue();
			assertThatExceptionOfType(JSONException.class)
				.isThrownBy(() -> JSON.parseObject("{\"@type\":\"java.net.Inet4Address\",\"val\":\"127.0.0.1\"}"))
				.withMessageContaining("safeMode");
		}
	}

	@Test
	void aGatewayThatIsNotThereFailsEachCallWithALedgerExceptionAndIsTriedAgain() throws IOException {
		int port = closedPort();
		SignedTreeHead signed = TreeHeadSigner.ed25519(new byte[32])
			.sign(new TreeHead(1, new byte[32], HashAlgorithm.SHA_256, Instant.parse("2026-11-24T04:00:00Z")));

		try (JdChainLedger ledger = JdChainLedger.of(settings("ED25519", port))) {
			for (int attempt = 0; attempt < 2; attempt++) {
				assertThatExceptionOfType(LedgerException.class).isThrownBy(() -> ledger.anchor(signed))
					.withMessageStartingWith("JD Chain gateway http://127.0.0.1:" + port + " not reachable");
			}
			assertThatExceptionOfType(LedgerException.class).isThrownBy(() -> ledger.lookup(1))
				.withMessageStartingWith("JD Chain gateway http://127.0.0.1:" + port + " not reachable");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ED25519", "SM2" })
	void buildsAndSignsTheAnchorTransactionOffline(String algorithm) {
		HashDigest ledgerHash = Crypto.getHashFunction("SHA256")
			.hash("veritrace test ledger".getBytes(StandardCharsets.UTF_8));
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
		assertThat(SignatureUtils.verifyHashSignature(otherHash, signature.getDigest(), endpoint.getPubKey()))
			.isFalse();
	}

}
