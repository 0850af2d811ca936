package com.veritrace;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The CONTAINER IMAGE (issue 18 item 2), proved without a container runtime: reads the
 * archive that {@code ./mvnw -Pimage package} wrote ({@code target/veritrace-image.tar}),
 * checks its manifest and configuration (a non-root user, the entry point, port 8080) and
 * that every layer is the one its configuration names, unpacks the layers into a folder
 * and starts the image's entry point in it as a runtime would: chrooted into the unpacked
 * root, in new PID and mount namespaces, as the image's user, with the image's
 * environment and working folder ({@code deploy/image/run-rootfs.sh}; the network is the
 * host's). The service runs on its embedded default until {@code /actuator/health} says
 * UP, answers the API, and stops on SIGTERM.
 *
 * <p>
 * Runs in {@code verify} with the profile {@code image} (which builds the archive first);
 * needs root for the namespaces and the chroot, as CI has.
 */
class ContainerImageIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final String ADMIN_KEY = "image-admin-key-0123456789abcdef0123";

	@TempDir
	Path work;

	@Test
	void theImageIsWellFormedRunsAsItsNonRootUserAndStartsTheService() throws Exception {
		Path archive = Path.of(System.getProperty("veritrace.image.archive", "target/veritrace-image.tar"))
			.toAbsolutePath();
		if (!Files.isRegularFile(archive)) {
			fail("No image archive at " + archive + ": build it with ./mvnw -Pimage -DskipTests package"
					+ " (README 'Production')");
		}
		Path unpacked = Files.createDirectories(this.work.resolve("archive"));
		run(List.of("tar", "-xf", archive.toString(), "-C", unpacked.toString()));

		JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile());
		assertThat(manifest.size()).as("one image in the archive").isEqualTo(1);
		JsonNode image = manifest.get(0);
		assertThat(image.get("RepoTags").get(0).asString()).startsWith("veritrace/trace-service:");
		JsonNode config = JSON.readTree(unpacked.resolve(image.get("Config").asString()).toFile());
		assertThat(config.get("os").asString()).isEqualTo("linux");
		JsonNode container = config.get("config");

		// non-root, numerically (no name to look up), port 8080, the service's entry
		// point with its JVM flags
		String user = container.get("User").asString();
		assertThat(user).isEqualTo("65532:65532");
		assertThat(container.get("ExposedPorts").has("8080/tcp")).isTrue();
		List<String> entrypoint = strings(container.get("Entrypoint"));
		assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
		assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError",
				"-Djava.io.tmpdir=/tmp", "-cp", "@/app/jib-classpath-file");
		assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(VeritraceApplication.class.getName());
		String workdir = container.get("WorkingDir").asString();
		assertThat(workdir).isEqualTo("/var/lib/veritrace");
		List<String> environment = strings(container.get("Env"));
		assertThat(environment).contains("JAVA_HOME=/opt/java").anyMatch(e -> e.startsWith("PATH=/opt/java/bin:"));

		// every layer listed, in order, is the one the configuration names (its
		// uncompressed SHA-256)
		List<String> layers = strings(image.get("Layers"));
		List<String> diffIds = strings(config.get("rootfs").get("diff_ids"));
		assertThat(layers).hasSameSizeAs(diffIds).hasSizeGreaterThanOrEqualTo(3);
		Path rootfs = Files.createDirectories(this.work.resolve("rootfs"));
		for (int i = 0; i < layers.size(); i++) {
			Path layer = unpacked.resolve(layers.get(i));
			assertThat(diffId(layer)).as("layer %s", layers.get(i)).isEqualTo(diffIds.get(i));
			run(List.of("tar", "-xpf", layer.toString(), "--numeric-owner", "--warning=no-unknown-keyword", "-C",
					rootfs.toString()));
		}

		// the root file system: a writable /tmp for everyone, the working folder the
		// user's own
		assertThat(Files.getAttribute(rootfs.resolve("tmp"), "unix:mode")).isEqualTo(01777 | 0040000);
		assertThat(Files.getAttribute(rootfs.resolve(workdir.substring(1)), "unix:uid")).isEqualTo(65532);
		assertThat(rootfs.resolve("app/jib-classpath-file")).isRegularFile();
		assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
		// the same libraries as the boot jar: the optional JD Chain SDK and its fastjson
		// stay out
		assertThat(Files.readString(rootfs.resolve("app/jib-classpath-file"))).contains("/app/libs/h2-")
			.doesNotContain("fastjson")
			.doesNotContain("sdk-client");

		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of(Path.of("../deploy/image/run-rootfs.sh").toString(), rootfs.toString(), user, workdir));
		command.addAll(entrypoint);
		command.addAll(List.of("--server.port=" + port, "--veritrace.bootstrap.admin-key=" + ADMIN_KEY));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolve("service.log").toFile());
		builder.environment().clear();
		for (String variable : environment) {
			int equals = variable.indexOf('=');
			builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
		}
		Process service = builder.start();
		try {
			JsonNode health = awaitHealthUp(service, port, Duration.ofMinutes(6));
			assertThat(health.get("status").asString()).isEqualTo("UP");

			// the JVM runs as the image's user, and the embedded default writes its data
			// in the working folder
			ProcessHandle java = service.descendants()
				.filter(p -> p.info().command().orElse("").endsWith("/opt/java/bin/java"))
				.findFirst()
				.orElseThrow();
			assertThat(Files.readAllLines(Path.of("/proc/" + java.pid() + "/status")))
				.anyMatch(line -> line.matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532"));
			assertThat(rootfs.resolve(workdir.substring(1)).resolve("data")).isDirectory();
			HttpResponse<String> me = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/organisations/me"))
					.header("Authorization", "Bearer " + ADMIN_KEY)
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(me.statusCode()).isEqualTo(200);
		}
		finally {
			// SIGTERM to the launcher: the service (PID 1 of its namespace) gets SIGTERM
			// and shuts down
			service.destroy();
			if (!service.waitFor(60, TimeUnit.SECONDS)) {
				service.descendants().forEach(ProcessHandle::destroyForcibly);
				service.destroyForcibly();
			}
		}
		assertThat(service.descendants().count()).isZero();
		assertThat(Files.readString(this.work.resolve("service.log"))).contains("Started VeritraceApplication");
	}

	static JsonNode awaitHealthUp(Process service, int port, Duration limit) throws Exception {
		Instant deadline = Instant.now().plus(limit);
		while (Instant.now().isBefore(deadline)) {
			assertThat(service.isAlive()).as("the service stopped before it was up").isTrue();
			try {
				HttpResponse<String> response = HTTP
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
						.timeout(Duration.ofSeconds(5))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return JSON.readTree(response.body());
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new AssertionError("the service was not UP within " + limit);
	}

	static String diffId(Path layer) throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		try (InputStream in = new GZIPInputStream(Files.newInputStream(layer), 1 << 16)) {
			byte[] buffer = new byte[1 << 16];
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				sha256.update(buffer, 0, n);
			}
		}
		return "sha256:" + HexFormat.of().formatHex(sha256.digest());
	}

	static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(value -> values.add(value.asString()));
		return values;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
	}

}
