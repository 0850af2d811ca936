package com.veritrace.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared} (samples, conformance vectors) beside the project root; fails if it is missing. */
public final class SharedFiles {

	private SharedFiles() {
	}

	public static Path resolve(String relative) {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolveSibling("shared").resolve(relative);
			if (Files.exists(candidate)) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("../shared/" + relative + " not found beside the project root (from "
				+ Path.of("").toAbsolutePath() + ")");
	}

	public static String read(String relative) {
		try {
			return Files.readString(resolve(relative));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
