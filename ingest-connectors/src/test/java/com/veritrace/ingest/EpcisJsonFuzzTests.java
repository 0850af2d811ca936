package com.veritrace.ingest;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the EPCIS JSON-LD reader as the ingest pipeline runs it: parse and validate a
 * capture body, then hash every event it yields. Property: the only exception is the
 * documented {@link InvalidEventException}; no input takes longer than the timeout;
 * allocation stays within {@link FuzzBudget}. Seeds: GS1's sample documents
 * ({@code EpcisJsonFuzzTestsInputs/parseAndHash}); a crash found by fuzzing goes in the
 * same folder and is replayed by every build. See docs/FUZZING.md.
 */
class EpcisJsonFuzzTests {

	private static final EpcisDocumentParser PARSER = new EpcisDocumentParser();

	private static final EventHasher HASHER = new EventHasher();

	static {
		FuzzBudget.warmUp(EpcisJsonFuzzTests.class, "parseAndHash", EpcisJsonFuzzTests::run);
	}

	@FuzzTest(maxDuration = "20s")
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void parseAndHash(byte[] input) {
		if (input.length > FuzzBudget.MAX_INPUT) {
			return;
		}
		long before = FuzzBudget.allocated();
		run(input);
		FuzzBudget.assertAllocationBounded(before, input.length, 16L << 20, 1024);
	}

	private static void run(byte[] input) {
		try {
			for (EpcisEvent event : PARSER.parse(input).events()) {
				HASHER.hash(event);
			}
		}
		catch (InvalidEventException ex) {
			// documented: the input is not valid EPCIS 2.0 JSON-LD
		}
	}

}
