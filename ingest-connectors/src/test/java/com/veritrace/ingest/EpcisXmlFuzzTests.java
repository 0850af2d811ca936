package com.veritrace.ingest;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the EPCIS XML reader as the ingest pipeline runs it: parse and validate a
 * capture body, then hash every event it yields. Property: the only exception is the
 * documented {@link InvalidEventException}; no input takes longer than the timeout;
 * allocation stays within {@link FuzzBudget}. Seeds: XML documents of the CBV hash
 * vectors (the reference implementation's and GS1's,
 * {@code EpcisXmlFuzzTestsInputs/parseAndHash}); a crash found by fuzzing goes in the
 * same folder and is replayed by every build. See docs/FUZZING.md.
 */
class EpcisXmlFuzzTests {

	private static final EpcisDocumentParser PARSER = new EpcisDocumentParser();

	private static final EventHasher HASHER = new EventHasher();

	static {
		FuzzBudget.warmUp(EpcisXmlFuzzTests.class, "parseAndHash", EpcisXmlFuzzTests::run);
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
			for (EpcisEvent event : PARSER.parseXml(input).events()) {
				HASHER.hash(event);
			}
		}
		catch (InvalidEventException ex) {
			// documented: the input is not valid EPCIS 1.2/2.0 XML
		}
	}

}
