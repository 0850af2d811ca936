package com.veritrace.anchoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.jd.blockchain.crypto.Crypto;
import com.jd.blockchain.crypto.KeyGenUtils;
import com.jd.blockchain.ledger.BlockchainKeyGenerator;
import com.jd.blockchain.ledger.BlockchainKeypair;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.veritrace.anchor.JdChainLedger;
import com.veritrace.anchor.Ledger;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
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
 * The {@code jdchain} ledger wired into the application, with a JD Chain gateway that is
 * not there (a closed loopback port: no JD Chain node can run here). The application
 * starts, captures and logs events, and keeps its sealed tree head SEALED, retried with a
 * visible error; nothing is lost.
 */
@SpringBootTest(properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
		"veritrace.demo.enabled=false", "veritrace.anchor.batch.max-delay=200ms",
		"veritrace.anchor.batch.retry-delay=100ms" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = JdChainAnchoringIntegrationTests.UnreachableGateway.class)
class JdChainAnchoringIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Ledger ledger;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void withTheGatewayUnreachableTheHeadStaysSealedIsRetriedVisiblyAndNothingIsLost() throws Exception {
		assertThat(this.ledger).isInstanceOf(JdChainLedger.class);
		TestEvents events = new TestEvents(this.mvc);
		List<String> first = events.capture("J1", "J2", "J3");

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (attempts() < 3) {
			assertThat(System.nanoTime()).as("the sealed head was not retried").isLessThan(deadline);
			Thread.sleep(100);
		}
		List<String> later = events.capture("J4", "J5");
		waitForLeaves(later);

		List<String> heads = this.jdbc.queryForList("SELECT status FROM anchor_tree_head", String.class);
		assertThat(heads).as("one head, still SEALED: nothing new is sealed while the ledger fails")
			.containsExactly("SEALED");
		assertThat(this.jdbc.queryForObject("SELECT last_error FROM anchor_tree_head", String.class))
			.startsWith("JD Chain gateway http://127.0.0.1:" + UnreachableGateway.port + " not reachable");
		assertThat(this.meters.get("veritrace.anchor.ledger.failures").counter().count()).isGreaterThanOrEqualTo(3);
		assertThat(this.meters.get("veritrace.anchor.leaves.pending").gauge().value()).isEqualTo(2);
		for (String id : concat(first, later)) {
			this.mvc.perform(get("/api/v1/proofs/" + TestEvents.hex(id)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("PENDING"))
				.andExpect(jsonPath("$.leafIndex").isNumber());
		}
	}

	private int attempts() {
		List<Integer> attempts = this.jdbc.queryForList("SELECT attempts FROM anchor_tree_head", Integer.class);
		return attempts.isEmpty() ? 0 : attempts.get(0);
	}

	private void waitForLeaves(List<String> ids) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (String id : ids) {
			while (this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM anchor_leaf l JOIN trace_event e ON e.id = "
							+ "l.event_row_id WHERE e.event_hash = ?",
					Integer.class, (Object) java.util.HexFormat.of().parseHex(TestEvents.hex(id))) == 0) {
				assertThat(System.nanoTime()).as("event %s was not appended to the log", id).isLessThan(deadline);
				Thread.sleep(50);
			}
		}
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
	}

	/**
	 * {@code veritrace.anchor.ledger=jdchain} with settings as JD Chain's keygen prints
	 * them (a fresh key), a gateway port nothing listens on, and a database of its own.
	 */
	static class UnreachableGateway implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		static int port;

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			AnchorProperties.JdChain jd = settings(port);
			MariaDbTestDatabase.properties("jdchain")
				.and("veritrace.anchor.ledger=jdchain", "veritrace.anchor.jdchain.gateway-host=" + jd.gatewayHost(),
						"veritrace.anchor.jdchain.gateway-port=" + jd.gatewayPort(),
						"veritrace.anchor.jdchain.ledger-hash=" + jd.ledgerHash(),
						"veritrace.anchor.jdchain.data-account=" + jd.dataAccount(),
						"veritrace.anchor.jdchain.public-key=" + jd.publicKey(),
						"veritrace.anchor.jdchain.private-key=" + jd.privateKey(),
						"veritrace.anchor.jdchain.private-key-password=" + jd.privateKeyPassword())
				.applyTo(context.getEnvironment());
		}

		/**
		 * Settings as JD Chain's keygen prints them, for a fresh ED25519 key, a test
		 * ledger and a gateway port.
		 */
		static AnchorProperties.JdChain settings(int port) {
			BlockchainKeypair key = BlockchainKeyGenerator.getInstance().generate("ED25519");
			String password = "veritrace-test-password";
			return new AnchorProperties.JdChain("127.0.0.1", port, false,
					Crypto.getHashFunction("SHA256")
						.hash("veritrace test ledger".getBytes(StandardCharsets.UTF_8))
						.toBase58(),
					BlockchainKeyGenerator.getInstance().generate().getAddress().toBase58(),
					KeyGenUtils.encodePubKey(key.getPubKey()),
					KeyGenUtils.encodePrivKey(key.getPrivKey(), KeyGenUtils.encodePassword(password)),
					KeyGenUtils.encodePasswordAsBase58(password));
		}

	}

}
