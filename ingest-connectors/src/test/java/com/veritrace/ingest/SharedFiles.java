package com.veritrace.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code shared/} (design docs, conformance vectors, samples) by walking up from the working directory; Maven
 * runs tests in the module directory and {@code shared} sits beside the project root. Missing files fail the build.
 */
final class SharedFiles {

	private SharedFiles() {
	}

	static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("shared");
			if (Files.isDirectory(candidate.resolve("conformance"))) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new AssertionError("no shared/ folder with conformance/ above " + Path.of("").toAbsolutePath()
				+ ": the test vectors are required, not optional");
	}

	static Path path(String relative) {
		Path p = root().resolve(relative);
		if (!Files.exists(p)) {
			throw new AssertionError("missing shared file " + p);
		}
		return p;
	}

	static String read(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
