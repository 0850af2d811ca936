package com.veritrace.anchoring;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import com.veritrace.CryptoProfile;
import com.veritrace.CryptoProperties;
import com.veritrace.anchor.EvmLedger;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.EvmLedgerSettings;
import com.veritrace.anchor.JdChainLedger;
import com.veritrace.anchor.JdChainSettings;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.LogHasher;
import com.veritrace.anchor.MerkleLog;
import com.veritrace.anchor.TreeHeadSigner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

/**
 * Wires chain-anchor: the database-backed log, the tree-head signer and the configured
 * ledger.
 */
@Configuration(proxyBeanMethods = false)
class AnchorConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AnchorConfiguration.class);

	/**
	 * A class of the JD Chain SDK, present only when the application was built with it.
	 */
	private static final String JDCHAIN_SDK_CLASS = "com.jd.blockchain.sdk.client.GatewayServiceFactory";

	/**
	 * The log's hash: the crypto profile's ({@code veritrace.anchor.hash-algorithm} may
	 * repeat it).
	 */
	@Bean
	LogHasher anchorLogHasher(AnchorProperties properties, CryptoProperties crypto, JdbcTemplate jdbc) {
		HashAlgorithm hash = crypto.profile().logHash(properties.hashAlgorithm());
		checkLogHash(jdbc, hash, crypto.profile());
		return LogHasher.of(hash);
	}

	/**
	 * Stops start-up when the database's log was hashed with another algorithm than the
	 * one configured now (the crypto profile changed on an existing log): a log cannot
	 * change its hash, its tree heads would no longer verify.
	 * @throws CryptoProfile.CryptoProfileException naming both and what to do
	 */
	static void checkLogHash(JdbcTemplate jdbc, HashAlgorithm hash, CryptoProfile profile) {
		List<String[]> newest = jdbc.query(
				"SELECT tree_size, hash_algorithm FROM anchor_tree_head ORDER BY tree_size DESC LIMIT 1",
				(rs, n) -> new String[] { rs.getString(1), rs.getString(2) });
		if (!newest.isEmpty() && !newest.get(0)[1].equalsIgnoreCase(hash.standardName())) {
			throw new CryptoProfile.CryptoProfileException("The transparency log in this database is hashed with "
					+ newest.get(0)[1] + " (its newest tree head, size " + newest.get(0)[0]
					+ "), but veritrace.crypto.profile=" + profile.settingValue() + " hashes it with "
					+ hash.standardName() + ". A log cannot change its hash: start with the profile it was made "
					+ "with, or with a new database for the other profile (docs/TRANSPARENCY.md, "
					+ "\"National-crypto profile\")");
		}
	}

	@Bean
	JdbcNodeStore anchorNodeStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock,
			LogHasher anchorLogHasher) {
		return new JdbcNodeStore(jdbc, new TransactionTemplate(transactions), clock, anchorLogHasher);
	}

	/**
	 * A read-only view of the log for proofs, on every node (the leader appends through
	 * its own instance).
	 */
	@Bean
	MerkleLog anchorProofLog(LogHasher anchorLogHasher, JdbcNodeStore anchorNodeStore) {
		return new MerkleLog(anchorLogHasher, anchorNodeStore);
	}

	@Bean
	AnchorKeys anchorKeys(JdbcTemplate jdbc, AnchorProperties properties) {
		return new AnchorKeys(jdbc, properties.keys());
	}

	/**
	 * The log's keys, generated with the crypto profile's algorithm when none is
	 * configured; the sm profile refuses the hex Ed25519 {@code signing-key} and any key,
	 * its own or a witness's, that is not SM2.
	 */
	@Bean
	AnchorKeys.Keyring logKeyring(AnchorKeys keys, AnchorProperties properties, CryptoProperties crypto) {
		CryptoProfile profile = crypto.profile();
		profile.checkSigningKeySetting(properties.signingKey());
		AnchorKeys.Keyring keyring = keys.keyring(properties.signingKey(), profile.signatureAlgorithm());
		Object file = properties.keys().signingKeyFile() != null ? properties.keys().signingKeyFile()
				: properties.keys().dir().resolve(AnchorKeys.SIGNING + ".pem");
		profile.checkKey("The tree-head signing key (" + file + ")", keyring.signer().algorithm());
		for (AnchorKeys.WitnessKey witness : keyring.witnesses()) {
			profile.checkKey("Witness " + witness.name() + "'s public key", witness.key().algorithm());
		}
		return keyring;
	}

	@Bean
	TreeHeadSigner treeHeadSigner(AnchorKeys.Keyring logKeyring) {
		return logKeyring.signer();
	}

	@Bean
	Ledger anchorLedger(AnchorProperties properties, AnchorKeys keys, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, Clock clock) {
		return switch (properties.ledger()) {
			case EMBEDDED -> new JdbcLedger(jdbc, new TransactionTemplate(transactions), clock,
					keys.secret(AnchorKeys.LEDGER, null, 32), "veritrace");
			case EVM -> evmLedger(properties.evm(), jdbc, clock);
			case JDCHAIN -> jdChainLedger(properties.jdchain());
		};
	}

	static EvmLedger evmLedger(AnchorProperties.Evm evm, JdbcTemplate jdbc, Clock clock) {
		if (evm.privateKey() == null || evm.privateKey().isBlank()) {
			throw new IllegalStateException("veritrace.anchor.ledger=evm needs veritrace.anchor.evm.private-key "
					+ "(the account that owns the Anchor contract)");
		}
		EvmLedgerSettings settings = new EvmLedgerSettings(evm.rpcUrl(), evm.chainId(), "", evm.gasLimit(),
				evm.gasPrice(), evm.pollInterval(), evm.receiptTimeout());
		Credentials credentials;
		try {
			credentials = Credentials.create(evm.privateKey().strip());
		}
		catch (RuntimeException ex) {
			// no cause: web3j's message quotes the digits it could not parse
			throw new IllegalStateException("veritrace.anchor.evm.private-key is not a hex secp256k1 private key");
		}
		String address = evm.contractAddress();
		if (address == null || address.isBlank()) {
			// development: deploy once per chain and account, and share the address
			// through
			// the database with every node
			String name = ("evm:" + evm.chainId() + ":" + credentials.getAddress()).substring(0, 32);
			Web3j web3j = Web3j.build(new HttpService(evm.rpcUrl().toString()));
			try {
				address = sharedContract(jdbc, clock, name, a -> hasCode(web3j, a),
						() -> EvmLedger.deployContract(web3j, credentials, settings), DEPLOY_CLAIM_TIMEOUT);
			}
			finally {
				web3j.shutdown();
			}
			log.info("The Anchor contract is at {} on chain {}", address, evm.chainId());
		}
		EvmLedger ledger = new EvmLedger(Web3j.build(new HttpService(evm.rpcUrl().toString())), credentials,
				settings.withContractAddress(address));
		log.info("Anchoring on EVM chain {} at {} (contract {})", evm.chainId(),
				AnchorProperties.withoutUserInfo(evm.rpcUrl()), ledger.contractAddress());
		return ledger;
	}

	/**
	 * The JD Chain ledger: settings are checked now (a clear start-up error), the gateway
	 * is contacted on the first anchor (unreachable: a retried anchoring failure, not a
	 * start-up crash).
	 */
	static Ledger jdChainLedger(AnchorProperties.JdChain jd) {
		if (!ClassUtils.isPresent(JDCHAIN_SDK_CLASS, AnchorConfiguration.class.getClassLoader())) {
			throw new IllegalStateException("veritrace.anchor.ledger=jdchain needs the JD Chain SDK, which this build "
					+ "leaves out: build the application with the jdchain profile (./mvnw -Pjdchain -DskipTests clean package)");
		}
		Map<String, @Nullable String> required = new LinkedHashMap<>();
		required.put("gateway-host", jd.gatewayHost());
		required.put("ledger-hash", jd.ledgerHash());
		required.put("data-account", jd.dataAccount());
		required.put("public-key", jd.publicKey());
		required.put("private-key", jd.privateKey());
		required.put("private-key-password", jd.privateKeyPassword());
		List<String> missing = required.entrySet()
			.stream()
			.filter((e) -> e.getValue() == null || e.getValue().isBlank())
			.map((e) -> "veritrace.anchor.jdchain." + e.getKey())
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("veritrace.anchor.ledger=jdchain needs " + String.join(", ", missing)
					+ " (the gateway, the ledger and registered data account the roots go to, and the key pair "
					+ "that may write it, as JD Chain's keygen prints them)");
		}
		JdChainLedger ledger;
		try {
			ledger = JdChainLedger.of(new JdChainSettings(jd.gatewayHost(), jd.gatewayPort(), jd.secure(),
					jd.ledgerHash(), jd.dataAccount(), jd.publicKey(), jd.privateKey(), jd.privateKeyPassword()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("veritrace.anchor.jdchain." + ex.getMessage(), ex);
		}
		log.info("Anchoring on JD Chain ledger {} (data account {}) through the gateway {}:{}; connecting on the "
				+ "first anchor", jd.ledgerHash(), jd.dataAccount(), jd.gatewayHost(), jd.gatewayPort());
		return ledger;
	}

	/**
	 * How long a node's claim to deploy the contract holds before another node may take
	 * over.
	 */
	static final Duration DEPLOY_CLAIM_TIMEOUT = Duration.ofMinutes(2);

	private static final String DEPLOYING = "deploying";

	/**
	 * The contract every node of this database uses, under {@code name} in
	 * {@code anchor_key}: the stored address when the chain has code there; otherwise one
	 * node claims the deployment (a row {@code deploying}, written by one conditional
	 * statement), deploys and stores the address, while the others wait for it. A claim
	 * older than {@code claimTimeout} (its node died while deploying) is taken over, and
	 * a stored address without code (a fresh development chain) is deployed again the
	 * same way. Without this, nodes started together each deployed a contract of their
	 * own and anchored to different contracts.
	 */
	static String sharedContract(JdbcTemplate jdbc, Clock clock, String name, Predicate<String> hasCode,
			Supplier<String> deploy, Duration claimTimeout) {
		long deadline = clock.millis() + 2 * claimTimeout.toMillis();
		while (true) {
			List<Map.Entry<String, Long>> stored = jdbc.query(
					"SELECT secret, created_ms FROM anchor_key WHERE name = ?",
					(rs, n) -> Map.entry(new String(rs.getBytes(1), StandardCharsets.US_ASCII), rs.getLong(2)), name);
			long now = clock.millis();
			boolean claimed;
			if (stored.isEmpty()) {
				try {
					claimed = jdbc.update("INSERT INTO anchor_key (name, secret, created_ms) VALUES (?, ?, ?)", name,
							DEPLOYING.getBytes(StandardCharsets.US_ASCII), now) == 1;
				}
				catch (DuplicateKeyException another) {
					claimed = false;
				}
			}
			else {
				String value = stored.get(0).getKey();
				long since = stored.get(0).getValue();
				boolean waiting = value.equals(DEPLOYING) && since > now - claimTimeout.toMillis();
				if (!value.equals(DEPLOYING) && hasCode.test(value)) {
					return value;
				}
				claimed = !waiting && jdbc.update(
						"UPDATE anchor_key SET secret = ?, created_ms = ? WHERE name = ? AND secret = ? AND created_ms = ?",
						DEPLOYING.getBytes(StandardCharsets.US_ASCII), now, name,
						value.getBytes(StandardCharsets.US_ASCII), since) == 1;
			}
			if (claimed) {
				String address;
				try {
					address = deploy.get();
				}
				catch (RuntimeException ex) {
					jdbc.update("DELETE FROM anchor_key WHERE name = ? AND secret = ? AND created_ms = ?", name,
							DEPLOYING.getBytes(StandardCharsets.US_ASCII), now);
					throw ex;
				}
				if (jdbc.update(
						"UPDATE anchor_key SET secret = ?, created_ms = ? WHERE name = ? AND secret = ? AND created_ms = ?",
						address.getBytes(StandardCharsets.US_ASCII), clock.millis(), name,
						DEPLOYING.getBytes(StandardCharsets.US_ASCII), now) == 1) {
					log.info("Deployed the Anchor contract at {}", address);
					return address;
				}
				// this deployment took longer than the claim, and another node took over:
				// its contract is the one
				log.warn("Deployed an Anchor contract at {} after another node took the deployment over; not used",
						address);
			}
			if (clock.millis() > deadline) {
				throw new IllegalStateException("another node claimed the deployment of the Anchor contract (" + name
						+ ") and no address arrived within " + 2 * claimTimeout.toSeconds() + " s");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for the Anchor contract", ex);
			}
		}
	}

	private static boolean hasCode(Web3j web3j, String address) {
		try {
			String code = web3j.ethGetCode(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
				.send()
				.getCode();
			return code != null && !code.equals("0x") && !code.isEmpty();
		}
		catch (java.io.IOException ex) {
			throw new com.veritrace.anchor.LedgerException("EVM node not reachable: " + ex.getMessage(), ex);
		}
	}

}
