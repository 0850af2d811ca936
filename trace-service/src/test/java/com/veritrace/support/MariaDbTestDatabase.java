package com.veritrace.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.test.util.TestPropertyValues;

/**
 * A database of the test run's own on the MariaDB (or MySQL) server that production-like
 * tests use, through MySQL Connector/J. Created once per JVM, dropped when the JVM exits.
 * The server defaults to 127.0.0.1:3306 as root without password; override with
 * VERITRACE_IT_DB_HOST, VERITRACE_IT_DB_USER, VERITRACE_IT_DB_PASSWORD. A missing server
 * fails the tests loudly.
 */
public final class MariaDbTestDatabase {

	private static final String HOST = env("VERITRACE_IT_DB_HOST", "127.0.0.1:3306");

	public static final String USER = env("VERITRACE_IT_DB_USER", "root");

	public static final String PASSWORD = env("VERITRACE_IT_DB_PASSWORD", "");

	private static final String OPTIONS = "useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";

	private static final Map<String, String> NAMES = new HashMap<>();

	private MariaDbTestDatabase() {
	}

	/** The JDBC URL of this run's database, creating it on first use. */
	public static String url() {
		return url("");
	}

	/**
	 * The JDBC URL of a further database of this run for {@code purpose} (created on
	 * first use), for application contexts that must not share the main one: each context
	 * runs its own anchor leader, and one database has one leader and one Merkle log.
	 */
	public static synchronized String url(String purpose) {
		String name = NAMES.get(purpose);
		if (name == null) {
			String candidate = "veritrace_it_" + (purpose.isEmpty() ? "" : purpose + "_")
					+ ProcessHandle.current().pid() + "_"
					+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
			execute("CREATE DATABASE " + candidate + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
			NAMES.put(purpose, candidate);
			name = candidate;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("DROP DATABASE IF EXISTS " + candidate)));
		}
		return "jdbc:mysql://" + HOST + "/" + name + "?" + OPTIONS;
	}

	/**
	 * What the test suite acknowledges of ProductionSafety's findings: its servers are
	 * local and throwaway.
	 */
	public static final String ALLOW_INSECURE = "root-database-user,database-without-tls,generated-keys,plaintext-kafka,"
			+ "webhooks-to-loopback";

	/** Points a context at {@link #url(String) the database for purpose}. */
	public static TestPropertyValues properties(String purpose) {
		return TestPropertyValues.of("spring.datasource.url=" + url(purpose), "spring.datasource.username=" + USER,
				"spring.datasource.password=" + PASSWORD,
				// the local test servers: root without TLS, generated keys, plaintext
				// Kafka (acknowledged here only)
				"veritrace.production.allow-insecure=" + ALLOW_INSECURE,
				// contexts stay cached for the whole run: an idle one shrinks to one
				// connection, so that the suite stays well below the server's
				// max_connections (151 by default)
				"spring.datasource.hikari.minimum-idle=1", "spring.datasource.hikari.idle-timeout=10000");
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + HOST + "/?" + OPTIONS, USER,
				PASSWORD); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Integration tests need the MariaDB/MySQL server at " + HOST + " (user "
					+ USER + "): " + ex.getMessage() + ". Start it with deploy/local/services.sh check (README: "
					+ "'Run the whole test suite') or set " + "VERITRACE_IT_DB_HOST / _USER / _PASSWORD.", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

}
