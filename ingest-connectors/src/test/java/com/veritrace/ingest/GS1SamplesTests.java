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

/**
 * GS1's own EPCIS 2.0 example documents ({@code src/test/resources/samples}, full and
 * simple context): real input written by someone else. Every one must parse, validate and
 * hash.
 */
class GS1SamplesTests {

	private final EpcisDocumentParser parser = new EpcisDocumentParser();

	private final EventHasher hasher = new EventHasher();

	static Stream<Path> samples() {
		Path root = TestData.path("samples");
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
	 * Samples that look non-conformant but are accepted, with what the parser makes of
	 * them:
	 * <ul>
	 * <li>{@code AssociationEvent-h} (both forms) has two {@code eventID} members in one
	 * event. eventID is outside the CBV 2.0 hash, so a repeat cannot make the hash
	 * ambiguous: the last value wins (repeats of hashed members are still refused).</li>
	 * <li>the simple-context {@code SensorDataExample12} lacks {@code schemaVersion} and
	 * {@code creationDate}, and {@code SensorDataExample17} gives {@code schemaVersion}
	 * as the number 2.0: both are document header members, not part of any event's hash,
	 * so they are optional and a numeric 2.x is accepted.</li>
	 * </ul>
	 */
	private static final Map<String, String> LAST_EVENT_ID = Map.of(
			"epcis-gs1/AssociationEvent/AssociationEvent-h.jsonld", "urn:uuid:fd338495-0e6d-41dd-afee-a862ecd32518",
			"epcis-gs1-simple-context/AssociationEvent/AssociationEvent-h.jsonld",
			"urn:uuid:fd338495-0e6d-41dd-afee-a862ecd32518");

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void everySampleParsesValidatesAndHashes(Path sample) throws IOException {
		String name = TestData.path("samples").relativize(sample).toString().replace('\\', '/');
		EpcisDocument document = this.parser.parse(Files.readAllBytes(sample));
		assertThat(document.events()).isNotEmpty();
		if (LAST_EVENT_ID.containsKey(name)) {
			assertThat(document.events().get(0).eventId()).isEqualTo(LAST_EVENT_ID.get(name));
		}
		for (EpcisEvent event : document.events()) {
			assertThat(this.hasher.hash(event).ni()).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
		}
	}

}
