package com.veritrace.anchor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verifies an inclusion proof document offline, needing nothing but the document (see
 * {@link ProofDocuments}) whose {@code rootHash} is the root read from the ledger record.
 *
 * <pre>
 * java -cp chain-anchor.jar:&lt;deps&gt; com.veritrace.anchor.ProofVerifierCli proof.json   # or "-" for stdin
 * </pre> Prints {@code VALID} (exit 0) or {@code INVALID <REASON>: <message>} (exit 1);
 * usage and read errors also exit 1.
 */
public final class ProofVerifierCli {

	private ProofVerifierCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.in, System.out, System.err));
	}

	/** The CLI without {@link System#exit}: returns the exit code. */
	public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
		if (args.length != 1) {
			err.println("usage: ProofVerifierCli <proof.json | ->");
			return 1;
		}
		String json;
		try {
			json = "-".equals(args[0]) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
					: Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			out.println("INVALID MALFORMED_INPUT: cannot read " + args[0] + ": " + ex.getMessage());
			return 1;
		}
		VerificationResult result = ProofDocuments.verify(json);
		if (result.valid()) {
			out.println("VALID");
			return 0;
		}
		out.println("INVALID " + result.reason() + ": " + stripReason(result.message()));
		return 1;
	}

	private static String stripReason(String message) {
		int colon = message.indexOf(": ");
		return (colon > 0 && message.substring(0, colon).matches("[A-Z_]+")) ? message.substring(colon + 2) : message;
	}

}
