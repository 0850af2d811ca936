package com.veritrace.codes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the public conformance vectors copied into this module's test resources
 * ({@code src/test/resources/conformance}, see its README.md for sources and licences).
 * Maven runs tests in the module directory. Missing vectors fail the test: they are the
 * oracle.
 */
final class ConformanceVectors {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final Path ROOT = Path.of("src", "test", "resources", "conformance");

	private ConformanceVectors() {
	}

	static Path root() {
		if (!Files.isDirectory(ROOT)) {
			throw new IllegalStateException(
					"conformance vectors not found: no " + ROOT + " in " + Path.of("").toAbsolutePath());
		}
		return ROOT;
	}

	static JsonNode read(String relative) {
		Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("conformance vector file missing: " + file.toAbsolutePath());
		}
		try {
			return MAPPER.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
