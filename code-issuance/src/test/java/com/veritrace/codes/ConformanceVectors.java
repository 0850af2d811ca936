package com.veritrace.codes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Finds and reads the shared conformance vectors: walks up from the working directory (Maven runs
 * tests in the module directory) to the first directory that has a {@code shared/conformance}
 * sibling or child ({@code /work/main/code-issuance -> /work/main -> /work/shared}). Missing vectors
 * fail the test: they are the oracle.
 */
final class ConformanceVectors {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private ConformanceVectors() {
	}

	static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		for (Path d = dir; d != null; d = d.getParent()) {
			Path candidate = d.resolve("shared").resolve("conformance");
			if (Files.isDirectory(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("conformance vectors not found: no shared/conformance above " + dir
				+ " (expected ../../shared/conformance relative to the module)");
	}

	static JsonNode read(String relative) {
		Path file = root().resolve(relative);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("conformance vector file missing: " + file);
		}
		try {
			return MAPPER.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
