package com.veritrace.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of a fault-injection test's own ({@code /usr/sbin/mariadbd}), so that
 * the test can kill it with SIGKILL and start it again without touching the shared server
 * on 3306 that every other test uses. Its data directory is made with
 * {@code mariadb-install-db} under {@code target/faults/}; it listens on a free loopback
 * port ({@link FreePorts}) and a socket of its own, runs as the current user
 * ({@code --user=root} when that is root, as in CI) and is killed by {@link #close()}
 * and, should the test JVM end first, by a shutdown hook. A server left by a JVM that was
 * killed itself is found by its pid file and killed at the next start. Test only.
 */
public final class PrivateMariaDb implements AutoCloseable {

	private static final String MARIADBD = "/usr/sbin/mariadbd";

	private final Path dir;

	private final int port;

	private final Thread hook = new Thread(this::kill, "private-mariadb-kill");

	private Process process;

	private PrivateMariaDb(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	/**
	 * A new data directory under {@code target/faults/name} (the previous one, and a
	 * server still running on it, removed first) and the server started on it.
	 */
	public static PrivateMariaDb start(String name) throws Exception {
		Path dir = Path.of("target", "faults", name).toAbsolutePath();
		killLeftover(dir.resolve("mariadbd.pid"));
		deleteRecursively(dir);
		Files.createDirectories(dir);
		run(dir.resolve("install.log"), "mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
				"--user=" + user(), "--auth-root-authentication-method=normal", "--skip-test-db");
		PrivateMariaDb server = new PrivateMariaDb(dir, FreePorts.below(1));
		Runtime.getRuntime().addShutdownHook(server.hook);
		server.startServer();
		return server;
	}

	public int port() {
		return this.port;
	}

	/** A JDBC URL of {@code database} on this server (created when missing). */
	public String url(String database) throws SQLException {
		execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		return "jdbc:mysql://127.0.0.1:" + this.port + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
	}

	/** Kills the server with SIGKILL and waits until it is gone. */
	public synchronized void kill() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Starts the server again on the same data directory and port (crash recovery). */
	public synchronized void restart() throws Exception {
		kill();
		startServer();
	}

	private void startServer() throws Exception {
		List<String> command = List.of(MARIADBD, "--no-defaults", "--datadir=" + this.dir.resolve("data"),
				"--port=" + this.port, "--bind-address=127.0.0.1", "--socket=" + this.dir.resolve("mariadbd.sock"),
				"--pid-file=" + this.dir.resolve("mariadbd.pid"), "--user=" + user(), "--skip-log-bin",
				"--innodb-buffer-pool-size=64M", "--max-connections=100",
				"--log-error=" + this.dir.resolve("error.log"));
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("console.log").toFile())
			.start();
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			try {
				execute("SELECT 1");
				return;
			}
			catch (SQLException ex) {
				if (!this.process.isAlive() || System.nanoTime() > until) {
					kill();
					throw new IllegalStateException("private mariadbd did not start on port " + this.port + ": "
							+ tail(this.dir.resolve("error.log")), ex);
				}
				Thread.sleep(100);
			}
		}
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager
			.getConnection("jdbc:mysql://127.0.0.1:" + this.port + "/?useSSL=false&connectTimeout=1000", "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private static String user() {
		return System.getProperty("user.name");
	}

	private static void killLeftover(Path pidFile) throws IOException {
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		long pid = Long.parseLong(Files.readString(pidFile).strip());
		ProcessHandle.of(pid)
			.filter(p -> p.info().commandLine().orElse("").contains(pidFile.getParent().toString()))
			.ifPresent(ProcessHandle::destroyForcibly);
	}

	private static void run(Path log, String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " failed: " + tail(log));
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no " + log + ")";
		}
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (var paths = Files.walk(dir)) {
				paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

}
