package com.veritrace.inspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What every fuzz test of this module holds its target to besides "no undocumented
 * exception": inputs are capped, and a reader may allocate only a bounded multiple of its
 * input. Allocation is counted per thread by the JVM
 * ({@code com.sun.management.ThreadMXBean}), garbage included, so the bound is
 * deterministic and does not depend on GC timing or on how loaded the machine is. Class
 * loading and static initialisation count too: a fuzz test warms its target up (seeds run
 * once in its static initialiser) before the first measured input, and the fixed part of
 * the budget covers classes a rare path loads later. See docs/FUZZING.md.
 */
final class FuzzBudget {

	/**
	 * Largest input a fuzz test passes on; libFuzzer generates at most its largest seed
	 * (or 4 KiB) unless told otherwise.
	 */
	public static final int MAX_INPUT = 64 * 1024;

	private static final com.sun.management.ThreadMXBean THREADS = threads();

	private FuzzBudget() {
	}

	private static com.sun.management.ThreadMXBean threads() {
		if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
				|| !threads.isThreadAllocatedMemorySupported()) {
			throw new IllegalStateException(
					"this JVM cannot count allocated bytes per thread: fuzz tests need HotSpot");
		}
		threads.setThreadAllocatedMemoryEnabled(true);
		return threads;
	}

	/** Bytes the current thread has allocated so far. */
	public static long allocated() {
		return THREADS.getCurrentThreadAllocatedBytes();
	}

	/**
	 * Fails when the current thread allocated more than
	 * {@code fixed + perInputByte * inputLength} bytes since {@code before} (from
	 * {@link #allocated()}).
	 */
	public static void assertAllocationBounded(long before, int inputLength, long fixed, long perInputByte) {
		long used = allocated() - before;
		long limit = fixed + perInputByte * inputLength;
		if (System.getProperty("fuzz.calibrate") != null) {
			System.out.printf("fuzz-calibrate len=%d allocated=%d ratio=%.1f%n", inputLength, used,
					(double) used / Math.max(1, inputLength));
		}
		if (used > limit) {
			throw new AssertionError("a " + inputLength + "-byte input made the reader allocate " + used
					+ " bytes; the budget is " + limit + " (" + fixed + " + " + perInputByte + " per input byte)");
		}
	}

	/**
	 * Runs a fuzz test's target once on each of its committed seeds
	 * ({@code <Class>Inputs/<method>/} next to the class on the test class path;
	 * libFuzzer's findings there, {@code crash-*}, {@code timeout-*}, ..., are left to
	 * the replay), so that class loading and static initialisation are not charged to the
	 * first measured input. A seed that fails here fails again, with its name, when it is
	 * replayed. There must be seeds.
	 */
	static void warmUp(Class<?> fuzzTests, String method, Consumer<byte[]> target) {
		URL url = fuzzTests.getResource(fuzzTests.getSimpleName() + "Inputs/" + method);
		if (url == null) {
			throw new IllegalStateException("no inputs folder " + fuzzTests.getSimpleName() + "Inputs/" + method);
		}
		List<Path> seeds;
		try (Stream<Path> files = Files.walk(Path.of(url.toURI()))) {
			seeds = files.filter(Files::isRegularFile)
				.filter(f -> !isFinding(f.getFileName().toString()))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		if (seeds.isEmpty()) {
			throw new IllegalStateException("no seeds in " + url);
		}
		for (Path seed : seeds) {
			try {
				target.accept(read(seed));
			}
			catch (RuntimeException | AssertionError ex) {
				// reported by the replay of this seed
			}
		}
	}

	private static boolean isFinding(String name) {
		return Stream.of("crash-", "timeout-", "oom-", "slow-unit-", "leak-").anyMatch(name::startsWith);
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
