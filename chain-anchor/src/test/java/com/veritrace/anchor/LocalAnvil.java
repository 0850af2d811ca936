package com.veritrace.anchor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The anvil node of deploy/evm/start-anvil.sh on 127.0.0.1:8545. Started through that
 * script if nothing answers; {@link #close()} stops it again only if this class started
 * it. Failing to start is an error, never a skip.
 */
final class LocalAnvil implements AutoCloseable {

	static final URI RPC = URI.create("http://127.0.0.1:8545");

	static final long CHAIN_ID = 31337;

	/** anvil's first default dev account (publicly known key, test only). */
	static final String DEV_PRIVATE_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

	/** anvil's second default dev account. */
	static final String OTHER_DEV_PRIVATE_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

	private final Path deployDir;

	private final boolean startedHere;

	private boolean stopped;

	private LocalAnvil(Path deployDir, boolean startedHere) {
		this.deployDir = deployDir;
		this.startedHere = startedHere;
	}

	static LocalAnvil ensureRunning() throws IOException, InterruptedException {
		Path deployDir = findDeployDir();
		if (answers()) {
			return new LocalAnvil(deployDir, false);
		}
		run(deployDir.resolve("start-anvil.sh"), 180);
		if (!answers()) {
			throw new IllegalStateException("start-anvil.sh finished but nothing answers on " + RPC);
		}
		LocalAnvil anvil = new LocalAnvil(deployDir, true);
		// also stop it when the test JVM is terminated before @AfterAll runs
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				anvil.close();
			}
			catch (IOException | InterruptedException | RuntimeException ex) {
				// best effort at shutdown
			}
		}, "stop-anvil"));
		return anvil;
	}

	@Override
	public synchronized void close() throws IOException, InterruptedException {
		if (this.startedHere && !this.stopped) {
			this.stopped = true;
			run(this.deployDir.resolve("stop-anvil.sh"), 30);
		}
	}

	static boolean answers() {
		try {
			HttpRequest request = HttpRequest.newBuilder(RPC)
				.timeout(Duration.ofSeconds(1))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
				.build();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"result\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void run(Path script, int timeoutSeconds) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
		process.getOutputStream().close();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(script + " did not finish in " + timeoutSeconds + " s");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "):\n" + output);
		}
	}

	private static Path findDeployDir() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("deploy/evm");
			if (Files.isRegularFile(candidate.resolve("start-anvil.sh"))) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("deploy/evm/start-anvil.sh not found above " + Path.of("").toAbsolutePath());
	}

}
