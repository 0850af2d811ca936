package com.veritrace.anchoring;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EvmConfigurationTests {

	@Test
	void aMalformedPrivateKeyFailsWithoutQuotingIt() {
		String typo = "0x8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8g";
		AnchorProperties.Evm evm = new AnchorProperties.Evm(URI.create("http://127.0.0.1:1"), 31337, null, typo,
				BigInteger.valueOf(200_000), null, Duration.ofMillis(50), Duration.ofSeconds(1));
		assertThatIllegalStateException().isThrownBy(() -> AnchorConfiguration.evmLedger(evm, null, Clock.systemUTC()))
			.withMessage("veritrace.anchor.evm.private-key is not a hex secp256k1 private key")
			.withNoCause();
	}

	/**
	 * Nodes started together without a configured contract (issue 18): one deploys, all
	 * use its address. Before, each deployed a contract of its own.
	 */
	@Test
	void nodesStartingTogetherShareOneDeployedContract() throws Exception {
		JdbcTemplate jdbc = anchorKeys();
		AtomicInteger deployments = new AtomicInteger();
		Set<String> onChain = ConcurrentHashMap.newKeySet();
		Supplier<String> deploy = () -> {
			sleep(300);
			String address = "0x" + deployments.incrementAndGet();
			onChain.add(address);
			return address;
		};
		int nodes = 4;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(nodes);
		List<Future<String>> addresses = new ArrayList<>();
		for (int i = 0; i < nodes; i++) {
			addresses.add(pool.submit(() -> {
				start.await();
				return AnchorConfiguration.sharedContract(jdbc, Clock.systemUTC(), "evm:test", onChain::contains,
						deploy, Duration.ofSeconds(10));
			}));
		}
		start.countDown();
		Set<String> used = ConcurrentHashMap.newKeySet();
		for (Future<String> address : addresses) {
			used.add(address.get(30, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(deployments).hasValue(1);
		assertThat(used).containsExactly("0x1");
	}

	@Test
	void aStaleClaimOrAnAddressWithoutCodeIsDeployedAgainAndAFailedDeploymentLeavesNoClaim() {
		JdbcTemplate jdbc = anchorKeys();
		AtomicInteger deployments = new AtomicInteger();
		Supplier<String> deploy = () -> "0x" + deployments.incrementAndGet();
		Clock clock = Clock.systemUTC();
		// a node died while deploying, three minutes ago (claims hold two)
		jdbc.update("INSERT INTO anchor_key (name, secret, created_ms) VALUES ('evm:test', ?, ?)",
				"deploying".getBytes(), clock.millis() - 180_000);
		assertThat(
				AnchorConfiguration.sharedContract(jdbc, clock, "evm:test", a -> true, deploy, Duration.ofMinutes(2)))
			.isEqualTo("0x1");
		// stored, and the chain has code there: used as it is
		assertThat(
				AnchorConfiguration.sharedContract(jdbc, clock, "evm:test", a -> true, deploy, Duration.ofMinutes(2)))
			.isEqualTo("0x1");
		// a fresh development chain: no code at the stored address
		assertThat(AnchorConfiguration.sharedContract(jdbc, clock, "evm:test", a -> !a.equals("0x1"), deploy,
				Duration.ofMinutes(2)))
			.isEqualTo("0x2");
		// a deployment that fails leaves no claim behind: the next start deploys at once
		jdbc.update("DELETE FROM anchor_key");
		assertThatIllegalStateException()
			.isThrownBy(() -> AnchorConfiguration.sharedContract(jdbc, clock, "evm:test", a -> true, () -> {
				throw new IllegalStateException("node unreachable");
			}, Duration.ofMinutes(2)))
			.withMessage("node unreachable");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM anchor_key", Integer.class)).isZero();
	}

	private static JdbcTemplate anchorKeys() {
		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource("jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
		jdbc.execute("CREATE TABLE anchor_key (name VARCHAR(32) PRIMARY KEY, secret VARBINARY(64) NOT NULL, "
				+ "created_ms BIGINT NOT NULL)");
		return jdbc;
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
