package com.veritrace.codes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the Digital Link parser: every input (UTF-8) is parsed with
 * {@link DigitalLinkOptions#STRICT}, with {@link DigitalLinkOptions#LENIENT} and with
 * everything permitted (unknown AIs, also as data attributes, and key qualifiers in any
 * order). Property: the only exception is the documented {@link InvalidCodeException}; a
 * link that parses writes a URI that parses back to the same link with the same options,
 * and has an element string; no input takes longer than the timeout; allocation stays
 * within {@link FuzzBudget}. Seeds: cases of GS1's syntax engine
 * ({@code DigitalLinkFuzzTestsInputs/parse}). See docs/FUZZING.md.
 */
class DigitalLinkFuzzTests {

	private static final DigitalLinkOptions PERMISSIVE = new DigitalLinkOptions(true, true, true, false, false, false,
			true, true);

	private static final List<DigitalLinkOptions> OPTIONS = List.of(DigitalLinkOptions.STRICT,
			DigitalLinkOptions.LENIENT, PERMISSIVE);

	static {
		FuzzBudget.warmUp(DigitalLinkFuzzTests.class, "parse", DigitalLinkFuzzTests::run);
	}

	@FuzzTest(maxDuration = "15s")
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void parse(byte[] input) {
		if (input.length > FuzzBudget.MAX_INPUT) {
			return;
		}
		long before = FuzzBudget.allocated();
		run(input);
		FuzzBudget.assertAllocationBounded(before, input.length, 4L << 20, 1024);
	}

	private static void run(byte[] input) {
		String uri = new String(input, StandardCharsets.UTF_8);
		for (DigitalLinkOptions options : OPTIONS) {
			DigitalLink link;
			try {
				link = DigitalLink.parse(uri, options);
			}
			catch (InvalidCodeException ex) {
				continue; // documented
			}
			assertThat(DigitalLink.parse(link.toUri(), options)).as("%s parsed from %s", link, uri).isEqualTo(link);
			assertThat(link.elementString()).startsWith("^" + link.primaryKey().ai());
		}
	}

}
