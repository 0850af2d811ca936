package com.veritrace.anchor.witness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.SigningKeys;

/**
 * {@code java -jar veritrace-witness.jar --log <url> ...} (see {@link WitnessOptions} and
 * docs/TRANSPARENCY.md, "Running a witness"). Exit codes: 0 every head verified; 1 the
 * log or node could not be reached, a cosignature was refused ({@code --once}), or the
 * state is unusable; 2 alarm; 64 wrong options. Never prints the private key.
 */
public final class WitnessMain {

	static final int OK = 0;

	static final int UNAVAILABLE = 1;

	static final int ALARM = 2;

	static final int USAGE = 64;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WitnessMain() {
	}

	public static void main(String[] args) {
		// web3j logs through SLF4J, which this jar does not bind: no "no provider" notice
		System.setProperty("slf4j.internal.verbosity", "ERROR");
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	/**
	 * Runs the witness (until an alarm, or one pass with {@code --once}) and returns its
	 * exit code; progress goes to {@code out}, warnings and alarms to {@code err}.
	 */
	public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
		WitnessOptions options;
		try {
			options = WitnessOptions.parse(args, env);
		}
		catch (WitnessOptions.OptionsException ex) {
			ex.problems().forEach((p) -> err.println("veritrace-witness: " + p));
			err.println("veritrace-witness: --help lists the options");
			return USAGE;
		}
		if (options.help()) {
			out.print(WitnessOptions.USAGE);
			return OK;
		}
		Output log = new Output(out, err);
		WitnessState state;
		WitnessState.Key key;
		List<SigningKeys.PublicKey> pinned = new ArrayList<>();
		try {
			state = WitnessState.open(options.state());
			Optional<String> raised = state.alarm();
			if (raised.isPresent()) {
				log.error("refusing to run: an earlier alarm stands (" + state.dir().resolve(WitnessState.ALARM_FILE)
						+ "): " + raised.get().replaceAll("\\s+", " "));
				log.error("investigate, then remove that file to let the witness run again");
				return ALARM;
			}
			for (Path file : options.logKeys()) {
				try {
					pinned.add(SigningKeys.publicKey(Files.readString(file, StandardCharsets.US_ASCII)));
				}
				catch (IOException | IllegalArgumentException ex) {
					err.println("veritrace-witness: --log-key " + file + ": " + ex.getMessage());
					return USAGE;
				}
			}
			key = state.key(options.keyAlgorithm(), new SecureRandom());
		}
		catch (UncheckedIOException | IllegalArgumentException ex) {
			log.error("the state folder " + options.state() + " is not usable: " + ex.getMessage());
			return UNAVAILABLE;
		}
		String keyId = Witness.keyId(key.signer().publicKey());
		if (key.generated()) {
			out.println("Generated this witness's key in " + state.dir().resolve(WitnessState.KEY_FILE)
					+ " (keep it secret; back it up).");
			out.println("Give the log's operator this public key (also in "
					+ state.dir().resolve(WitnessState.PUBLIC_FILE) + "), keyId " + keyId + ":");
			out.print(SigningKeys.publicPem(key.signer().algorithm(), key.signer().publicKey()));
		}
		log.info("witness '" + options.name() + "' (key " + keyId + ", " + key.signer().algorithm() + ") following "
				+ options.log()
				+ (pinned.isEmpty() ? ", log keys trusted on first use" : ", " + pinned.size() + " pinned log key(s)")
				+ (options.evmRpc() == null ? ", no anchor check" : ", anchors checked on "
						+ EvmAnchorCheck.withoutUserInfo(options.evmRpc()) + " contract " + options.evmContract()));
		EvmAnchorCheck anchors = (options.evmRpc() == null) ? null
				: new EvmAnchorCheck(options.evmRpc(), options.evmContract());
		Witness witness = new Witness(new HttpLogEndpoint(options.log()), options.log().toString(), pinned, anchors,
				key.signer(), state, Clock.systemUTC(), log::info, options.parallel());
		try {
			while (true) {
				try {
					Witness.Pass pass = witness.catchUp();
					log.info("verified and cosigned " + pass.verified() + " new head(s); last verified size "
							+ pass.treeSize() + (pass.waiting() ? "; the next waits for its anchor" : "")
							+ (pass.refused() > 0 ? "; the log refused " + pass.refused() + " cosignature(s)" : ""));
					if (options.once()) {
						return (pass.refused() > 0) ? UNAVAILABLE : OK;
					}
				}
				catch (WitnessAlarm alarm) {
					return alarm(alarm, options, keyId, state, log);
				}
				catch (UnavailableException ex) {
					log.warn(ex.getMessage() + (options.once() ? "" : "; trying again in " + options.interval()));
					if (options.once()) {
						return UNAVAILABLE;
					}
				}
				catch (IllegalStateException | UncheckedIOException ex) {
					log.error(ex.getMessage());
					return UNAVAILABLE;
				}
				catch (RuntimeException ex) {
					// not evidence against the log: an answer this witness could not use
					log.warn("pass failed: " + ex + (options.once() ? "" : "; trying again in " + options.interval()));
					if (options.once()) {
						return UNAVAILABLE;
					}
				}
				try {
					Thread.sleep(options.interval().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return OK;
				}
			}
		}
		finally {
			if (anchors != null) {
				anchors.close();
			}
		}
	}

	private static int alarm(WitnessAlarm alarm, WitnessOptions options, String keyId, WitnessState state, Output log) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("alarm", alarm.kind().name());
		body.put("treeSize", alarm.treeSize());
		body.put("detail", alarm.detail());
		body.put("log", options.log().toString());
		body.put("witness", options.name());
		body.put("witnessKeyId", keyId);
		WitnessState.@Nullable Verified last = null;
		try {
			last = state.load(options.log().toString()).last();
		}
		catch (RuntimeException ex) {
			// the alarm matters more than the state's details
		}
		if (last != null) {
			body.put("lastVerified", Map.of("treeSize", last.treeSize(), "rootHash",
					HexFormat.of().formatHex(last.rootHash()), "verifiedAt", last.verifiedAt().toString()));
		}
		body.put("time", Instant.now().toString());
		String json = JSON.writeValueAsString(body);
		log.error("ALARM " + alarm.kind() + " at tree size " + alarm.treeSize() + ": " + alarm.detail());
		try {
			state.raise(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
		}
		catch (UncheckedIOException ex) {
			log.error("could not record the alarm in the state folder: " + ex.getMessage());
		}
		if (options.webhook() != null) {
			Webhook webhook = new Webhook(options.webhook());
			log.error("alarm webhook " + webhook.display() + ": " + webhook.post(json));
		}
		log.error("stopped: no further cosignature until " + state.dir().resolve(WitnessState.ALARM_FILE)
				+ " is removed");
		return ALARM;
	}

	/** Timestamped lines: progress to standard output, problems to standard error. */
	private record Output(PrintStream out, PrintStream err) {

		void info(String message) {
			this.out.println(Instant.now() + " INFO  " + message);
		}

		void warn(String message) {
			this.err.println(Instant.now() + " WARN  " + message);
		}

		void error(String message) {
			this.err.println(Instant.now() + " ERROR " + message);
		}

	}

}
