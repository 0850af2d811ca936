package com.veritrace.anchor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the golden proof vectors through the Java verifier: the library call and the
 * CLI. The same file is replayed by the browser verifier in
 * src/test/js/proof-verify.test.mjs.
 */
class ProofVectorsTests {

	private static final Path VECTORS = Path.of("src/test/resources/proof-vectors.json");

	private final ObjectMapper json = new ObjectMapper();

	@Test
	void committedVectorsAreWhatTheGeneratorProduces() throws IOException {
		assertThat(Files.readString(VECTORS)).as("regenerate with: " + ProofVectorGenerator.COMMAND)
			.isEqualTo(ProofVectorGenerator.render());
	}

	@Test
	void everyVectorGetsItsExpectedVerdict() throws IOException {
		JsonNode cases = this.json.readTree(VECTORS.toFile()).get("cases");
		assertThat(cases.size()).isGreaterThan(40);
		int valid = 0;
		for (JsonNode c : cases) {
			VerificationResult result = ProofDocuments.verify(c.get("proof").toString());
			JsonNode expected = c.get("expected");
			assertThat(result.valid()).as(c.get("name").stringValue() + ": " + result.message())
				.isEqualTo(expected.get("valid").booleanValue());
			if (!result.valid()) {
				assertThat(String.valueOf(result.reason())).as(c.get("name").stringValue() + ": " + result.message())
					.isEqualTo(expected.get("reason").stringValue());
			}
			else {
				valid++;
			}
		}
		assertThat(valid).isGreaterThan(10);
	}

	@Test
	void cliPrintsVerdictAndExitCode(@TempDir Path dir) throws IOException {
		JsonNode cases = this.json.readTree(VECTORS.toFile()).get("cases");
		for (JsonNode c : cases) {
			Path file = dir.resolve("proof.json");
			Files.writeString(file, c.get("proof").toPrettyString());
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int exit = ProofVerifierCli.run(new String[] { file.toString() }, new ByteArrayInputStream(new byte[0]),
					new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
			String printed = out.toString(StandardCharsets.UTF_8);
			if (c.get("expected").get("valid").booleanValue()) {
				assertThat(exit).as(c.get("name").stringValue()).isZero();
				assertThat(printed).isEqualTo("VALID" + System.lineSeparator());
			}
			else {
				assertThat(exit).as(c.get("name").stringValue()).isEqualTo(1);
				assertThat(printed).startsWith("INVALID " + c.get("expected").get("reason").stringValue() + ": ");
			}
		}
	}

	@Test
	void cliReadsStdinAndRejectsUnreadableInput(@TempDir Path dir) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = ProofVerifierCli.run(new String[] { "-" },
				new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
		assertThat(exit).isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INVALID MALFORMED_INPUT: not JSON");
		out.reset();
		assertThat(ProofVerifierCli.run(new String[] { dir.resolve("missing.json").toString() },
				new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8), System.err))
			.isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INVALID MALFORMED_INPUT: cannot read");
		assertThat(ProofVerifierCli.run(new String[0], System.in, System.out,
				new PrintStream(new ByteArrayOutputStream())))
			.isEqualTo(1);
	}

}
