package com.veritrace.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GS1's own EPCIS 2.0 example documents ({@code shared/samples}, full and simple context): real input written by
 * someone else. Every one must parse, validate and hash.
 */
class GS1SamplesTests {

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	static Stream<Path> samples() {
		Path root = SharedFiles.path("samples");
		try (Stream<Path> files = Files.walk(root)) {
			List<Path> list = files.filter(p -> p.toString().endsWith(".jsonld")).sorted().toList();
			assertThat(list).as("sample documents").hasSize(93);
			return list.stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Samples that break the standard, with the violation we report. The README calls them all valid; they are not:
	 * <ul>
	 * <li>{@code AssociationEvent-h} (both forms) has two {@code eventID} members with different values in one event.
	 * JSON only says names SHOULD be unique, and parsers then disagree about which value wins; for data that is hashed
	 * and anchored we refuse duplicate names so every party reads the same event.</li>
	 * <li>the simple-context {@code SensorDataExample12} lacks {@code schemaVersion} and {@code creationDate}, and
	 * {@code SensorDataExample17} gives {@code schemaVersion} as the number 2.0: EPCIS 2.0 requires both members on an
	 * EPCISDocument, schemaVersion as a string (their full-context twins are correct and pass).</li>
	 * </ul>
	 */
	private static final Map<String, List<Violation>> NON_CONFORMANT = Map.of(
			"epcis-gs1/AssociationEvent/AssociationEvent-h.jsonld",
			List.of(new Violation("", "malformed JSON: Duplicate Object property \"eventID\"")),
			"epcis-gs1-simple-context/AssociationEvent/AssociationEvent-h.jsonld",
			List.of(new Violation("", "malformed JSON: Duplicate Object property \"eventID\"")),
			"epcis-gs1-simple-context/WithSensorData/SensorDataExample12.jsonld",
			List.of(new Violation("/schemaVersion", "schemaVersion must be a string \"2.0\" (EPCIS 2.x)"),
					new Violation("/creationDate", "required creationDate is missing")),
			"epcis-gs1-simple-context/WithSensorData/SensorDataExample17.jsonld",
			List.of(new Violation("/schemaVersion", "schemaVersion must be a string \"2.0\" (EPCIS 2.x)")));

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void everySampleParsesValidatesAndHashes(Path sample) throws IOException {
		String name = SharedFiles.path("samples").relativize(sample).toString().replace('\\', '/');
		List<Violation> expected = NON_CONFORMANT.get(name);
		if (expected != null) {
			assertThatThrownBy(() -> this.parser.parse(Files.readAllBytes(sample)))
				.isInstanceOfSatisfying(InvalidEventException.class,
						ex -> assertThat(ex.violations()).containsExactlyElementsOf(expected));
			return;
		}
		EpcisDocument document = this.parser.parse(Files.readAllBytes(sample));
		assertThat(document.events()).isNotEmpty();
		for (EpcisEvent event : document.events()) {
			assertThat(this.hasher.hash(event).ni()).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
		}
	}

}
