package com.veritrace.anchor.witness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The command line: options from flags and the environment, every wrong one named, exit
 * codes, the key printed at first start and never the private key, and a standing alarm
 * that keeps the witness from running.
 */
class WitnessMainTests {

	@TempDir
	Path dir;

	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	final ByteArrayOutputStream err = new ByteArrayOutputStream();

	int run(Map<String, String> env, String... args) {
		return WitnessMain.run(args, env, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void flagsWinOverTheEnvironmentWhichFillsTheRest() {
		WitnessOptions options = WitnessOptions.parse(
				new String[] { "--log", "https://log.example/", "--interval=5m", "--log-key", "a.pem", "--log-key",
						"b.pem", "--once" },
				Map.of("VERITRACE_WITNESS_LOG", "https://ignored.example", "VERITRACE_WITNESS_NAME", "Regulator X",
						"VERITRACE_WITNESS_LOG_KEYS", "c.pem", "VERITRACE_WITNESS_EVM_RPC", "http://127.0.0.1:8545",
						"VERITRACE_WITNESS_EVM_CONTRACT", "0x5FbDB2315678afecb367f032d93F642f64180aa3"));

		assertThat(options.log()).hasToString("https://log.example/");
		assertThat(options.name()).isEqualTo("Regulator X");
		assertThat(options.interval()).isEqualTo(Duration.ofMinutes(5));
		assertThat(options.logKeys()).containsExactly(Path.of("a.pem"), Path.of("b.pem"));
		assertThat(options.once()).isTrue();
		assertThat(options.evmContract()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
		assertThat(options.keyAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
		assertThat(
				WitnessOptions.parse(new String[] { "--log", "http://x", "--interval", "PT1M" }, Map.of()).interval())
			.isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void everyWrongOptionIsNamedAndExitsWith64() {
		assertThatExceptionOfType(WitnessOptions.OptionsException.class)
			.isThrownBy(() -> WitnessOptions.parse(new String[] { "--webhook", "file:///etc/passwd", "--evm-contract",
					"0x12", "--interval", "soon", "--frobnicate", "x", "--key-algorithm", "RSA" }, Map.of()))
			.satisfies((ex) -> assertThat(ex.problems()).containsExactlyInAnyOrder("unknown option --frobnicate",
					"--log is required (the log's base URL)", "--webhook must be an http or https URL",
					"--evm-contract must be an address, 0x and 40 hex digits",
					"--evm-rpc and --evm-contract go together", "--interval is not a duration (30s, 5m, 1h, PT30S)",
					"--key-algorithm: Unknown signature algorithm 'RSA' (supported: ED25519, SM2)"));
		assertThatExceptionOfType(WitnessOptions.OptionsException.class)
			.isThrownBy(
					() -> WitnessOptions.parse(new String[] { "--log", "https://user:secret@log.example" }, Map.of()))
			.satisfies((ex) -> assertThat(ex.problems())
				.containsExactly("--log must not carry a user or password (it would show in logs)"));

		assertThat(run(Map.of(), "--log")).isEqualTo(64);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--log needs a value").contains("--help");
	}

	@Test
	void helpListsTheOptionsAndExitCodes() {
		assertThat(run(Map.of(), "--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("--evm-contract")
			.contains("VERITRACE_WITNESS_LOG")
			.contains("Exit codes");
	}

	@Test
	void theFirstStartPrintsThePublicKeyAndAnUnreachableLogExitsWith1() throws Exception {
		Path state = this.dir.resolve("state");

		int code = run(Map.of(), "--log", "http://127.0.0.1:1", "--state", state.toString(), "--once");

		assertThat(code).isEqualTo(1);
		String printed = this.out.toString(StandardCharsets.UTF_8);
		String publicPem = Files.readString(state.resolve(WitnessState.PUBLIC_FILE));
		assertThat(printed).contains(publicPem)
			.contains(Witness.keyId(SigningKeys.publicKey(publicPem).key()))
			.doesNotContain("PRIVATE KEY");
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("not reachable").doesNotContain("PRIVATE KEY");
		assertThat(Files.readString(state.resolve(WitnessState.KEY_FILE))).contains("PRIVATE KEY");
		// a second start keeps the key and prints no PEM
		this.out.reset();
		run(Map.of("VERITRACE_WITNESS_LOG", "http://127.0.0.1:1", "VERITRACE_WITNESS_ONCE", "true"), "--state",
				state.toString());
		assertThat(this.out.toString(StandardCharsets.UTF_8)).doesNotContain("BEGIN PUBLIC KEY");
	}

	@Test
	void aStandingAlarmKeepsTheWitnessFromRunning() throws Exception {
		Path state = this.dir.resolve("state");
		WitnessState.open(state).raise("{\"alarm\":\"FORK\"}");

		assertThat(run(Map.of(), "--log", "http://127.0.0.1:1", "--state", state.toString(), "--once")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("an earlier alarm stands")
			.contains("\"alarm\":\"FORK\"");
		assertThat(Files.exists(state.resolve(WitnessState.KEY_FILE))).as("nothing done").isFalse();
	}

	@Test
	void anUnreadableLogKeyFileIsAWrongOption() {
		assertThat(run(Map.of(), "--log", "http://127.0.0.1:1", "--state", this.dir.resolve("s").toString(),
				"--log-key", this.dir.resolve("missing.pem").toString(), "--once"))
			.isEqualTo(64);
		assertThat(List.of(this.err.toString(StandardCharsets.UTF_8).split("\n")))
			.anySatisfy((line) -> assertThat(line).contains("--log-key").contains("missing.pem"));
	}

}
