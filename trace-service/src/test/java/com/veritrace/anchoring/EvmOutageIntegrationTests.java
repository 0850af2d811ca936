package com.veritrace.anchoring;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import com.veritrace.anchor.AnchoredRoot;
import com.veritrace.anchor.Ledger;
import com.veritrace.anchor.ProofDocuments;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import com.veritrace.support.TcpProxy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A ledger outage with the {@code evm} ledger on the real anvil: the service reaches the
 * node through a TCP proxy that the test closes and opens again (fault injection, issue
 * 18: for a few seconds here, not 60 s; a waiting head is retried with the same back-off
 * however long the node is away). Sealed heads stay SEALED and are retried with a visible
 * error; when the node is back every head is anchored exactly once: the anchoring account
 * (a fresh one, funded with {@code anvil_setBalance}, so no other test shares its nonce)
 * sent one transaction per head and nothing else.
 */
@SpringBootTest(properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
		"veritrace.demo.enabled=false", "veritrace.anchor.batch.max-delay=200ms",
		"veritrace.anchor.batch.retry-delay=100ms", "veritrace.anchor.evm.receipt-timeout=5s" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = EvmOutageIntegrationTests.ProxiedChain.class)
class EvmOutageIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@AfterAll
	static void closeProxy() {
		ProxiedChain.proxy.close();
	}

	@Test
	void sealedHeadsSurviveAnOutageAndAreAnchoredExactlyOnceWhenTheNodeIsBack() throws Exception {
		TestEvents events = new TestEvents(this.mvc);
		List<String> ids = new ArrayList<>(events.capture("O1", "O2"));
		events.awaitProof(ids.get(1));
		double failuresBefore = failures();

		ProxiedChain.proxy.close();
		long cut = System.nanoTime();
		ids.addAll(events.capture("O3", "O4"));
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (maxAttemptsOfSealed() < 3) {
			assertThat(System.nanoTime()).as("no sealed head was retried").isLessThan(deadline);
			Thread.sleep(100);
		}
		ids.addAll(events.capture("O5"));
		awaitLeaves(ids.size());

		List<Map<String, Object>> sealed = this.jdbc
			.queryForList("SELECT tree_size, attempts, last_error FROM anchor_tree_head WHERE status = 'SEALED'");
		assertThat(sealed).as("one waiting head: nothing new is sealed while the node is away").hasSize(1);
		assertThat((String) sealed.get(0).get("last_error")).startsWith("EVM node not reachable");
		assertThat(failures()).isGreaterThan(failuresBefore + 2);
		for (String id : ids.subList(2, ids.size())) {
			this.mvc.perform(get("/api/v1/proofs/" + TestEvents.hex(id)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("PENDING"));
		}

		ProxiedChain.proxy.open();
		long outageMs = (System.nanoTime() - cut) / 1_000_000;
		long back = System.nanoTime();
		String last = events.awaitProof(ids.get(ids.size() - 1));
		long resumedMs = (System.nanoTime() - back) / 1_000_000;

		assertThat(ProofDocuments.verify(last).valid()).isTrue();
		for (String id : ids) {
			assertThat(ProofDocuments.verify(events.awaitProof(id)).valid()).as(id).isTrue();
		}
		List<Map<String, Object>> heads = this.jdbc
			.queryForList("SELECT tree_size, status, attempts, root_hash, tx_hash, block_number FROM anchor_tree_head "
					+ "ORDER BY tree_size");
		assertThat(heads).extracting((h) -> h.get("status")).containsOnly("ANCHORED");
		assertThat(heads).as("the head that waited was retried")
			.anySatisfy((h) -> assertThat(((Number) h.get("attempts")).intValue()).isGreaterThanOrEqualTo(3));
		for (Map<String, Object> head : heads) {
			long size = ((Number) head.get("tree_size")).longValue();
			AnchoredRoot onChain = this.ledger.lookup(size).orElseThrow();
			assertThat(onChain.rootHash()).isEqualTo((byte[]) head.get("root_hash"));
		}
		// one deployment and one anchor per head: no head was sent twice, none was
		// refused
		long transactions = ProxiedChain.transactionCount();
		assertThat(transactions).isEqualTo(1 + heads.size());
		// no head skipped (issue 18, fault injection): the heads grow with the log and
		// the last one covers every leaf; the chain holds none the database does not;
		// each head has a transaction of its own, mined in the order of the tree sizes
		long leaves = this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf", Long.class);
		List<Long> sizes = heads.stream().map((h) -> ((Number) h.get("tree_size")).longValue()).toList();
		assertThat(sizes).isSorted().doesNotHaveDuplicates();
		assertThat(sizes.get(sizes.size() - 1)).as("the last head covers every leaf").isEqualTo(leaves);
		assertThat(this.ledger.latestTreeSize()).hasValue(leaves);
		assertThat(heads).extracting((h) -> h.get("tx_hash")).doesNotContainNull().doesNotHaveDuplicates();
		List<Long> blocks = heads.stream().map((h) -> ((Number) h.get("block_number")).longValue()).toList();
		assertThat(blocks).as("blocks of the heads' anchors, in tree-size order").isSorted();
		org.slf4j.LoggerFactory.getLogger(EvmOutageIntegrationTests.class)
			.info("Fault EVM node down {} ms: {} events, {} leaves, heads {} in blocks {}, the waiting head tried {} "
					+ "times; all anchored {} ms after the node was back; {} transactions (1 deployment)", outageMs,
					ids.size(), leaves, sizes, blocks,
					heads.stream().mapToInt((h) -> ((Number) h.get("attempts")).intValue()).max().orElse(0), resumedMs,
					transactions);
	}

	private double failures() {
		return this.meters.get("veritrace.anchor.ledger.failures").counter().count();
	}

	private int maxAttemptsOfSealed() {
		Integer attempts = this.jdbc
			.queryForObject("SELECT MAX(attempts) FROM anchor_tree_head WHERE status = 'SEALED'", Integer.class);
		return (attempts == null) ? 0 : attempts;
	}

	private void awaitLeaves(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM anchor_leaf", Integer.class) < count) {
			assertThat(System.nanoTime()).as("events were not appended to the log").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	/**
	 * {@code veritrace.anchor.ledger=evm} through a {@link TcpProxy} to the local anvil,
	 * with a fresh account and a database of its own.
	 */
	static class ProxiedChain implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		static TcpProxy proxy;

		static Credentials account;

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			EvmTestChain.ensureAnvil();
			try {
				account = Credentials.create(Keys.createEcKeyPair());
				Web3j web3j = Web3j.build(new HttpService(EvmTestChain.RPC));
				Response<?> funded = new Request<>("anvil_setBalance",
						List.of(account.getAddress(), Numeric.toHexStringWithPrefix(BigInteger.TEN.pow(21))),
						new HttpService(EvmTestChain.RPC), Response.class)
					.send();
				web3j.shutdown();
				assertThat(funded.hasError()).as("anvil_setBalance").isFalse();
				proxy = new TcpProxy(URI.create(EvmTestChain.RPC).getPort()).open();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			MariaDbTestDatabase.properties("evm_outage")
				.and("veritrace.anchor.ledger=evm", "veritrace.anchor.evm.rpc-url=http://127.0.0.1:" + proxy.port(),
						"veritrace.anchor.evm.chain-id=31337",
						"veritrace.anchor.evm.private-key="
								+ Numeric.toHexStringWithPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64))
				.applyTo(context.getEnvironment());
		}

		/**
		 * Transactions the account has sent (straight to anvil, not through the proxy).
		 */
		static long transactionCount() throws IOException {
			Web3j web3j = Web3j.build(new HttpService(EvmTestChain.RPC));
			try {
				return web3j.ethGetTransactionCount(account.getAddress(), DefaultBlockParameterName.PENDING)
					.send()
					.getTransactionCount()
					.longValueExact();
			}
			finally {
				web3j.shutdown();
			}
		}

	}

}
