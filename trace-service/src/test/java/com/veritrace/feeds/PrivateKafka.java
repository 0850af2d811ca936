package com.veritrace.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;

import com.veritrace.support.FreePorts;

/**
 * A KRaft broker of a fault-injection test's own, started by
 * {@code deploy/kafka/start-kafka.sh --port --dir} (the script the shared broker on 9092
 * comes from) on a free loopback port below the ephemeral range ({@link FreePorts}) with
 * its data under {@code target/faults/}, so that the test can stop it, kill it with
 * SIGKILL and start it again without touching the shared broker. {@link #close()} (and,
 * should the test JVM end first, a shutdown hook) kills it. Test only.
 */
final class PrivateKafka implements AutoCloseable {

	private final Path dir;

	private final int port;

	private final Thread hook = new Thread(this::kill, "private-kafka-kill");

	private PrivateKafka(Path dir, int port) {
		this.dir = dir;
		this.port = port;
	}

	static PrivateKafka start(String name) throws Exception {
		Path dir = Path.of("target", "faults", name).toAbsolutePath();
		killLeftover(dir.resolve("kafka.pid"));
		if (Files.exists(dir)) {
			try (var paths = Files.walk(dir)) {
				paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		PrivateKafka broker = new PrivateKafka(dir, FreePorts.below(2));
		Runtime.getRuntime().addShutdownHook(broker.hook);
		broker.startBroker();
		return broker;
	}

	String bootstrap() {
		return "127.0.0.1:" + this.port;
	}

	/** Starts the broker again on the same data directory and port. */
	void startBroker() throws Exception {
		script("start-kafka.sh", "--port", Integer.toString(this.port), "--dir", this.dir.toString());
	}

	/** A clean stop: SIGTERM, as {@code stop-kafka.sh} sends, waiting for the exit. */
	void stop() throws Exception {
		script("stop-kafka.sh", "--dir", this.dir.toString());
	}

	/** SIGKILL, waiting until the process is gone. */
	void kill() {
		Path pidFile = this.dir.resolve("kafka.pid");
		try {
			if (Files.isRegularFile(pidFile)) {
				ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(p -> {
					p.destroyForcibly();
					p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
				});
				Files.deleteIfExists(pidFile);
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("could not kill the private broker in " + this.dir, ex);
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

	/**
	 * {@link LocalKafka#producer}'s settings (not idempotent): a record whose
	 * acknowledgement was lost in a restart is sent again, so the topic may hold it
	 * twice, and the store must keep it once.
	 */
	KafkaProducer<String, byte[]> producer() {
		return LocalKafka.producer(bootstrap());
	}

	private void script(String name, String... arguments) throws Exception {
		Path script = findScript(name);
		String[] command = new String[arguments.length + 1];
		command[0] = script.toString();
		System.arraycopy(arguments, 0, command, 1, arguments.length);
		Files.createDirectories(this.dir);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dir.resolve("script.log").toFile()))
			.start();
		if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(
					name + " failed: " + String.join("\n", Files.readAllLines(this.dir.resolve("script.log"))));
		}
	}

	private static Path findScript(String name) {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path script = dir.resolve("deploy/kafka/" + name);
			if (Files.isExecutable(script)) {
				return script;
			}
		}
		throw new IllegalStateException("no deploy/kafka/" + name + " above " + Path.of("").toAbsolutePath());
	}

	private static void killLeftover(Path pidFile) throws IOException {
		if (Files.isRegularFile(pidFile)) {
			ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
				.filter(p -> p.info().commandLine().orElse("").contains(pidFile.getParent().toString()))
				.ifPresent(ProcessHandle::destroyForcibly);
		}
	}

}
