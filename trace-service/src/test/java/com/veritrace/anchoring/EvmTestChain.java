package com.veritrace.anchoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The EVM ledger's test set-up: the local anvil of deploy/evm/start-anvil.sh on 127.0.0.1:8545
 * (started through that script when nothing answers; a failure fails the tests) and a database of
 * its own on the test MariaDB server, so that this log does not mix with the embedded ledger's.
 * Anchors from anvil's third dev account (the chain-anchor tests use the first).
 */
public class EvmTestChain implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String RPC = "http://127.0.0.1:8545";

	/** anvil's third default dev account (publicly known, test only). */
	static final String DEV_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";

	private static final String HOST = env("VERITRACE_IT_DB_HOST", "127.0.0.1:3306");

	private static final String USER = env("VERITRACE_IT_DB_USER", "root");

	private static final String PASSWORD = env("VERITRACE_IT_DB_PASSWORD", "");

	private static final String OPTIONS = "useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	private static String database;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ensureAnvil();
		TestPropertyValues
			.of("spring.datasource.url=" + url(), "spring.datasource.username=" + USER,
					"spring.datasource.password=" + PASSWORD, "veritrace.anchor.ledger=evm",
					"veritrace.anchor.evm.rpc-url=" + RPC, "veritrace.anchor.evm.chain-id=31337",
					"veritrace.anchor.evm.private-key=" + DEV_KEY)
			.applyTo(context.getEnvironment());
	}

	static synchronized String url() {
		if (database == null) {
			String name = "veritrace_it_evm_" + ProcessHandle.current().pid() + "_"
					+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
			execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
			database = name;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + name)));
		}
		return "jdbc:mysql://" + HOST + "/" + database + "?" + OPTIONS;
	}

	static void ensureAnvil() {
		if (answers()) {
			return;
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.exists(dir.resolve("deploy/evm/start-anvil.sh"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("deploy/evm/start-anvil.sh not found above " + Path.of("").toAbsolutePath());
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

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + HOST + "/?" + OPTIONS, USER,
				PASSWORD); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("the integration tests need the MariaDB server at " + HOST + ": "
					+ ex.getMessage(), ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
