package com.veritrace.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the public conformance vectors and GS1 sample documents copied into this module's
 * test resources ({@code src/test/resources}, see its README.md for sources and
 * licences). Maven runs tests in the module directory. Missing files fail the build.
 */
final class TestData {

	private static final Path ROOT = Path.of("src", "test", "resources");

	private TestData() {
	}

	static Path path(String relative) {
		Path p = ROOT.resolve(relative);
		if (!Files.exists(p)) {
			throw new AssertionError("missing test data file " + p.toAbsolutePath());
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
