package com.veritrace.anchor.witness;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.SignatureAlgorithm;

/**
 * The witness's options: command-line flags, each also readable from an environment
 * variable ({@code VERITRACE_WITNESS_<FLAG>}, e.g. {@code VERITRACE_WITNESS_LOG}); a flag
 * wins over its variable. {@link #parse} lists every wrong option at once.
 */
public record WitnessOptions(URI log, Path state, List<Path> logKeys, String name, @Nullable URI evmRpc,
		@Nullable String evmContract, @Nullable URI webhook, Duration interval, boolean once,
		SignatureAlgorithm keyAlgorithm, int parallel, boolean help) {

	static final String USAGE = """
			Usage: java -jar veritrace-witness.jar --log <base URL> [options]

			Follows a Veritrace transparency log, verifies each signed tree head (signature, consistency
			with the last verified head, optionally its anchor on your own EVM node), cosigns it with
			this witness's key and posts the cosignature back. Alarms (exit code 2) on a fork, a
			rollback, a bad signature, an untrusted key or an anchor mismatch. docs/TRANSPARENCY.md,
			"Running a witness".

			  --log <url>            the log's base URL (https://veritrace.example)           VERITRACE_WITNESS_LOG
			  --state <dir>          key, last verified head, alarm (default ./witness-state) VERITRACE_WITNESS_STATE
			  --log-key <pem file>   a trusted log public key (X.509 PEM), repeatable; none:  VERITRACE_WITNESS_LOG_KEYS
			                         trust the log's published keys on first use              (comma-separated)
			  --name <name>          this witness's name in logs and alarms                   VERITRACE_WITNESS_NAME
			  --evm-rpc <url>        your own EVM node: check each head's anchor there        VERITRACE_WITNESS_EVM_RPC
			  --evm-contract <addr>  the Anchor contract on that chain (0x...)                VERITRACE_WITNESS_EVM_CONTRACT
			  --webhook <url>        POST each alarm there as JSON (http or https)            VERITRACE_WITNESS_WEBHOOK
			  --interval <duration>  time between passes: 30s, 5m, PT1M (default 30s)         VERITRACE_WITNESS_INTERVAL
			  --once                 one catch-up pass, then exit                             VERITRACE_WITNESS_ONCE=true
			  --key-algorithm <alg>  ED25519 (default) or SM2, for a key generated now        VERITRACE_WITNESS_KEY_ALGORITHM
			  --parallel <n>         heads checked and cosignatures posted at once (1-32, 8)  VERITRACE_WITNESS_PARALLEL
			  --help                 this text

			Exit codes: 0 all heads verified; 1 the log or node could not be reached, or a cosignature
			was refused (--once), or the state is unusable; 2 alarm (the witness refuses to run again
			until <state>/alarm.json is removed); 64 wrong options.
			""";

	private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

	private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	/** Wrong options, each named. */
	public static final class OptionsException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final List<String> problems;

		OptionsException(List<String> problems) {
			super(String.join("; ", problems));
			this.problems = List.copyOf(problems);
		}

		public List<String> problems() {
			return this.problems;
		}

	}

	/** Parses flags, falling back to {@code env}. */
	public static WitnessOptions parse(String[] args, Map<String, String> env) {
		List<String> problems = new ArrayList<>();
		String log = env.get("VERITRACE_WITNESS_LOG");
		String state = env.getOrDefault("VERITRACE_WITNESS_STATE", "witness-state");
		List<String> keys = new ArrayList<>();
		String envKeys = env.get("VERITRACE_WITNESS_LOG_KEYS");
		boolean flagKeys = false;
		String name = env.getOrDefault("VERITRACE_WITNESS_NAME", "veritrace-witness");
		String rpc = env.get("VERITRACE_WITNESS_EVM_RPC");
		String contract = env.get("VERITRACE_WITNESS_EVM_CONTRACT");
		String webhook = env.get("VERITRACE_WITNESS_WEBHOOK");
		String interval = env.getOrDefault("VERITRACE_WITNESS_INTERVAL", "30s");
		boolean once = "true".equalsIgnoreCase(env.get("VERITRACE_WITNESS_ONCE"));
		String algorithm = env.getOrDefault("VERITRACE_WITNESS_KEY_ALGORITHM", "ED25519");
		String parallel = env.getOrDefault("VERITRACE_WITNESS_PARALLEL", "8");
		boolean help = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String flag = arg;
			String value = null;
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 0) {
				flag = arg.substring(0, eq);
				value = arg.substring(eq + 1);
			}
			if (flag.equals("--once") || flag.equals("--help") || flag.equals("-h")) {
				if (flag.equals("--once")) {
					once = true;
				}
				else {
					help = true;
				}
				continue;
			}
			if (value == null) {
				if (i + 1 >= args.length) {
					problems.add(flag + " needs a value");
					continue;
				}
				value = args[++i];
			}
			switch (flag) {
				case "--log" -> log = value;
				case "--state" -> state = value;
				case "--log-key" -> {
					keys.add(value);
					flagKeys = true;
				}
				case "--name" -> name = value;
				case "--evm-rpc" -> rpc = value;
				case "--evm-contract" -> contract = value;
				case "--webhook" -> webhook = value;
				case "--interval" -> interval = value;
				case "--key-algorithm" -> algorithm = value;
				case "--parallel" -> parallel = value;
				default -> problems.add("unknown option " + flag);
			}
		}
		if (!flagKeys && envKeys != null && !envKeys.isBlank()) {
			for (String key : envKeys.split(",")) {
				keys.add(key.strip());
			}
		}
		if (help) {
			return new WitnessOptions(URI.create("http://localhost"), Path.of(state), List.of(), name, null, null, null,
					Duration.ofSeconds(30), once, SignatureAlgorithm.ED25519, 8, true);
		}
		URI logUri = (log == null || log.isBlank()) ? null : url("--log", log, problems);
		if (log == null || log.isBlank()) {
			problems.add("--log is required (the log's base URL)");
		}
		URI rpcUri = (rpc == null || rpc.isBlank()) ? null : url("--evm-rpc", rpc, problems);
		URI webhookUri = (webhook == null || webhook.isBlank()) ? null : url("--webhook", webhook, problems);
		String contractAddress = (contract == null || contract.isBlank()) ? null : contract.strip();
		if (contractAddress != null && !ADDRESS.matcher(contractAddress).matches()) {
			problems.add("--evm-contract must be an address, 0x and 40 hex digits");
		}
		if ((rpcUri == null) != (contractAddress == null)) {
			problems.add("--evm-rpc and --evm-contract go together");
		}
		Duration every = duration(interval, problems);
		SignatureAlgorithm keyAlgorithm = SignatureAlgorithm.ED25519;
		try {
			keyAlgorithm = SignatureAlgorithm.fromName(algorithm);
		}
		catch (IllegalArgumentException ex) {
			problems.add("--key-algorithm: " + ex.getMessage());
		}
		int threads = 8;
		try {
			threads = Integer.parseInt(parallel.strip());
			if (threads < 1 || threads > 32) {
				problems.add("--parallel must be from 1 to 32");
			}
		}
		catch (NumberFormatException ex) {
			problems.add("--parallel is not a whole number");
		}
		if (name.isBlank() || name.length() > 100) {
			problems.add("--name must have 1 to 100 characters");
		}
		if (!problems.isEmpty()) {
			throw new OptionsException(problems);
		}
		return new WitnessOptions(logUri, Path.of(state), keys.stream().map(Path::of).toList(), name, rpcUri,
				contractAddress, webhookUri, every, once, keyAlgorithm, threads, false);
	}

	private static @Nullable URI url(String flag, String value, List<String> problems) {
		try {
			URI uri = new URI(value.strip());
			String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				problems.add(flag + " must be an http or https URL");
				return null;
			}
			if (uri.getHost() == null) {
				problems.add(flag + " has no host");
				return null;
			}
			if (uri.getRawUserInfo() != null) {
				problems.add(flag + " must not carry a user or password (it would show in logs)");
				return null;
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			problems.add(flag + " is not a URL");
			return null;
		}
	}

	private static Duration duration(String value, List<String> problems) {
		String text = value.strip().toLowerCase(Locale.ROOT);
		Matcher m = SHORT_DURATION.matcher(text);
		Duration parsed = null;
		if (m.matches()) {
			long n = Long.parseLong(m.group(1));
			parsed = switch (m.group(2)) {
				case "ms" -> Duration.ofMillis(n);
				case "s" -> Duration.ofSeconds(n);
				case "m" -> Duration.ofMinutes(n);
				default -> Duration.ofHours(n);
			};
		}
		else {
			try {
				parsed = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
			}
			catch (DateTimeParseException ex) {
				problems.add("--interval is not a duration (30s, 5m, 1h, PT30S)");
				return Duration.ofSeconds(30);
			}
		}
		if (parsed.toMillis() < 100) {
			problems.add("--interval must be at least 100ms");
		}
		return parsed;
	}

}
