package com.veritrace.anchoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.veritrace.support.MariaDbTestDatabase;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The EVM ledger's test set-up: the local anvil of deploy/evm/start-anvil.sh on
 * 127.0.0.1:8545 (started through that script when nothing answers; a failure fails the
 * tests) and a database of its own on the test MariaDB server
 * ({@code MariaDbTestDatabase.url("evm")}), so that this log does not mix with the
 * embedded ledger's. Anchors from anvil's third dev account (the chain-anchor tests use
 * the first).
 */
public class EvmTestChain implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String RPC = "http://127.0.0.1:8545";

	/** anvil's third default dev account (publicly known, test only). */
	static final String DEV_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ensureAnvil();
		MariaDbTestDatabase.properties("evm")
			.and("veritrace.anchor.ledger=evm", "veritrace.anchor.evm.rpc-url=" + RPC,
					"veritrace.anchor.evm.chain-id=31337", "veritrace.anchor.evm.private-key=" + DEV_KEY)
			.applyTo(context.getEnvironment());
	}

	public static void ensureAnvil() {
		if (answers()) {
			return;
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("deploy/evm/start-anvil.sh"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException(
					"deploy/evm/start-anvil.sh not found above " + Path.of("").toAbsolutePath());
		}
		try {
			Process process = new ProcessBuilder("bash", dir.resolve("deploy/evm/start-anvil.sh").toString())
				.inheritIO()
				.start();
			if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("deploy/evm/start-anvil.sh failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run deploy/evm/start-anvil.sh: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (!answers()) {
			throw new IllegalStateException("the EVM integration tests need anvil on " + RPC + "; nothing answers");
		}
	}

	private static boolean answers() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(RPC))
					.timeout(Duration.ofSeconds(2))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.body().contains("\"result\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
